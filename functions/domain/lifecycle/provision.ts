import type { TableSpec } from './plan';

/** What provision must create: the tables not in the catalog, and the indexes their tables lack. */

export interface CatalogTable {
  name: string;
  /** As information_schema.user_tables shows them: `[field]`. */
  indexes: string[];
}

/** No journal stream of the ledger is ACTIVE yet: the state machine retries provision until one is. */
export class StreamNotActiveError extends Error {
  override readonly name = 'StreamNotActive';
}

export function missingSchema(wanted: readonly Required<TableSpec>[], catalog: readonly CatalogTable[]): { tables: string[]; indexes: { table: string; field: string }[] } {
  const existing = new Map(catalog.map((t) => [t.name, new Set(t.indexes.map((expr) => expr.replace(/^\[(.*)\]$/, '$1')))]));
  const tables = wanted.filter((t) => !existing.has(t.name)).map((t) => t.name);
  const indexes = wanted.flatMap((t) => t.indexes.filter((field) => !existing.get(t.name)?.has(field)).map((field) => ({ table: t.name, field })));
  return { tables, indexes };
}
