import { DurableJsonFile } from '../../core/durable-file';
import type { KmsAlias, KmsKey } from './model';

interface KmsState {
  keys: Record<string, KmsKey>;
  aliases: Record<string, KmsAlias>;
}

/**
 * Keys and aliases of one account and region. Every mutating operation calls `commit()` before it
 * answers, so an acknowledged change survives a restart.
 */
export class KmsStore {
  private readonly file: DurableJsonFile<KmsState>;
  private state: KmsState;

  constructor(path: string | undefined) {
    this.file = new DurableJsonFile<KmsState>(path, 'kms', 1);
    this.state = this.file.load() ?? { keys: {}, aliases: {} };
  }

  key(keyId: string): KmsKey | undefined {
    return this.state.keys[keyId];
  }

  keys(): KmsKey[] {
    return Object.values(this.state.keys);
  }

  putKey(key: KmsKey): void {
    this.state.keys[key.keyId] = key;
  }

  deleteKey(keyId: string): void {
    delete this.state.keys[keyId];
    for (const alias of this.aliasesOf(keyId)) delete this.state.aliases[alias.name];
  }

  alias(name: string): KmsAlias | undefined {
    return this.state.aliases[name];
  }

  aliases(): KmsAlias[] {
    return Object.values(this.state.aliases).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  aliasesOf(keyId: string): KmsAlias[] {
    return this.aliases().filter((a) => a.targetKeyId === keyId);
  }

  putAlias(alias: KmsAlias): void {
    this.state.aliases[alias.name] = alias;
  }

  deleteAlias(name: string): void {
    delete this.state.aliases[name];
  }

  commit(): void {
    this.file.save(this.state);
  }

  reset(): void {
    this.state = { keys: {}, aliases: {} };
    this.commit();
  }
}
