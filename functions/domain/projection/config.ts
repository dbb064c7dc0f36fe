/**
 * What the projector keeps, from its environment (PROJECTED_TABLES, INDEXED_ATTRIBUTES), parsed here
 * so the handler stays a reader of strings.
 */
export interface ProjectionConfig {
  /** Ledger tables to project; undefined = every table (`*`). */
  projectedTables?: ReadonlySet<string>;
  /** Ledger table → the attribute its live documents are indexed by (GSI byIndexedValue). */
  indexedAttributes: ReadonlyMap<string, string>;
}

const list = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Throws on a malformed setting: a projector that silently projects the wrong tables is worse than one that fails to start. */
export function parseProjectionConfig(settings: { projectedTables?: string; indexedAttributes?: string }): ProjectionConfig {
  const tables = list(settings.projectedTables);
  const projectedTables = tables.length === 0 || tables.includes('*') ? undefined : new Set(tables);
  const indexedAttributes = new Map<string, string>();
  for (const pair of list(settings.indexedAttributes)) {
    const match = /^([^.]+)\.([^.]+)$/.exec(pair);
    if (!match) throw new Error(`INDEXED_ATTRIBUTES entries are Table.attribute, got "${pair}"`);
    if (indexedAttributes.has(match[1])) throw new Error(`INDEXED_ATTRIBUTES names table ${match[1]} twice: one indexed attribute per table`);
    indexedAttributes.set(match[1], match[2]);
  }
  return { projectedTables, indexedAttributes };
}

export const isProjected = (config: ProjectionConfig, tableName: string) => !config.projectedTables || config.projectedTables.has(tableName);
