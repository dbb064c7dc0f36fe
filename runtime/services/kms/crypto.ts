import {
  constants,
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  privateDecrypt,
  privateEncrypt,
  publicDecrypt,
  publicEncrypt,
  randomBytes,
  sign as nodeSign,
  verify as nodeVerify,
  type KeyObject,
} from 'node:crypto';
import { kmsErrors } from './errors';
import { KEY_ID } from './key-resolution';
import type { KeyMaterial, KmsKey } from './model';

/**
 * The runtime's ciphertext format for symmetric keys. AWS documents the blob only as opaque with an
 * authenticated header naming the backing key; ours is:
 *
 *   0x01 | len(keyId) | keyId (ASCII) | material index (uint32 BE) | IV (12) | GCM tag (16) | ciphertext
 *
 * The header (everything before the IV) and the canonical encryption context are the GCM additional
 * authenticated data, so changing any byte, or the context, fails authentication. The material index
 * lets ciphertexts from before a rotation still decrypt.
 */
const FORMAT_VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type EncryptionContext = Record<string, string>;

/**
 * Unambiguous byte encoding of an encryption context: pairs sorted by key, every string length-prefixed,
 * so `{a: "b:c"}` and `{"a:b": "c"}` can never collide, and pair order is irrelevant (as in KMS).
 */
function canonicalContext(context: EncryptionContext | undefined): Buffer {
  const entries = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const parts: Buffer[] = [u32(entries.length)];
  for (const [k, v] of entries) {
    const [kb, vb] = [Buffer.from(k, 'utf8'), Buffer.from(v, 'utf8')];
    parts.push(u32(kb.length), kb, u32(vb.length), vb);
  }
  return Buffer.concat(parts);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

export interface ParsedCiphertext {
  keyId: string;
  materialIndex: number;
  header: Buffer;
  iv: Buffer;
  tag: Buffer;
  body: Buffer;
}

export function parseCiphertext(blob: Uint8Array): ParsedCiphertext {
  const buf = Buffer.from(blob);
  const idLen = buf[1];
  const headerLen = 2 + idLen + 4;
  if (buf.length < headerLen + IV_BYTES + TAG_BYTES || buf[0] !== FORMAT_VERSION || idLen === 0) throw kmsErrors.invalidCiphertext();
  const header = buf.subarray(0, headerLen);
  const keyId = header.subarray(2, 2 + idLen).toString('ascii');
  // A damaged header must read as damaged ciphertext, not as a reference to a key that does not exist
  // (which KMS answers with AccessDeniedException): this runtime never writes anything but a key id here.
  if (!KEY_ID.test(keyId)) throw kmsErrors.invalidCiphertext();
  return {
    keyId,
    materialIndex: header.readUInt32BE(2 + idLen),
    header,
    iv: buf.subarray(headerLen, headerLen + IV_BYTES),
    tag: buf.subarray(headerLen + IV_BYTES, headerLen + IV_BYTES + TAG_BYTES),
    body: buf.subarray(headerLen + IV_BYTES + TAG_BYTES),
  };
}

export function encryptSymmetric(key: KmsKey, plaintext: Uint8Array, context: EncryptionContext | undefined): { blob: Buffer; material: KeyMaterial } {
  const index = key.materials.length - 1;
  const material = key.materials[index];
  const id = Buffer.from(key.keyId, 'ascii');
  const header = Buffer.concat([Buffer.from([FORMAT_VERSION, id.length]), id, u32(index)]);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(material.secret, 'base64'), iv);
  cipher.setAAD(Buffer.concat([header, canonicalContext(context)]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { blob: Buffer.concat([header, iv, cipher.getAuthTag(), body]), material };
}

/** Decrypts a parsed blob with the material it names; any mismatch is InvalidCiphertextException. */
export function decryptSymmetric(key: KmsKey, parsed: ParsedCiphertext, context: EncryptionContext | undefined): { plaintext: Buffer; material: KeyMaterial } {
  const material = key.materials[parsed.materialIndex];
  if (!material) throw kmsErrors.invalidCiphertext();
  try {
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(material.secret, 'base64'), parsed.iv);
    decipher.setAAD(Buffer.concat([parsed.header, canonicalContext(context)]));
    decipher.setAuthTag(parsed.tag);
    return { plaintext: Buffer.concat([decipher.update(parsed.body), decipher.final()]), material };
  } catch {
    throw kmsErrors.invalidCiphertext();
  }
}

export function newMaterial(now: Date, rotationType?: KeyMaterial['rotationType']): KeyMaterial {
  return {
    id: randomBytes(32).toString('hex'),
    secret: randomBytes(32).toString('base64'),
    createdAt: now.toISOString(),
    ...(rotationType ? { rotationType } : {}),
  };
}

// ---- asymmetric keys ----------------------------------------------------------------------------

const CURVES: Record<string, string> = {
  ECC_NIST_P256: 'prime256v1',
  ECC_NIST_P384: 'secp384r1',
  ECC_NIST_P521: 'secp521r1',
  ECC_SECG_P256K1: 'secp256k1',
};

/** Generates an asymmetric key pair and returns the PKCS#8 private key (base64 DER). */
export function generateAsymmetricKey(keySpec: string): string {
  const pair = keySpec.startsWith('RSA_')
    ? generateKeyPairSync('rsa', { modulusLength: Number(keySpec.slice(4)) })
    : generateKeyPairSync('ec', { namedCurve: CURVES[keySpec] });
  return pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

const privateKeyOf = (key: KmsKey): KeyObject => createPrivateKey({ key: Buffer.from(key.privateKey!, 'base64'), format: 'der', type: 'pkcs8' });

export const publicKeyDer = (key: KmsKey): Buffer => createPublicKey(privateKeyOf(key)).export({ format: 'der', type: 'spki' });

const oaepHash = (algorithm: string) => (algorithm === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256');

/** Largest plaintext RSA-OAEP can take: modulus bytes − 2·hash bytes − 2. */
export const rsaMaxPlaintext = (keySpec: string, algorithm: string) => Number(keySpec.slice(4)) / 8 - 2 * (algorithm === 'RSAES_OAEP_SHA_1' ? 20 : 32) - 2;

export const rsaEncrypt = (key: KmsKey, algorithm: string, plaintext: Uint8Array): Buffer =>
  publicEncrypt({ key: createPublicKey(privateKeyOf(key)), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHash(algorithm) }, plaintext);

export function rsaDecrypt(key: KmsKey, algorithm: string, ciphertext: Uint8Array): Buffer {
  try {
    return privateDecrypt({ key: privateKeyOf(key), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHash(algorithm) }, ciphertext);
  } catch {
    throw kmsErrors.invalidCiphertext();
  }
}

const HASHES: Record<string, { name: string; bytes: number; digestInfo: string }> = {
  '256': { name: 'sha256', bytes: 32, digestInfo: '3031300d060960864801650304020105000420' },
  '384': { name: 'sha384', bytes: 48, digestInfo: '3041300d060960864801650304020205000430' },
  '512': { name: 'sha512', bytes: 64, digestInfo: '3051300d060960864801650304020305000440' },
};

export const hashOf = (algorithm: string) => HASHES[algorithm.slice(-3)];

/**
 * Signs RAW messages for every supported algorithm. For DIGEST messages node:crypto has no
 * "sign this pre-computed hash" call except through raw RSA, so only PKCS#1 v1.5 supports DIGEST
 * (listed under Known differences in the README).
 */
export function signMessage(key: KmsKey, algorithm: string, message: Uint8Array, isDigest: boolean): Buffer {
  const hash = hashOf(algorithm);
  const pkey = privateKeyOf(key);
  if (isDigest) {
    if (!algorithm.startsWith('RSASSA_PKCS1')) throw kmsErrors.unsupported(`keydrill supports MessageType DIGEST only with RSASSA_PKCS1_V1_5 algorithms, not ${algorithm}`);
    return privateEncrypt({ key: pkey, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([Buffer.from(hash.digestInfo, 'hex'), message]));
  }
  return nodeSign(hash.name, message, signingKey(pkey, algorithm));
}

export function verifyMessage(key: KmsKey, algorithm: string, message: Uint8Array, isDigest: boolean, signature: Uint8Array): boolean {
  const hash = hashOf(algorithm);
  const pub = createPublicKey(privateKeyOf(key));
  if (isDigest) {
    if (!algorithm.startsWith('RSASSA_PKCS1')) throw kmsErrors.unsupported(`keydrill supports MessageType DIGEST only with RSASSA_PKCS1_V1_5 algorithms, not ${algorithm}`);
    try {
      const recovered = publicDecrypt({ key: pub, padding: constants.RSA_PKCS1_PADDING }, signature);
      return recovered.equals(Buffer.concat([Buffer.from(hash.digestInfo, 'hex'), message]));
    } catch {
      return false;
    }
  }
  try {
    return nodeVerify(hash.name, message, signingKey(pub, algorithm), signature);
  } catch {
    return false;
  }
}

function signingKey<K extends KeyObject>(key: K, algorithm: string) {
  if (algorithm.startsWith('RSASSA_PSS')) {
    // KMS uses a salt as long as the hash (RFC 8017 recommendation).
    return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: hashOf(algorithm).bytes };
  }
  // ECDSA signatures are DER-encoded (X9.62), as KMS returns them.
  return { key, dsaEncoding: 'der' as const };
}
