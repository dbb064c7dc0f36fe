import { DurableRecords } from '../../core/durable-records';
import type { KmsAlias, KmsKey } from './model';

/**
 * Keys and aliases of one account and region. Every mutating operation calls `commit()` before it
 * answers, so an acknowledged change survives a restart.
 */
export class KmsStore {
  private readonly records: DurableRecords<{ keys: KmsKey; aliases: KmsAlias }>;

  constructor(path: string | undefined) {
    this.records = new DurableRecords(path, 'kms', 1, ['keys', 'aliases']);
  }

  key(keyId: string): KmsKey | undefined {
    return this.records.get('keys', keyId);
  }

  keys(): KmsKey[] {
    return this.records.list('keys');
  }

  putKey(key: KmsKey): void {
    this.records.put('keys', key.keyId, key);
  }

  deleteKey(keyId: string): void {
    this.records.delete('keys', keyId);
    for (const alias of this.aliasesOf(keyId)) this.records.delete('aliases', alias.name);
  }

  alias(name: string): KmsAlias | undefined {
    return this.records.get('aliases', name);
  }

  aliases(): KmsAlias[] {
    return this.records.list('aliases').sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  aliasesOf(keyId: string): KmsAlias[] {
    return this.aliases().filter((a) => a.targetKeyId === keyId);
  }

  putAlias(alias: KmsAlias): void {
    this.records.put('aliases', alias.name, alias);
  }

  deleteAlias(name: string): void {
    this.records.delete('aliases', name);
  }

  commit(): void {
    this.records.commit();
  }

  reset(): void {
    this.records.reset();
  }
}
