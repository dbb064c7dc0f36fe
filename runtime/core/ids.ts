import { randomBytes, randomUUID } from 'node:crypto';

export const newKeyId = (): string => randomUUID();
export const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** AWS access key ids are 20 upper-case alphanumerics; AKIA = long-term, ASIA = temporary. */
export function newAccessKeyId(prefix: 'AKIA' | 'ASIA'): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = randomBytes(16);
  let id = prefix;
  for (let i = 0; i < 16; i++) id += alphabet[bytes[i] % alphabet.length];
  return id;
}

export const newSecretAccessKey = (): string => randomBytes(30).toString('base64').replace(/[+/=]/g, 'x').slice(0, 40);
