import { randomBytes } from 'node:crypto';
import { ServiceError } from '../../../core/errors';
import type { Caller } from '../../../core/operation';
import type { Clock } from '../../../core/clock';
import { controlErrors } from '../control/errors';
import { keyTagOf } from '../journal/journal-cipher';
import type { QldbKms } from './qldb-kms';

export const AWS_OWNED_KMS_KEY = 'AWS_OWNED_KMS_KEY';

export type EncryptionStatus = 'ENABLED' | 'UPDATING' | 'KMS_KEY_INACCESSIBLE';

/** A journal data key as stored: wrapped by the KMS key (or, for the AWS-owned key, held by the runtime). */
export interface StoredDataKey {
  /** Names the key in journal segment headers: a hash of the wrapped key (random for AWS-owned), never the key. */
  keyTag: string;
  kmsKey: string;
  /** Base64 of the KMS ciphertext blob; for the AWS-owned key, of the key itself (the runtime plays AWS). */
  wrapped: string;
  grantId?: string;
}

/** A ledger's encryption settings and status, persisted with its metadata. */
export interface EncryptionState {
  kmsKey: string;
  /** False until someone names a key: QLDB then shows no EncryptionDescription at all. */
  explicit: boolean;
  status: EncryptionStatus;
  inaccessibleSince?: string;
  /** A deleted key never comes back: the ledger stays inaccessible for good. */
  keyDeleted?: boolean;
  /** The current data key last; older ones stay until the journal no longer uses them. */
  dataKeys: StoredDataKey[];
}

export interface EncryptionConfig {
  /** How often a ledger checks that its key is usable (QLDB took minutes; compressed locally). */
  keyCheckIntervalMs: number;
  /** How long cached data keys keep an impaired ledger serving after the key became unusable. */
  dataKeyCacheMs: number;
  /** The least time a key change shows UPDATING, on top of re-encrypting the journal. */
  keyUpdateMinimumMs: number;
}

export const DEFAULT_ENCRYPTION_CONFIG: EncryptionConfig = { keyCheckIntervalMs: 1000, dataKeyCacheMs: 5000, keyUpdateMinimumMs: 2000 };

/** KMS errors that mean "the key cannot be used now" rather than a runtime bug. */
const KEY_UNUSABLE = new Set(['DisabledException', 'KMSInvalidStateException', 'AccessDeniedException', 'NotFoundException', 'KeyUnavailableException', 'InvalidCiphertextException']);

export const isKeyUnusable = (e: unknown): e is ServiceError => e instanceof ServiceError && KEY_UNUSABLE.has(e.code);

/**
 * Creates a ledger's first data key: under the customer key (resolved and granted with the caller's
 * identity, so the key policy decides), or kept by the runtime for the AWS-owned key.
 */
export async function initialEncryption(kms: QldbKms, caller: Caller, requestedKey: string | undefined, ledgerArn: string): Promise<{ state: EncryptionState; plaintext: Uint8Array }> {
  if (requestedKey === undefined || requestedKey === AWS_OWNED_KMS_KEY) {
    const { stored, plaintext } = awsOwnedDataKey();
    return { state: { kmsKey: AWS_OWNED_KMS_KEY, explicit: requestedKey !== undefined, status: 'ENABLED', dataKeys: [stored] }, plaintext };
  }
  const { stored, plaintext } = await customerDataKey(kms, caller, requestedKey, ledgerArn);
  return { state: { kmsKey: stored.kmsKey, explicit: true, status: 'ENABLED', dataKeys: [stored] }, plaintext };
}

function awsOwnedDataKey(): { stored: StoredDataKey; plaintext: Uint8Array } {
  const plaintext = randomBytes(32);
  return { stored: { keyTag: randomBytes(8).toString('hex'), kmsKey: AWS_OWNED_KMS_KEY, wrapped: plaintext.toString('base64') }, plaintext };
}

async function customerDataKey(kms: QldbKms, caller: Caller, requestedKey: string, ledgerArn: string): Promise<{ stored: StoredDataKey; plaintext: Uint8Array }> {
  try {
    const keyArn = await kms.resolveKey(caller, requestedKey);
    const grantId = await kms.createGrant(caller, keyArn, ledgerArn);
    const { plaintext, wrapped } = await kms.generateDataKey(keyArn, ledgerArn);
    return { stored: { keyTag: keyTagOf(wrapped), kmsKey: keyArn, wrapped: Buffer.from(wrapped).toString('base64'), grantId }, plaintext };
  } catch (e) {
    if (e instanceof ServiceError && e.code !== 'InvalidParameterException' && e.status < 500) {
      // QLDB reports a key it cannot use as a bad parameter of the request, with KMS's reason.
      throw controlErrors.kmsKeyUnusable(requestedKey, e);
    }
    throw e;
  }
}

/** A new data key for a key change (UpdateLedger KmsKey). */
export async function nextDataKey(kms: QldbKms, caller: Caller, requestedKey: string, ledgerArn: string): Promise<{ stored: StoredDataKey; plaintext: Uint8Array }> {
  return requestedKey === AWS_OWNED_KMS_KEY ? awsOwnedDataKey() : customerDataKey(kms, caller, requestedKey, ledgerArn);
}

/** The plaintext of a stored data key: KMS Decrypt under QLDB's grant, or the runtime's own for AWS-owned. */
export async function unwrapDataKey(kms: QldbKms, stored: StoredDataKey, ledgerArn: string): Promise<Uint8Array> {
  if (stored.kmsKey === AWS_OWNED_KMS_KEY) return Buffer.from(stored.wrapped, 'base64');
  return kms.unwrap(stored.kmsKey, Buffer.from(stored.wrapped, 'base64'), ledgerArn);
}

/** What a check of a ledger's KMS key found. */
export type KeyCheck = 'usable' | 'unusable' | 'deleted';

/** A key KMS no longer knows (NotFoundException) was deleted; any other refusal may be lifted. */
export const failedKeyCheck = (kmsError: ServiceError): KeyCheck => (kmsError.code === 'NotFoundException' ? 'deleted' : 'unusable');

export function statusAfterCheck(state: EncryptionState, check: KeyCheck, clock: Clock): EncryptionState {
  if (check === 'usable' && !state.keyDeleted) {
    const { inaccessibleSince: _gone, ...rest } = state;
    return { ...rest, status: state.status === 'KMS_KEY_INACCESSIBLE' ? 'ENABLED' : state.status };
  }
  return { ...state, status: 'KMS_KEY_INACCESSIBLE', inaccessibleSince: state.inaccessibleSince ?? clock.now().toISOString(), keyDeleted: state.keyDeleted || check === 'deleted' };
}
