/**
 * The projector's handler alone against DynamoDB Local (through the runtime, as the Lambda reaches it): the
 * recorded journal stream is handed to it in Lambda-sized batches, once onto an empty projection (every write
 * lands) and once more (a replay: every write is a stale no-op). The runtime runs in its own process with a
 * data directory, as in the end-to-end case; the handler runs in this one.
 */
import type { Context, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OUTPUT_KEYS } from '../infra/stacks/keydrill-stack';
import type { RecordedStream } from './record-journal-stream';
import { runtimeProcess } from './spawn-runtime';

/** The projector mapping's BatchSize (infra/constructs/journal-projection.ts). */
const KINESIS_RECORDS_PER_BATCH = 100;

export async function benchProjectorWrites(recorded: RecordedStream): Promise<Record<string, string | number>[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keydrill-bench-projector-writes-'));
  const { runtime, stop } = await runtimeProcess(dataDir, { stack: true });
  const savedEnv = { ...process.env };
  Object.assign(process.env, runtime.env, {
    PROJECTION_TABLE_NAME: runtime.outputs[OUTPUT_KEYS.projectionTableName],
    QUARANTINE_TABLE_NAME: runtime.outputs[OUTPUT_KEYS.quarantineTableName],
    PROJECTED_TABLES: '*',
    INDEXED_ATTRIBUTES: 'Accounts.owner',
  });
  const rows: Record<string, string | number>[] = [];
  try {
    const { handler } = require('../functions/projector/handler') as { handler: (event: KinesisStreamEvent, context: Context) => Promise<{ batchItemFailures: unknown[] }> };
    for (const pass of ['onto an empty projection', 'replayed (every write a stale no-op)']) {
      let failures = 0;
      const started = process.hrtime.bigint();
      for (let i = 0; i < recorded.records.length; i += KINESIS_RECORDS_PER_BATCH) {
        const Records: KinesisStreamRecord[] = recorded.records.slice(i, i + KINESIS_RECORDS_PER_BATCH);
        failures += (await handler({ Records }, {} as Context)).batchItemFailures.length;
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      rows.push({ pass, 'revisions / s': Math.round(recorded.revisions / seconds), 'batches': Math.ceil(recorded.records.length / KINESIS_RECORDS_PER_BATCH), 'failed records': failures });
    }
  } finally {
    process.env = savedEnv;
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}
