import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { ProgressAccumulator } from '../domain/projection/progress-accumulator';
import { parseProjectionConfig } from '../domain/projection/config';
import { projectKinesisRecord } from '../domain/projection/project';
import { requiredEnv } from '../shared/env';
import { IntentExecutor } from './intent-executor';

/**
 * The projector: QLDB journal stream records (Kinesis, KPL-aggregated) → the DynamoDB projection.
 * Each Kinesis record is one Powertools batch item: its writes are idempotent, so a record that failed
 * half-way (throttling, DynamoDB unavailable) is simply reported in batchItemFailures and projected again.
 */

const processor = new BatchProcessor(EventType.KinesisDataStreams);
const config = parseProjectionConfig({ projectedTables: process.env.PROJECTED_TABLES, indexedAttributes: process.env.INDEXED_ATTRIBUTES });
const executor = new IntentExecutor(new DynamoDBClient({}), {
  projection: requiredEnv('PROJECTION_TABLE_NAME'),
  quarantine: requiredEnv('QUARANTINE_TABLE_NAME'),
});

/**
 * How many user records of one Kinesis record are written at once. Their writes commute (every one is
 * conditional on the version, see plan-writes.ts), so their order does not matter; a user record's own
 * intents still run in order.
 */
const USER_RECORD_CONCURRENCY = 8;

async function projectRecord(record: KinesisStreamRecord, progress: ProgressAccumulator): Promise<void> {
  const userRecords = projectKinesisRecord(record, config, new Date());
  let next = 0;
  const worker = async () => {
    while (next < userRecords.length) {
      const { intents } = userRecords[next++];
      await executor.run(intents.filter((intent) => intent.kind !== 'advance-progress'));
      progress.add(intents);
    }
  };
  // allSettled: every worker has stopped before the record is reported, so no write outlives the invocation.
  const results = await Promise.allSettled(Array.from({ length: Math.min(USER_RECORD_CONCURRENCY, userRecords.length) }, worker));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Progress is written once per invocation, after the batch, from the records that were projected: it then
 * also never claims a block whose revisions are still being written. If that write fails the invocation
 * fails, and the whole batch (idempotent) is retried.
 */
export async function handler(event: KinesisStreamEvent, context: Context): Promise<KinesisStreamBatchResponse> {
  const progress = new ProgressAccumulator();
  const response = await processPartialResponse(event, (record: KinesisStreamRecord) => projectRecord(record, progress), processor, { context });
  await executor.run(progress.intents());
  return response;
}
