/**
 * `npm run bench:projector` — the journal projector's throughput, in sections that run in order:
 *   (a) the domain alone: recorded KPL-aggregated QLDB stream records (a seeded ledger history, as QLDB puts
 *       it on 4 shards) de-aggregated, decoded and planned into DynamoDB writes, which are counted, not sent.
 *       It is the ceiling the Lambda can reach before any DynamoDB latency: revisions per second on one core.
 *   (b) the pipeline end to end at a steady 200 and 1,000 revisions/s (bench/projector-end-to-end.ts).
 */
import { parseProjectionConfig } from '../functions/domain/projection/config';
import { projectKinesisRecord } from '../functions/domain/projection/project';
import { journalStreamRecords, LedgerModel, packageForKinesis } from '../test/helpers/stream-records';
import { benchProjectionEndToEnd } from './projector-end-to-end';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const SECONDS_PER_CASE = Number(process.env.BENCH_SECONDS ?? 3);
const DOMAIN_TRANSACTIONS = Number(process.env.BENCH_TRANSACTIONS ?? 5000);

const sections: { name: string; run: () => Promise<void> }[] = [];

/** Registers a section; all of them run, in order, once this whole file has loaded. */
function section(name: string, run: () => Promise<void>): void {
  sections.push({ name, run });
}

setImmediate(async () => {
  for (const { name, run } of sections) {
    console.log(`\n${name}`);
    await run();
  }
});

section('(a) projector domain: de-aggregate + decode + plan, writes counted not sent', async () => {
  const model = new LedgerModel({ seed: 1, transactions: DOMAIN_TRANSACTIONS, tables: ['Accounts', 'Orders'] });
  const stream = journalStreamRecords(model, { completed: true });
  const { shards } = packageForKinesis(stream, [], model.random, { shards: 4, duplicateShare: 0, streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/bench' });
  const kinesisRecords = shards.flatMap((s) => s.records);
  const revisions = [...model.documents.values()].reduce((n, d) => n + d.revisions.length, 0);
  const config = parseProjectionConfig({ projectedTables: '*', indexedAttributes: 'Accounts.owner' });

  const perKind: Record<string, number> = {};
  let passes = 0;
  let writes = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + SECONDS_PER_CASE * 1000;
  do {
    const now = new Date();
    for (const record of kinesisRecords) {
      for (const { intents } of projectKinesisRecord(record, config, now)) {
        for (const intent of intents) {
          if (passes === 0) perKind[intent.kind] = (perKind[intent.kind] ?? 0) + 1;
          writes++;
        }
      }
    }
    passes++;
  } while (Date.now() < deadline);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  console.table({
    input: { value: `${kinesisRecords.length} Kinesis records (KPL), ${stream.length} stream records, ${revisions} revisions, ${passes} passes` },
    'revisions / s': { value: Math.round((revisions * passes) / seconds) },
    'stream records / s': { value: Math.round((stream.length * passes) / seconds) },
    'Kinesis records / s': { value: Math.round((kinesisRecords.length * passes) / seconds) },
    'write intents / s': { value: Math.round(writes / seconds) },
    // One DynamoDB request each, unless a history put finds a redaction that arrived first (two more then).
    'write intents per revision': { value: (writes / passes / revisions).toFixed(2) },
    'intents per pass': { value: JSON.stringify(perKind) },
  });
});

section('(b) end to end: commits through the driver → journal stream → Kinesis → projector Lambda → DynamoDB Local', () =>
  benchProjectionEndToEnd([200, 1000], Number(process.env.BENCH_E2E_SECONDS ?? 15)),
);
