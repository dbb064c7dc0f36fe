import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import type { WriteIntent } from '../domain/projection/intents';
import { ProgressAccumulator } from '../domain/projection/progress-accumulator';
import { parseProjectionConfig } from '../domain/projection/config';
import { projectKinesisRecord } from '../domain/projection/project';
import { requiredEnv } from '../shared/env';
import { ProgressWriter } from './progress-writer';
import { TransactionWriter } from './transaction-writer';

/**
 * The projector: QLDB journal stream records (Kinesis, KPL-aggregated) → the DynamoDB projection.
 * The writes of the whole batch go out together, as transactions of up to 100 conditional writes
 * (transaction-writer.ts); each Kinesis record is still one Powertools batch item: its writes are
 * idempotent, so a record that failed half-way (throttling, DynamoDB unavailable) is simply reported in
 * batchItemFailures and projected again.
 */

const processor = new BatchProcessor(EventType.KinesisDataStreams);
const config = parseProjectionConfig({ projectedTables: process.env.PROJECTED_TABLES, indexedAttributes: process.env.INDEXED_ATTRIBUTES });
const client = new DynamoDBClient({});
const writer = new TransactionWriter(client, { projection: requiredEnv('PROJECTION_TABLE_NAME'), quarantine: requiredEnv('QUARANTINE_TABLE_NAME') });
const progressWriter = new ProgressWriter(client, requiredEnv('PROJECTION_TABLE_NAME'));

/** Each user record's intents, and which Kinesis record of the batch it came from. */
interface Sequence {
  record: KinesisStreamRecord;
  intents: WriteIntent[];
}

/** Plans every record; a record that cannot even be planned fails alone. */
function planBatch(records: readonly KinesisStreamRecord[], now: Date): { sequences: Sequence[]; failures: Map<KinesisStreamRecord, Error> } {
  const sequences: Sequence[] = [];
  const failures = new Map<KinesisStreamRecord, Error>();
  for (const record of records) {
    try {
      for (const { intents } of projectKinesisRecord(record, config, now)) sequences.push({ record, intents });
    } catch (e) {
      failures.set(record, e as Error);
    }
  }
  return { sequences, failures };
}

/**
 * Progress is written once per invocation, after the batch, from the user records that were projected: it then
 * also never claims a block whose revisions are still being written. If that write fails the invocation
 * fails, and the whole batch (idempotent) is retried.
 */
export async function handler(event: KinesisStreamEvent, context: Context): Promise<KinesisStreamBatchResponse> {
  const { sequences, failures } = planBatch(event.Records, new Date());
  const outcomes = await writer.run(sequences.map((s) => s.intents));
  const progress = new ProgressAccumulator();
  sequences.forEach(({ record, intents }, i) => {
    const error = outcomes[i];
    if (!error) progress.add(intents);
    else if (!failures.has(record)) failures.set(record, error);
  });
  // Powertools shapes the partial response (and fails the invocation when every record failed).
  const response = await processPartialResponse(
    event,
    async (record: KinesisStreamRecord) => {
      const error = failures.get(record);
      if (error) throw error;
    },
    processor,
    { context },
  );
  await progressWriter.run(progress.intents());
  return response;
}
