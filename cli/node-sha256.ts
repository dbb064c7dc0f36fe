import { createHash, createHmac } from 'node:crypto';

/** The SHA-256 that @smithy/signature-v4 signs with, over node:crypto (HMAC when given a secret). */
export class Sha256 {
  private readonly h;
  constructor(secret?: string | Uint8Array) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', secret as string);
  }
  update(data: string | Uint8Array) {
    this.h.update(data);
  }
  async digest() {
    return this.h.digest();
  }
}
