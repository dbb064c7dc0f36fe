import { createCipheriv, createDecipheriv, createHash, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';

/**
 * Seals the journal's records at rest. QLDB always encrypts a ledger's journal — with an AWS-owned key
 * unless the ledger names a customer managed key — so every journal on disk is sealed; only memory-only
 * journals (tests) have no cipher.
 * https://docs.aws.amazon.com/qldb/latest/developerguide/encryption-at-rest.html
 */
export interface JournalCipher {
  /**
   * Names the data key in the clear (segment headers), so the journal can tell which key sealed a segment
   * while a re-encryption is under way. It must not reveal the key: derive it from the *wrapped* key
   * (`keyTagOf`). Printable ASCII without spaces, 1 to 64 characters.
   */
  readonly keyTag: string;
  /** Encrypts and authenticates `plaintext`, also binding `aad` (authenticated, not stored). */
  seal(plaintext: Uint8Array, aad: Uint8Array): Uint8Array;
  /** The plaintext; throws when `sealed` was not sealed by this key with this `aad`, or was altered. */
  open(sealed: Uint8Array, aad: Uint8Array): Uint8Array;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_TAG = /^[\x21-\x7e]{1,64}$/;

export function isValidKeyTag(keyTag: string): boolean {
  return KEY_TAG.test(keyTag);
}

/** A key tag for a data key, from its KMS-wrapped form (ciphertext already kept in the clear). */
export function keyTagOf(wrappedKey: Uint8Array): string {
  return createHash('sha256').update(wrappedKey).digest('hex').slice(0, 16);
}

/**
 * AES-256-GCM with a fresh random 96-bit IV per record: `sealed = iv ‖ ciphertext ‖ tag`. Random IVs
 * stay within NIST SP 800-38D's bound (2^32 messages per key) for any journal keydrill will hold; a
 * re-key (JournalStore.reencrypt) starts the count again.
 */
export class AesGcmCipher implements JournalCipher {
  private readonly key: KeyObject;

  constructor(dataKey: Uint8Array, readonly keyTag: string) {
    if (dataKey.length !== KEY_BYTES) throw new Error(`an AES-256-GCM data key has ${KEY_BYTES} bytes, not ${dataKey.length}`);
    if (!isValidKeyTag(keyTag)) throw new Error(`invalid key tag ${JSON.stringify(keyTag)}: 1 to 64 printable ASCII characters, no spaces`);
    // A KeyObject copies the key out of the caller's buffer, which may then be wiped, and never prints it.
    this.key = createSecretKey(dataKey);
  }

  seal(plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad);
    const head = cipher.update(plaintext);
    const tail = cipher.final();
    return Buffer.concat([iv, head, tail, cipher.getAuthTag()]);
  }

  open(sealed: Uint8Array, aad: Uint8Array): Uint8Array {
    if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('the sealed record is too short');
    const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const head = decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES));
    return Buffer.concat([head, decipher.final()]);
  }
}

/** Whether two ciphers use the same key: what one seals, the other opens. */
export function sameKey(a: JournalCipher, b: JournalCipher): boolean {
  if (a === b) return true;
  const probe = Buffer.from('keydrill journal key probe');
  try {
    return Buffer.from(b.open(a.seal(probe, probe), probe)).equals(probe);
  } catch {
    return false;
  }
}
