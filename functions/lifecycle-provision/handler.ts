import { ListJournalKinesisStreamsForLedgerCommand, QLDBClient } from '@aws-sdk/client-qldb';
import { missingSchema, StreamNotActiveError } from '../domain/lifecycle/provision';
import type { TableSpec } from '../domain/lifecycle/plan';
import type { ProvisionResult } from '../domain/lifecycle/report';
import { ledgerName, newDriver, rows, text } from '../lifecycle-shared/ledger';

/**
 * Creates the tables and indexes that are missing, one DDL statement per transaction, then answers only once
 * a journal stream of the ledger is ACTIVE (StreamNotActive otherwise, which the state machine retries).
 */

const driver = newDriver();
const qldb = new QLDBClient({});

export async function handler(event: { tables: Required<TableSpec>[] }): Promise<ProvisionResult> {
  const existing = await driver.executeLambda(async (txn) =>
    (await rows(txn, "SELECT t.name, t.indexes FROM information_schema.user_tables AS t WHERE t.status = 'ACTIVE'")).map((row) => ({
      name: text(row.get('name'))!,
      indexes: (row.get('indexes')?.elements() ?? []).map((index) => text(index.get('expr'))!),
    })),
  );
  const missing = missingSchema(event.tables, existing);
  for (const table of missing.tables) await driver.executeLambda((txn) => txn.execute(`CREATE TABLE ${table}`));
  for (const { table, field } of missing.indexes) await driver.executeLambda((txn) => txn.execute(`CREATE INDEX ON ${table} (${field})`));

  const { Streams = [] } = await qldb.send(new ListJournalKinesisStreamsForLedgerCommand({ LedgerName: ledgerName }));
  const journalStreams = Streams.map((s) => ({ streamName: s.StreamName!, status: s.Status! }));
  if (!journalStreams.some((s) => s.status === 'ACTIVE')) {
    throw new StreamNotActiveError(`no journal stream of ledger ${ledgerName} is ACTIVE yet (${journalStreams.map((s) => `${s.streamName}: ${s.status}`).join(', ') || 'none'})`);
  }
  return {
    tables: event.tables.map((t) => t.name),
    tablesCreated: missing.tables,
    indexesCreated: missing.indexes.map(({ table, field }) => `${table}.${field}`),
    journalStreams,
  };
}
