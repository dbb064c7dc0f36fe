import { DurableJsonFile } from './durable-file';

/** The records of each collection, by id: the state file's `data`. */
type Collections<C> = { [K in keyof C]: Record<string, C[K]> };

/**
 * A service's records, in named collections keyed by id (`C` maps each collection to its record type),
 * kept in one state file over DurableJsonFile.
 *
 * The commit rule: changes stay in memory until `commit()`, and an operation that changed anything
 * commits before it answers. The several writes of one operation are then one atomic write, and an
 * acknowledged change survives a restart. Records are returned by reference, so changing one in place
 * and committing is a write too.
 */
export class DurableRecords<C> {
  private readonly file: DurableJsonFile<Collections<C>>;
  private state: Collections<C>;

  constructor(
    path: string | undefined,
    kind: string,
    format: number,
    /** The collections, in the order the state file lists them. */
    private readonly collections: readonly (keyof C)[],
  ) {
    this.file = new DurableJsonFile<Collections<C>>(path, kind, format);
    this.state = this.file.load() ?? this.empty();
  }

  get<K extends keyof C>(collection: K, id: string): C[K] | undefined {
    return this.records(collection)[id];
  }

  /** Every record of `collection`, in the order they were first put. */
  list<K extends keyof C>(collection: K): C[K][] {
    return Object.values(this.records(collection));
  }

  put<K extends keyof C>(collection: K, id: string, record: C[K]): void {
    this.records(collection)[id] = record;
  }

  delete<K extends keyof C>(collection: K, id: string): void {
    delete this.records(collection)[id];
  }

  commit(): void {
    this.file.save(this.state);
  }

  /** Forgets every record, on disk too. */
  reset(): void {
    this.state = this.empty();
    this.commit();
  }

  private records<K extends keyof C>(collection: K): Record<string, C[K]> {
    return this.state[collection];
  }

  private empty(): Collections<C> {
    return Object.fromEntries(this.collections.map((c) => [c, {}])) as Collections<C>;
  }
}
