import { InvalidArgumentError, type Command } from 'commander';
import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { OUTPUT_KEYS } from '../../infra/stacks/output-keys';
import { ProjectionQueries } from '../projection-queries';
import { outputOrOption } from '../runtime-env';

interface QueryOptions {
  table?: string;
  id?: string;
  history?: boolean;
  where?: { attribute: string; value: string };
  progress?: string | boolean;
  json?: boolean;
  projectionTable?: string;
}

/** JSON text that keeps DynamoDB numbers exactly as stored (no rounding through a JS number). */
function exactJson(value: unknown): string {
  if (value instanceof NumberValue) return value.toString();
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  if (value instanceof Set) return exactJson([...value]);
  if (Array.isArray(value)) return `[${value.map(exactJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${exactJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** What a user sees of a stored revision: the projection's bookkeeping keys left out. */
function view(item: Record<string, unknown>): Record<string, unknown> {
  const { documentId, tableName, version, txTime, txId, blockAddress, data, deleted, redacted } = item;
  return { documentId, tableName, version, txTime, txId, blockAddress, data, deleted, redacted };
}

function line(item: Record<string, unknown>): string {
  const state = item.deleted ? 'deleted' : item.redacted ? 'redacted' : exactJson(item.data ?? null);
  return `${item.documentId}  v${item.version}  ${item.txTime}  ${state}`;
}

function parseWhere(value: string): { attribute: string; value: string } {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected attribute=value');
  return { attribute: value.slice(0, eq), value: value.slice(eq + 1) };
}

/**
 * `keydrill query`: read the DynamoDB projection of the ledger — a document, its history, a table, or the
 * documents with a given indexed value. It reaches the runtime through the environment `keydrill up`
 * prints (as the SDK does); on AWS, name the table with --projection-table.
 */
export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('query the DynamoDB projection of the ledger')
    .option('-t, --table <name>', 'ledger table')
    .option('-i, --id <documentId>', 'one document (with --table)')
    .option('--history', 'every revision of the document, oldest first (with --id)')
    .option('-w, --where <attribute=value>', "documents whose indexed attribute has this value (the projector's INDEXED_ATTRIBUTES)", parseWhere)
    .option('--progress [ledger]', 'how far the projection has got (default ledger: the stack\'s)')
    .option('--json', 'one JSON object per line')
    .option('--projection-table <name>', 'DynamoDB table of the projection (default: the running stack\'s ProjectionTableName output)')
    .action(async (opts: QueryOptions) => {
      const tableName = await outputOrOption(opts.projectionTable, OUTPUT_KEYS.projectionTableName, '--projection-table');
      const queries = new ProjectionQueries(tableName);
      try {
        process.exitCode = await run(queries, opts);
      } finally {
        queries.destroy();
      }
    });
}

async function run(queries: ProjectionQueries, opts: QueryOptions): Promise<number> {
  const print = (items: Record<string, unknown>[]) => {
    for (const item of items) process.stdout.write(`${opts.json ? exactJson(view(item)) : line(item)}\n`);
  };
  if (opts.progress !== undefined) {
    const ledger = typeof opts.progress === 'string' ? opts.progress : await outputOrOption(undefined, OUTPUT_KEYS.ledgerName, '--progress <ledger>');
    const progress = await queries.progress(ledger);
    if (!progress) throw new Error(`nothing of ledger ${ledger} has been projected yet`);
    process.stdout.write(`${exactJson(progress)}\n`);
    return 0;
  }
  if (!opts.table) throw new Error('name a ledger table with --table (or ask for --progress)');
  if (opts.history && !opts.id) throw new Error('--history needs --id');
  if (opts.id && opts.where) throw new Error('use either --id or --where');
  if (opts.id && opts.history) {
    const revisions = await queries.history(opts.table, opts.id);
    if (revisions.length === 0) throw new Error(`no document ${opts.id} in table ${opts.table}`);
    print(revisions);
  } else if (opts.id) {
    const document = await queries.document(opts.table, opts.id);
    if (!document) throw new Error(`no document ${opts.id} in table ${opts.table}`);
    print([document]);
  } else if (opts.where) {
    print(await queries.byIndexedValue(opts.table, opts.where.attribute, opts.where.value));
  } else {
    print(await queries.tableDocuments(opts.table));
  }
  return 0;
}
