import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../core/clock';
import { arn } from '../../core/arn';
import { DurableJsonFile } from '../../core/durable-file';
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
  /** As requested: a key id, key ARN, alias name or alias ARN, or AWS_OWNED_KMS_KEY. */
  kmsKey: string;
  tags: Record<string, string>;
  /** The journal's one strand. */
  strandId: string;
}

export interface LedgerEntry {
  metadata: LedgerMetadata;
  ledger: Ledger;
}

/**
 * Every ledger of the account: metadata in one durable state file, each journal in its own folder
 * (`<dataDir>/qldb/<ledger>/`), replayed at start-up.
 */
export class LedgerRegistry {
  private readonly entries = new Map<string, LedgerEntry>();
  private readonly file: DurableJsonFile<LedgerMetadata[]>;

  private constructor(
    stateFile: string | undefined,
    private readonly journalRoot: string | undefined,
    private readonly clock: Clock,
    private readonly scope: { account: string; region: string },
  ) {
    this.file = new DurableJsonFile(stateFile, 'qldb-ledgers', 1);
  }

  static async open(stateFile: string | undefined, journalRoot: string | undefined, clock: Clock, scope: { account: string; region: string }): Promise<LedgerRegistry> {
    const registry = new LedgerRegistry(stateFile, journalRoot, clock, scope);
    for (const metadata of registry.file.load() ?? []) {
      registry.entries.set(metadata.name, { metadata, ledger: await Ledger.open(metadata.name, metadata.strandId, registry.journalDir(metadata.name), clock) });
    }
    return registry;
  }

  private journalDir(name: string): string | undefined {
    return this.journalRoot ? join(this.journalRoot, name) : undefined;
  }

  private save(): void {
    this.file.save([...this.entries.values()].map((e) => e.metadata));
  }

  get(name: string): LedgerEntry | undefined {
    return this.entries.get(name);
  }

  list(): LedgerEntry[] {
    return [...this.entries.values()];
  }

  async create(request: { name: string; permissionsMode: PermissionsMode; deletionProtection?: boolean; kmsKey?: string; tags?: Record<string, string> }): Promise<LedgerEntry> {
    const metadata: LedgerMetadata = {
      name: request.name,
      arn: arn('qldb', this.scope.region, this.scope.account, `ledger/${request.name}`),
      state: 'ACTIVE',
      creationDateTime: this.clock.now().toISOString(),
      permissionsMode: request.permissionsMode,
      deletionProtection: request.deletionProtection ?? true,
      kmsKey: request.kmsKey ?? 'AWS_OWNED_KMS_KEY',
      tags: request.tags ?? {},
      strandId: newQldbId(),
    };
    const dir = this.journalDir(request.name);
    // A folder left by a ledger of the same name that was deleted must not be replayed into the new one.
    if (dir) rmSync(dir, { recursive: true, force: true });
    const entry = { metadata, ledger: await Ledger.open(request.name, metadata.strandId, dir, this.clock) };
    this.entries.set(request.name, entry);
    this.save();
    return entry;
  }

  update(name: string, change: Partial<Pick<LedgerMetadata, 'permissionsMode' | 'deletionProtection' | 'kmsKey' | 'tags'>>): LedgerEntry {
    const entry = this.entries.get(name)!;
    entry.metadata = { ...entry.metadata, ...change };
    this.save();
    return entry;
  }

  async delete(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) return;
    this.entries.delete(name);
    this.save();
    await entry.ledger.close();
    const dir = this.journalDir(name);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }

  /** The ledger a session may start on (StartSession.LedgerName). */
  forSession(name: string): Ledger {
    const entry = this.entries.get(name);
    if (!entry || entry.metadata.state !== 'ACTIVE') throw sessionErrors.ledgerNotFound(name);
    return entry.ledger;
  }

  async reset(): Promise<void> {
    for (const name of [...this.entries.keys()]) await this.delete(name);
  }

  async close(): Promise<void> {
    for (const entry of this.entries.values()) await entry.ledger.close();
  }
}
