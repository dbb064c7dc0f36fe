/**
 * Records what the runtime's own journal stream puts on Kinesis: the keydrill stack runs in memory, a mix
 * of inserts, updates and deletes is committed through the real driver, and every Kinesis record of the
 * journal stream is read back (TRIM_HORIZON, every shard) in the shape Lambda hands the projector.
 */
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { GetDigestCommand, QLDBClient } from '@aws-sdk/client-qldb';
import type { KinesisStreamRecord } from 'aws-lambda';
import { load } from 'ion-js';
import { OUTPUT_KEYS } from '../infra/stacks/keydrill-stack';
import { startRuntime, synthesizeStack } from '../runtime';
import { qldbDriver } from '../test/helpers/qldb';
import { readJournalStream, readKinesisStream } from '../test/helpers/qldb-stream';
import { clientConfig } from '../test/helpers/runtime';

const WRITERS = 8;

export interface RecordedStream {
  records: KinesisStreamRecord[];
  streamRecords: number;
  revisions: number;
}

export async function recordJournalStream(transactions: number): Promise<RecordedStream> {
  const stack = synthesizeStack();
  const runtime = await startRuntime({ port: 0, stack: { name: stack.stackName, template: stack.template } });
  const ledger = runtime.outputs[OUTPUT_KEYS.ledgerName];
  const streamName = runtime.outputs[OUTPUT_KEYS.journalStreamName];
  const driver = qldbDriver(runtime, ledger, { maxConcurrentTransactions: WRITERS });
  const kinesis = new KinesisClient(clientConfig(runtime));
  const qldb = new QLDBClient(clientConfig(runtime));
  try {
    await driver.executeLambda((txn) => txn.execute('CREATE TABLE Accounts'));
    const live: string[] = [];
    let next = 0;
    // Deterministic mix: 6 in 10 transactions insert 1–4 documents, 3 update one, 1 deletes one.
    const writer = async () => {
      for (let i = next++; i < transactions; i = next++) {
        const kind = live.length < 20 ? 0 : i % 10;
        if (kind < 6) {
          const documents = Array.from({ length: 1 + (i % 4) }, (_, d) => ({ owner: `owner-${(i + d) % 97}`, balance: i * 10 + d, note: 'x'.repeat(100) }));
          const result = await driver.executeLambda((txn) => txn.execute('INSERT INTO Accounts ?', documents));
          live.push(...result.getResultList().map((r) => r.get('documentId')!.stringValue()!));
        } else if (kind < 9) {
          const id = live[(i * 7) % live.length];
          await driver.executeLambda((txn) => txn.execute('UPDATE Accounts AS a BY id SET a.balance = ? WHERE id = ?', i, id));
        } else {
          const [id] = live.splice((i * 13) % live.length, 1);
          await driver.executeLambda((txn) => txn.execute('DELETE FROM Accounts AS a BY id WHERE id = ?', id));
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, writer));

    const { DigestTipAddress } = await qldb.send(new GetDigestCommand({ Name: ledger }));
    const tip = load(DigestTipAddress!.IonText!)!.get('sequenceNo')!.numberValue()!;
    let delivered = await readJournalStream(kinesis, streamName);
    const highest = () => Math.max(-1, ...delivered.filter((r) => r.recordType === 'BLOCK_SUMMARY').map((r) => r.payload.get('blockAddress', 'sequenceNo')!.numberValue()!));
    while (highest() < tip) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      delivered = await readJournalStream(kinesis, streamName);
    }
    const raw = await readKinesisStream(kinesis, streamName);
    const streamArn = `arn:aws:kinesis:${runtime.region}:${runtime.account}:stream/${streamName}`;
    const records: KinesisStreamRecord[] = raw.map((r) => ({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: 'recorded',
        sequenceNumber: r.sequenceNumber,
        data: Buffer.from(r.data).toString('base64'),
        approximateArrivalTimestamp: r.arrival.getTime() / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${r.shardId}:${r.sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::000000000000:role/bench',
      awsRegion: runtime.region,
      eventSourceARN: streamArn,
    }));
    return { records, streamRecords: delivered.length, revisions: delivered.filter((r) => r.recordType === 'REVISION_DETAILS').length };
  } finally {
    driver.close();
    kinesis.destroy();
    qldb.destroy();
    await runtime.stop();
  }
}
