import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../core/clock';
import { arn } from '../../core/arn';
import { DurableJsonFile } from '../../core/durable-file';
import type { Caller } from '../../core/operation';
import type { Scope } from '../../core/scope';
import { rootPrincipal } from '../../identity/principal';
import { AesGcmCipher } from './journal/journal-cipher';
import {
  AWS_OWNED_KMS_KEY,
  failedKeyCheck,
  initialEncryption,
  isKeyUnusable,
  nextDataKey,
  statusAfterCheck,
  unwrapDataKey,
  type EncryptionConfig,
  type EncryptionState,
  type StoredDataKey,
} from './encryption/ledger-encryption';
import type { QldbKms } from './encryption/qldb-kms';
import { controlErrors } from './control/errors';
import { Ledger } from './ledger/ledger';
import { newQldbId } from './ledger/qldb-ids';
import { sessionErrors } from './session/errors';

export type PermissionsMode = 'ALLOW_ALL' | 'STANDARD';

export interface LedgerMetadata {
  name: string;
  arn: string;
  state: 'CREATING' | 'ACTIVE' | 'DELETING';
  creationDateTime: string;
  permissionsMode: PermissionsMode;
  deletionProtection: boolean;
  tags: Record<string, string>;
  /** The journal's one strand. */
  strandId: string;
  encryption: EncryptionState;
}

export interface LedgerEntry {
  metadata: LedgerMetadata;
  /** Undefined while the journal cannot be decrypted (its KMS key is unusable): the ledger is sealed. */
  ledger?: Ledger;
}

export interface LedgerRegistryDeps {
  /** Each journal's folder is `<journalRoot>/<ledger>/`; journals stay in memory when undefined. */
  journalRoot: string | undefined;
  clock: Clock;
  scope: Scope;
  kms: QldbKms;
  config: EncryptionConfig;
}

const cipherOf = (stored: StoredDataKey, plaintext: Uint8Array) => new AesGcmCipher(plaintext, stored.keyTag);

/**
 * Every ledger of the account: metadata in one durable state file, each journal in its own folder
 * (`<dataDir>/qldb/<ledger>/`), encrypted with the ledger's data keys and replayed at start-up. It also
 * runs QLDB's periodic check that each ledger's KMS key is still usable.
 */
export class LedgerRegistry {
  private readonly entries = new Map<string, LedgerEntry>();
  private readonly file: DurableJsonFile<LedgerMetadata[]>;
  private readonly checker: NodeJS.Timeout;
  private checking: Promise<void> = Promise.resolve();

  private constructor(
    stateFile: string | undefined,
    private readonly deps: LedgerRegistryDeps,
  ) {
    this.file = new DurableJsonFile(stateFile, 'qldb-ledgers', 2);
    // Wall time: the check polls the key's real state; its interval is compressed by keyCheckIntervalMs.
    this.checker = setInterval(() => void this.checkKeys(), deps.config.keyCheckIntervalMs);
    this.checker.unref();
  }

  static async open(stateFile: string | undefined, deps: LedgerRegistryDeps): Promise<LedgerRegistry> {
    const registry = new LedgerRegistry(stateFile, deps);
    for (const metadata of registry.file.load() ?? []) {
      const entry: LedgerEntry = { metadata };
      registry.entries.set(metadata.name, entry);
      await registry.unseal(entry);
    }
    return registry;
  }

  private journalDir(name: string): string | undefined {
    return this.deps.journalRoot ? join(this.deps.journalRoot, name) : undefined;
  }

  /**
   * Saves the registry with ledger `name`'s metadata replaced (or removed, when undefined). Callers change
   * memory only after this returns: a save that fails must leave memory as the file still has it.
   */
  private saveWith(name: string, metadata: LedgerMetadata | undefined): void {
    const next = new Map([...this.entries].map(([n, e]) => [n, e.metadata]));
    if (metadata) next.set(name, metadata);
    else next.delete(name);
    this.file.save([...next.values()]);
  }

  get(name: string): LedgerEntry | undefined {
    return this.entries.get(name);
  }

  list(): LedgerEntry[] {
    return [...this.entries.values()];
  }

  /**
   * Opens the journal with every data key it may hold. A key KMS refuses leaves the ledger sealed and
   * KMS_KEY_INACCESSIBLE; the key check opens it once the key is usable again.
   */
  private async unseal(entry: LedgerEntry): Promise<void> {
    const { metadata } = entry;
    try {
      const ciphers = [];
      for (const stored of metadata.encryption.dataKeys) ciphers.push(cipherOf(stored, await unwrapDataKey(this.deps.kms, stored, metadata.arn)));
      entry.ledger = await Ledger.open(metadata.name, metadata.strandId, this.journalDir(metadata.name), this.deps.clock, ciphers);
      this.setEncryption(entry, statusAfterCheck(metadata.encryption, 'usable', this.deps.clock));
      if (metadata.encryption.dataKeys.length > 1) this.finishKeyChange(entry);
    } catch (e) {
      if (!isKeyUnusable(e)) throw e;
      this.setEncryption(entry, statusAfterCheck(metadata.encryption, failedKeyCheck(e), this.deps.clock));
    }
  }

  private setEncryption(entry: LedgerEntry, encryption: EncryptionState): void {
    if (JSON.stringify(encryption) === JSON.stringify(entry.metadata.encryption)) return;
    const metadata = { ...entry.metadata, encryption };
    this.saveWith(metadata.name, metadata);
    entry.metadata = metadata;
  }

  async create(
    caller: Caller,
    request: { name: string; permissionsMode: PermissionsMode; deletionProtection?: boolean; kmsKey?: string; tags?: Record<string, string> },
  ): Promise<LedgerEntry> {
    const ledgerArn = arn('qldb', this.deps.scope.region, this.deps.scope.account, `ledger/${request.name}`);
    const { state, plaintext } = await initialEncryption(this.deps.kms, caller, request.kmsKey, ledgerArn);
    const metadata: LedgerMetadata = {
      name: request.name,
      arn: ledgerArn,
      state: 'ACTIVE',
      creationDateTime: this.deps.clock.now().toISOString(),
      permissionsMode: request.permissionsMode,
      deletionProtection: request.deletionProtection ?? true,
      tags: request.tags ?? {},
      strandId: newQldbId(),
      encryption: state,
    };
    const dir = this.journalDir(request.name);
    // A folder left by a ledger of the same name that was deleted must not be replayed into the new one.
    if (dir) rmSync(dir, { recursive: true, force: true });
    const entry: LedgerEntry = { metadata, ledger: await Ledger.open(request.name, metadata.strandId, dir, this.deps.clock, [cipherOf(state.dataKeys[0], plaintext)]) };
    try {
      this.saveWith(request.name, metadata);
    } catch (e) {
      await entry.ledger!.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    this.entries.set(request.name, entry);
    return entry;
  }

  update(name: string, change: Partial<Pick<LedgerMetadata, 'permissionsMode' | 'deletionProtection' | 'tags'>>): LedgerEntry {
    const entry = this.entries.get(name)!;
    const metadata = { ...entry.metadata, ...change };
    this.saveWith(name, metadata);
    entry.metadata = metadata;
    return entry;
  }

  /**
   * UpdateLedger's KmsKey: a new data key under the new key, then the whole journal is re-encrypted in
   * the background while the ledger keeps serving (UPDATING), after which the old key is let go.
   */
  async changeKey(name: string, caller: Caller, requestedKey: string): Promise<LedgerEntry> {
    const entry = this.entries.get(name)!;
    if (entry.metadata.encryption.status === 'UPDATING') throw controlErrors.keyChangeInProgress(name);
    const { stored, plaintext } = await nextDataKey(this.deps.kms, caller, requestedKey, entry.metadata.arn);
    const current = entry.metadata.encryption.dataKeys[entry.metadata.encryption.dataKeys.length - 1];
    if (stored.kmsKey === current.kmsKey && stored.kmsKey !== AWS_OWNED_KMS_KEY) {
      // The same key again: nothing to re-encrypt, but QLDB's grant is renewed — how a revoked grant is restored.
      if (current.grantId) await this.deps.kms.retireGrant(current.kmsKey, current.grantId).catch(() => undefined);
      const dataKeys = entry.metadata.encryption.dataKeys.map((k) => (k === current ? { ...k, grantId: stored.grantId } : k));
      this.setEncryption(entry, { ...entry.metadata.encryption, explicit: true, dataKeys });
      return entry;
    }
    this.requireUsable(entry);
    this.setEncryption(entry, {
      ...entry.metadata.encryption,
      kmsKey: stored.kmsKey,
      explicit: true,
      status: 'UPDATING',
      dataKeys: [...entry.metadata.encryption.dataKeys, stored],
    });
    entry.ledger!.addCipher(cipherOf(stored, plaintext));
    this.finishKeyChange(entry);
    return entry;
  }

  /**
   * Re-encrypts the journal under the current (last) data key, then lets the older ones go. Runs in the
   * background; a restart during UPDATING resumes it (the new wrapped key was saved before it began).
   */
  private finishKeyChange(entry: LedgerEntry): void {
    const { dataKeys } = entry.metadata.encryption;
    const current = dataKeys[dataKeys.length - 1];
    // Wall time: UPDATING lasts as long as the real re-encryption, padded to keyUpdateMinimumMs.
    const started = Date.now();
    void entry
      .ledger!.reencrypt(current.keyTag)
      .then(() => new Promise((resolve) => setTimeout(resolve, Math.max(0, this.deps.config.keyUpdateMinimumMs - (Date.now() - started)))))
      .then(async () => {
        if (this.entries.get(entry.metadata.name) !== entry) return;
        const encryption = entry.metadata.encryption;
        const retired = encryption.dataKeys.filter((k) => k !== current);
        this.setEncryption(entry, { ...encryption, status: encryption.status === 'UPDATING' ? 'ENABLED' : encryption.status, dataKeys: [current] });
        for (const old of retired) if (old.grantId) await this.deps.kms.retireGrant(old.kmsKey, old.grantId).catch(() => undefined);
      })
      .catch((e) => console.error(`keydrill qldb: re-encrypting ledger ${entry.metadata.name} failed`, e));
  }

  /** QLDB's periodic key check: a ledger whose key became unusable is impaired; one whose key is back recovers. */
  checkKeys(): Promise<void> {
    this.checking = this.checking.then(async () => {
      for (const entry of this.entries.values()) {
        const current = entry.metadata.encryption.dataKeys[entry.metadata.encryption.dataKeys.length - 1];
        if (current.kmsKey === AWS_OWNED_KMS_KEY || entry.metadata.encryption.keyDeleted) continue;
        if (!entry.ledger) {
          await this.unseal(entry);
          continue;
        }
        try {
          await unwrapDataKey(this.deps.kms, current, entry.metadata.arn);
          // The grant alone is not enough: the key policy must still let QLDB use the key for this account.
          const policyDenial = await this.deps.kms.decryptDenial({ principal: rootPrincipal(this.deps.scope.account) }, current.kmsKey, Buffer.from(current.wrapped, 'base64'), entry.metadata.arn);
          if (policyDenial) throw policyDenial;
          this.setEncryption(entry, statusAfterCheck(entry.metadata.encryption, 'usable', this.deps.clock));
        } catch (e) {
          if (!isKeyUnusable(e)) throw e;
          // UpdateLedger may have renewed the grant (or changed the key) while this check awaited KMS: its
          // verdict is about a data key the ledger no longer uses, and the next check judges the new one.
          const now = entry.metadata.encryption.dataKeys[entry.metadata.encryption.dataKeys.length - 1];
          if (now.kmsKey !== current.kmsKey || now.grantId !== current.grantId) continue;
          this.setEncryption(entry, statusAfterCheck(entry.metadata.encryption, failedKeyCheck(e), this.deps.clock));
        }
      }
    });
    return this.checking.catch((e) => console.error('keydrill qldb: key check failed', e));
  }

  /** The ledger, if its key lets it serve: an impaired ledger serves from cached data keys for a while, then refuses. */
  requireUsable(entry: LedgerEntry): Ledger {
    const { encryption } = entry.metadata;
    const expired = encryption.inaccessibleSince !== undefined && this.deps.clock.now().getTime() - Date.parse(encryption.inaccessibleSince) > this.deps.config.dataKeyCacheMs;
    if (!entry.ledger || (encryption.status === 'KMS_KEY_INACCESSIBLE' && expired)) throw sessionErrors.ledgerKeyInaccessible(encryption.kmsKey, entry.metadata.name);
    return entry.ledger;
  }

  async delete(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) return;
    this.saveWith(name, undefined);
    this.entries.delete(name);
    await entry.ledger?.close();
    for (const stored of entry.metadata.encryption.dataKeys) {
      if (stored.grantId) await this.deps.kms.retireGrant(stored.kmsKey, stored.grantId).catch(() => undefined);
    }
    const dir = this.journalDir(name);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }

  async reset(): Promise<void> {
    for (const name of [...this.entries.keys()]) await this.delete(name);
  }

  async close(): Promise<void> {
    clearInterval(this.checker);
    await this.checking;
    for (const entry of this.entries.values()) await entry.ledger?.close();
  }
}
