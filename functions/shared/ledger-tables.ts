import type { QldbDriver } from 'amazon-qldb-driver-nodejs';

/** QLDB's answer when another caller created the table or index first (docs/qldb-partiql.md). */
const ALREADY_EXISTS = /already exists|already has an index/i;

/**
 * Creates a ledger table and indexes on its top-level fields when they are missing. Each DDL statement runs in
 * its own transaction, and one that loses a race to a concurrent creator counts as done.
 * https://docs.aws.amazon.com/qldb/latest/developerguide/ql-reference.create-table.html
 */
export async function ensureLedgerTable(driver: QldbDriver, table: string, indexedFields: readonly string[]): Promise<void> {
  const existing = await driver.executeLambda(async (txn) =>
    (await txn.execute("SELECT name, indexes FROM information_schema.user_tables WHERE name = ? AND status = 'ACTIVE'", table)).getResultList(),
  );
  const indexed = new Set<string>();
  for (const index of existing[0]?.get('indexes')?.elements() ?? []) {
    const expr = index.get('expr')?.stringValue();
    if (expr) indexed.add(expr.replace(/^\[?'?|'?\]?$/g, ''));
  }
  const statements = [
    ...(existing.length === 0 ? [`CREATE TABLE ${table}`] : []),
    ...indexedFields.filter((f) => !indexed.has(f)).map((f) => `CREATE INDEX ON ${table} (${f})`),
  ];
  for (const statement of statements) {
    try {
      await driver.executeLambda((txn) => txn.execute(statement));
    } catch (e) {
      if (!ALREADY_EXISTS.test((e as Error).message)) throw e;
    }
  }
}
