import { DynamoDBClient, paginateQuery, paginateScan } from '@aws-sdk/client-dynamodb';
import { holdsText, subjectValue } from '../domain/lifecycle/erasure';
import type { ErasePlan } from '../domain/lifecycle/plan';
import { compareProjection, type CommittedDocument, type ProjectedDocument } from '../domain/lifecycle/projection-diff';
import type { ErasureCheck, VerifyResult } from '../domain/lifecycle/report';
import { ionStructToItem, type Item } from '../domain/projection/ion-to-dynamodb';
import { LIVE_TABLE_ATTRIBUTE, PROJECTION_INDEXES } from '../domain/projection/schema';
import { requiredEnv } from '../shared/env';
import { newDriver, rows, text } from '../lifecycle-shared/ledger';

/**
 * Read-only checks of the ledger against its projection: `projection` compares every committed document (id,
 * version, data) with the projection's live items; `erasure` looks for the subject in the ledger's history and
 * anywhere in the projection table. The state machine polls both until they hold or its timeout passes.
 */

const driver = newDriver();
const dynamodb = new DynamoDBClient({});
const projectionTable = requiredEnv('PROJECTION_TABLE_NAME');

export type VerifyEvent = { check: 'projection'; tables: string[] } | { check: 'erasure'; tables: string[]; erase: ErasePlan; documentIds: string[] };

export async function handler(event: VerifyEvent): Promise<VerifyResult | ErasureCheck> {
  if (event.check === 'projection') return compareTables(event.tables);
  if (event.check === 'erasure') return checkErasure(event.tables, event.erase, event.documentIds);
  throw new Error(`unknown check ${JSON.stringify((event as { check?: unknown }).check)}`);
}

async function compareTables(tables: string[]): Promise<VerifyResult> {
  const result: VerifyResult = { equal: true, projected: 0, total: 0, differences: [] };
  for (const table of tables) {
    const [committed, projected] = await Promise.all([committedDocuments(table), projectedDocuments(table)]);
    const comparison = compareProjection(table, committed, projected);
    result.projected += comparison.projected;
    result.total += comparison.total;
    result.differences.push(...comparison.differences.slice(0, 5 - result.differences.length));
  }
  result.equal = result.projected === result.total && result.differences.length === 0;
  return result;
}

async function committedDocuments(table: string): Promise<CommittedDocument[]> {
  const committed = await driver.executeLambda((txn) => rows(txn, `SELECT r.metadata.id AS id, r.metadata.version AS version, r.data AS data FROM _ql_committed_${table} AS r`));
  return committed.map((row) => ({ documentId: text(row.get('id'))!, version: row.get('version')!.numberValue()!, data: ionStructToItem(row.get('data')!) }));
}

/** The table's live current items, through the byTable index (functions/domain/projection/schema.ts). */
async function projectedDocuments(table: string): Promise<ProjectedDocument[]> {
  const documents: ProjectedDocument[] = [];
  const pages = paginateQuery(
    { client: dynamodb },
    {
      TableName: projectionTable,
      IndexName: PROJECTION_INDEXES.byTable,
      KeyConditionExpression: '#table = :table',
      ExpressionAttributeNames: { '#table': LIVE_TABLE_ATTRIBUTE, '#data': 'data', '#version': 'version' },
      ExpressionAttributeValues: { ':table': { S: table } },
      ProjectionExpression: 'documentId, #version, #data',
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      documents.push({ documentId: item.documentId!.S!, version: Number(item.version!.N), ...(item.data?.M ? { data: item.data.M as Item } : {}) });
    }
  }
  return documents;
}

async function checkErasure(tables: string[], erase: ErasePlan, documentIds: string[]): Promise<ErasureCheck> {
  const value = subjectValue(erase);
  const erased = new Set(documentIds);
  const ledgerTraces: string[] = [];
  await driver.executeLambda(async (txn) => {
    for (const table of tables) {
      for (const revision of await rows(txn, `SELECT * FROM history(${table}) AS h`)) {
        const data = revision.get('data');
        const where = `ledger history ${table}/${text(revision.get('metadata', 'id'))} v${revision.get('metadata', 'version')!.numberValue()}`;
        if (data && holdsText(ionStructToItem(data), value)) ledgerTraces.push(where);
        else if (data && erased.has(text(revision.get('metadata', 'id'))!)) ledgerTraces.push(`${where} still has data`);
      }
    }
  });
  // The whole table, not only the erased documents' items: the subject must be nowhere in it.
  const projectionTraces: string[] = [];
  for await (const page of paginateScan({ client: dynamodb }, { TableName: projectionTable })) {
    for (const item of page.Items ?? []) {
      const where = `projection ${item.pk?.S} / ${item.sk?.S}`;
      if (holdsText(item, value)) projectionTraces.push(where);
      else if (erased.has(item.documentId?.S ?? '') && item.data) projectionTraces.push(`${where} still has data`);
    }
  }
  return {
    clean: ledgerTraces.length === 0 && projectionTraces.length === 0,
    ledgerHistoryClean: ledgerTraces.length === 0,
    projectionClean: projectionTraces.length === 0,
    traces: [...ledgerTraces, ...projectionTraces].slice(0, 10),
  };
}
