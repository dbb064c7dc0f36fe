import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { CURRENT_SORT_KEY, documentPartitionKey, historySortKey, PARTITION_KEY, SORT_KEY } from '../../../functions/domain/projection/schema';
import type { Runtime } from '../../../runtime';
import { OUTPUT_KEYS } from '../../../infra/stacks/keydrill-stack';
import { clientConfig } from '../../../test/helpers/runtime';
import type { Figures, Restart, SoakCheck, SoakRuntime } from '../check';
import { spread } from '../figures';
import { canonical, type LedgerRevision, SOAK_TABLE } from '../ledger-workload';

/** How long the projection may take to catch up with the ledger after a restart before it counts as lost. */
const CONVERGENCE_TIMEOUT_MS = 120_000;
const POLL_MS = 250;

/** Item key → what it must hold: `data` text, or `deleted`. */
type Expected = Map<string, string>;

const contentOf = (data: unknown, deleted: boolean) => (deleted ? 'deleted' : canonical(data));

/** The projection items the ledger's revisions must become (functions/domain/projection/schema.ts): one per revision, one current per document. */
function expectedItems(revisions: readonly LedgerRevision[]): Expected {
  const expected: Expected = new Map();
  const latest = new Map<string, LedgerRevision>();
  for (const r of revisions) {
    expected.set(`${documentPartitionKey(r.documentId)} ${historySortKey(r.version)}`, `v${r.version} ${contentOf(r.data, r.data === undefined)}`);
    const newest = latest.get(r.documentId);
    if (!newest || newest.version < r.version) latest.set(r.documentId, r);
  }
  for (const r of latest.values()) expected.set(`${documentPartitionKey(r.documentId)} ${CURRENT_SORT_KEY}`, `v${r.version} ${contentOf(r.data, r.data === undefined)}`);
  return expected;
}

/** The soak table's items in the projection table, in the same form. */
async function projectedItems(dynamodb: DynamoDBDocumentClient, table: string): Promise<Expected> {
  const actual: Expected = new Map();
  for await (const page of paginateScan({ client: dynamodb }, { TableName: table, ConsistentRead: true })) {
    for (const item of page.Items ?? []) {
      if (item.tableName !== SOAK_TABLE) continue;
      actual.set(`${item[PARTITION_KEY]} ${item[SORT_KEY]}`, `v${item.version} ${contentOf(item.data, item.deleted === true)}`);
    }
  }
  return actual;
}

function differences(expected: Expected, actual: Expected): string[] {
  const found: string[] = [];
  for (const [key, content] of expected) {
    const got = actual.get(key);
    if (got === undefined) found.push(`${key} missing (ledger: ${content.slice(0, 80)})`);
    else if (got !== content) found.push(`${key} differs: ledger ${content.slice(0, 80)}, projection ${got.slice(0, 80)}`);
  }
  for (const [key, content] of actual) if (!expected.has(key)) found.push(`${key} in the projection but not in the ledger: ${content.slice(0, 80)}`);
  return found;
}

/**
 * The projection converges to the ledger: once the restarted runtime's journal stream and projector catch up,
 * every revision of the soak table (document, version, data) has its history item and every document its
 * current item, and the projection holds nothing the ledger does not (a revision of a transaction the
 * crash undid would show here). The time from ready to converged is a figure.
 */
export class ProjectionCheck implements SoakCheck {
  readonly name = 'projection converges to the ledger';
  private readonly convergenceMs: number[] = [];

  constructor(private readonly history: (restart: Restart) => Promise<LedgerRevision[]>) {}

  async verify(restart: Restart): Promise<string[]> {
    const expected = expectedItems(await this.history(restart));
    const started = Date.now();
    return this.withClient(restart.runtime, async (dynamodb) => {
      const table = restart.runtime.outputs[OUTPUT_KEYS.projectionTableName];
      for (;;) {
        const left = differences(expected, await projectedItems(dynamodb, table));
        if (left.length === 0) {
          this.convergenceMs.push(Date.now() - started);
          return [];
        }
        if (Date.now() - started > CONVERGENCE_TIMEOUT_MS) return [`not converged after ${CONVERGENCE_TIMEOUT_MS / 1000} s, ${left.length} differences, first: ${left.slice(0, 3).join('; ')}`];
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    });
  }

  figures(): Figures {
    return { 'convergence after restart p50 / p99 / max': spread(this.convergenceMs) };
  }

  private async withClient<T>(runtime: SoakRuntime, use: (dynamodb: DynamoDBDocumentClient) => Promise<T>): Promise<T> {
    const client = new DynamoDBClient(clientConfig(runtime as Runtime));
    try {
      return await use(DynamoDBDocumentClient.from(client));
    } finally {
      client.destroy();
    }
  }
}
