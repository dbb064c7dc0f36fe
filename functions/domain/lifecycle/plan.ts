import Ajv from 'ajv';
import inputSchema from '../../../schemas/lifecycle/input.schema.json';
import { auditBatches, documentsIn, ingestBatches, type DocumentBatch, type DocumentSource } from './batches';
import { ERASURE_REGISTER_TABLE } from './erasure';

/**
 * The DataLifecycle input (schemas/lifecycle/input.schema.json) and the plan its first step makes of it: the
 * defaults filled in, the tables to provision, and the batches the ingest and audit Maps run over. Batches
 * name documents (a generated range, or inline documents) rather than carry generated ones, so 15,000 records
 * stay far below Step Functions' 256 KiB state limit
 * (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html#service-limits-task-executions).
 */

export interface TableSpec {
  name: string;
  indexes?: string[];
}

export interface SourceInput {
  table: string;
  key?: string;
  generate?: { count?: number; seed?: string };
  documents?: Record<string, unknown>[];
}

export interface LifecycleInput {
  tables?: TableSpec[];
  ingest?: SourceInput[];
  batchSize?: number;
  concurrency?: number;
  verify?: { timeoutSeconds?: number; pollSeconds?: number };
  audit?: { sample?: number };
  erase?: { field: string; value?: string; record?: number } | null;
}

/** What to erase: a value given, or the value a generated record has (so the input need not hold it). */
export type ErasePlan = { field: string; value: string } | { field: string; generated: { seed: string; index: number } };

export interface LifecyclePlan {
  tables: Required<TableSpec>[];
  /** Tables whose projection must equal the ledger, and where the subject is looked for. */
  dataTables: string[];
  /** The key field of each ingested table. */
  keys: Record<string, string>;
  ingestBatches: DocumentBatch[];
  auditBatches: DocumentBatch[];
  totals: { documents: number; perTable: Record<string, number>; audited: number };
  concurrency: number;
  verify: { timeoutSeconds: number; pollSeconds: number; maxPolls: number };
  erase: ErasePlan | null;
}

/** The walkthrough's table and records (issue 17, README "Data lifecycle"). */
export const WALKTHROUGH = {
  table: 'BicycleLicence',
  key: 'licenceId',
  indexes: ['licenceId', 'email'],
  count: 1500,
  seed: 'walkthrough',
  erase: { field: 'email', record: 1 },
} as const;

export const DEFAULTS = { batchSize: 40, concurrency: 2, verifyTimeoutSeconds: 120, verifyPollSeconds: 1 } as const;

/** The input is not a DataLifecycle input: the first step fails with this, naming every problem. */
export class InvalidLifecycleInputError extends Error {
  override readonly name = 'InvalidLifecycleInput';
}

const validateInput = new Ajv({ allErrors: true }).compile<LifecycleInput>(inputSchema);

export function planLifecycle(raw: unknown): LifecyclePlan {
  if (!validateInput(raw)) {
    const problems = (validateInput.errors ?? []).map((e) => `input${e.instancePath.replace(/\//g, '.')} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''}`);
    throw new InvalidLifecycleInputError([...new Set(problems)].join('; '));
  }
  const input = raw;
  const problems: string[] = [];
  const sources = sourcesOf(input, problems);
  const keyed = new Map<string, string>();
  for (const source of sources) {
    if ((keyed.get(source.table) ?? source.key) !== source.key) problems.push(`input.ingest: table ${source.table} is ingested with two keys (${keyed.get(source.table)}, ${source.key})`);
    keyed.set(source.table, source.key);
  }
  const tables = tablesOf(input, sources, problems);
  const erase = eraseOf(input, sources, problems);
  if (problems.length) throw new InvalidLifecycleInputError(problems.join('; '));

  const batchSize = input.batchSize ?? DEFAULTS.batchSize;
  const batches = sources.flatMap((source) => ingestBatches(source, batchSize));
  const perTable: Record<string, number> = {};
  for (const source of sources) perTable[source.table] = (perTable[source.table] ?? 0) + sourceSize(source);
  const documents = Object.values(perTable).reduce((a, b) => a + b, 0);
  const sample = input.audit?.sample;
  const audits = sources.flatMap((source) => auditBatches(source, batchSize, sample === undefined ? undefined : Math.max(1, Math.round((sample * sourceSize(source)) / documents))));
  const timeoutSeconds = input.verify?.timeoutSeconds ?? DEFAULTS.verifyTimeoutSeconds;
  const pollSeconds = input.verify?.pollSeconds ?? DEFAULTS.verifyPollSeconds;
  return {
    tables,
    dataTables: [...new Set(sources.map((s) => s.table))],
    keys: Object.fromEntries(sources.map((s) => [s.table, s.key])),
    ingestBatches: batches,
    auditBatches: audits,
    totals: { documents, perTable, audited: audits.reduce((n, b) => n + documentsIn(b), 0) },
    concurrency: input.concurrency ?? DEFAULTS.concurrency,
    verify: { timeoutSeconds, pollSeconds, maxPolls: Math.max(1, Math.ceil(timeoutSeconds / pollSeconds)) },
    erase,
  };
}

const sourceSize = (source: DocumentSource) => (source.kind === 'generated' ? source.count : source.documents.length);

function sourcesOf(input: LifecycleInput, problems: string[]): DocumentSource[] {
  const given = input.ingest ?? [{ table: WALKTHROUGH.table, key: WALKTHROUGH.key, generate: { count: WALKTHROUGH.count, seed: WALKTHROUGH.seed } }];
  return given.map((source, i): DocumentSource => {
    if (source.table === ERASURE_REGISTER_TABLE) problems.push(`input.ingest.${i}.table ${ERASURE_REGISTER_TABLE} is the workflow's own erasure register`);
    if (source.generate) {
      return { kind: 'generated', table: source.table, key: source.key ?? WALKTHROUGH.key, seed: source.generate.seed ?? WALKTHROUGH.seed, count: source.generate.count ?? WALKTHROUGH.count };
    }
    if (!source.key) problems.push(`input.ingest.${i}.key is required with inline documents: it tells a re-run which documents are committed already`);
    const key = source.key ?? '';
    const seen = new Set<string>();
    source.documents!.forEach((doc, d) => {
      const value = doc[key];
      if (key && typeof value !== 'string' && typeof value !== 'number') problems.push(`input.ingest.${i}.documents.${d}.${key} must be a string or a number (the document's key)`);
      else if (key && seen.has(String(value))) problems.push(`input.ingest.${i}.documents.${d}.${key} repeats the key ${JSON.stringify(value)}`);
      seen.add(String(value));
    });
    return { kind: 'inline', table: source.table, key, documents: source.documents! };
  });
}

/** The tables given, plus every ingested table, each with an index on its key (the lookups a re-run makes). */
function tablesOf(input: LifecycleInput, sources: DocumentSource[], problems: string[]): Required<TableSpec>[] {
  const given = input.tables ?? (input.ingest ? [] : [{ name: WALKTHROUGH.table, indexes: [...WALKTHROUGH.indexes] }]);
  const tables = new Map<string, string[]>();
  for (const table of given) {
    if (table.name === ERASURE_REGISTER_TABLE) problems.push(`input.tables: ${ERASURE_REGISTER_TABLE} is the workflow's own erasure register`);
    if (tables.has(table.name)) problems.push(`input.tables names ${table.name} twice`);
    tables.set(table.name, [...(table.indexes ?? [])]);
  }
  for (const source of sources) {
    const indexes = tables.get(source.table) ?? [];
    if (!indexes.includes(source.key)) indexes.unshift(source.key);
    tables.set(source.table, indexes);
  }
  const result = [...tables].map(([name, indexes]) => ({ name, indexes }));
  for (const table of result) if (table.indexes.length > 5) problems.push(`table ${table.name} would have ${table.indexes.length} indexes (its key's included): QLDB allows 5`);
  if (result.length > 19) problems.push(`${result.length} tables, and the erasure register makes one more: QLDB allows 20 active tables`);
  return [...result, { name: ERASURE_REGISTER_TABLE, indexes: ['keyDigest'] }];
}

function eraseOf(input: LifecycleInput, sources: DocumentSource[], problems: string[]): ErasePlan | null {
  const firstGenerated = sources.find((s) => s.kind === 'generated');
  if (input.erase === null) return null;
  if (input.erase === undefined) {
    // The default subject only exists when records are generated; inline documents name their own.
    return firstGenerated?.kind === 'generated' ? { field: WALKTHROUGH.erase.field, generated: { seed: firstGenerated.seed, index: WALKTHROUGH.erase.record } } : null;
  }
  const { field, value, record } = input.erase;
  if (value !== undefined) return { field, value };
  if (firstGenerated?.kind !== 'generated') {
    problems.push('input.erase.record names a generated record, but no ingest source generates records');
    return null;
  }
  if (record! > firstGenerated.count) problems.push(`input.erase.record ${record} is past the ${firstGenerated.count} records generated`);
  return { field, generated: { seed: firstGenerated.seed, index: record! } };
}
