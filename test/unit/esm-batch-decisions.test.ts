import { afterInvoke, batchLength, batchReady, bisect, EVENT_RECORD_OVERHEAD_BYTES, isTooOld, reportedFailures, type BatchPolicy } from '../../runtime/integrations/kinesis-esm/batch-decisions';
import { failurePointer, kinesisEventRecord } from '../../runtime/integrations/kinesis-esm/kinesis-event';

const records = (...seqs: string[]) => seqs.map((SequenceNumber) => ({ SequenceNumber }));
const batch = records('10', '20', '30', '40');
const policy = (p: Partial<BatchPolicy> = {}): BatchPolicy => ({ reportBatchItemFailures: true, bisectBatchOnFunctionError: false, maximumRetryAttempts: -1, ...p });
const failed = (...ids: unknown[]) => ({ batchItemFailures: ids.map((itemIdentifier) => ({ itemIdentifier })) });

describe('reportedFailures (ReportBatchItemFailures responses)', () => {
  test.each([null, undefined, {}, { batchItemFailures: null }, { batchItemFailures: [] }])('%p is complete success', (response) => {
    expect(reportedFailures(batch, response)).toEqual({ kind: 'none' });
  });

  test.each([
    ['an empty identifier', failed('')],
    ['a null identifier', failed(null)],
    ['a sequence number not in the batch', failed('99')],
    ['a misnamed key', { batchItemFailures: [{ itemId: '20' }] }],
    ['a response that is not an object', 'ok'],
    ['a list that is not a list', { batchItemFailures: '20' }],
  ])('%s is complete failure', (_name, response) => {
    expect(reportedFailures(batch, response)).toEqual({ kind: 'all' });
  });

  test('the batch failed from the lowest reported sequence number, whatever the order reported', () => {
    expect(reportedFailures(batch, failed('40', '20'))).toEqual({ kind: 'from', index: 1 });
  });
});

describe('afterInvoke', () => {
  test('success checkpoints the batch', () => {
    expect(afterInvoke(batch, { kind: 'success', response: null }, 0, policy())).toEqual({ kind: 'done' });
  });

  test('a response is ignored unless the mapping reports batch item failures', () => {
    expect(afterInvoke(batch, { kind: 'success', response: failed('20') }, 0, policy({ reportBatchItemFailures: false }))).toEqual({ kind: 'done' });
  });

  test('a partial failure checkpoints before the lowest failure and retries from there', () => {
    expect(afterInvoke(batch, { kind: 'success', response: failed('30') }, 0, policy())).toEqual({ kind: 'retry', succeeded: 2, records: records('30', '40'), attempts: 1 });
  });

  test('with bisect on, a partial failure splits at the reported record rather than halving', () => {
    expect(afterInvoke(batch, { kind: 'success', response: failed('30') }, 0, policy({ bisectBatchOnFunctionError: true }))).toMatchObject({ kind: 'retry', succeeded: 2 });
  });

  test('a function error retries the whole batch, counting retries', () => {
    expect(afterInvoke(batch, { kind: 'function-error' }, 1, policy())).toEqual({ kind: 'retry', succeeded: 0, records: batch, attempts: 2 });
  });

  test('bisecting a failed batch does not count as a retry; a single record cannot be split', () => {
    expect(afterInvoke(batch, { kind: 'function-error' }, 1, policy({ bisectBatchOnFunctionError: true }))).toEqual({ kind: 'bisect', halves: [records('10', '20'), records('30', '40')], attempts: 1 });
    expect(afterInvoke(records('10'), { kind: 'function-error' }, 0, policy({ bisectBatchOnFunctionError: true }))).toMatchObject({ kind: 'retry', attempts: 1 });
  });

  test('after MaximumRetryAttempts retries the failed records are given up', () => {
    expect(afterInvoke(batch, { kind: 'success', response: failed('20') }, 2, policy({ maximumRetryAttempts: 2 }))).toEqual({
      kind: 'give-up',
      succeeded: 1,
      records: records('20', '30', '40'),
      invocations: 3,
      condition: 'RetryAttemptsExhausted',
    });
    expect(afterInvoke(batch, { kind: 'function-error' }, 0, policy({ maximumRetryAttempts: 0 }))).toMatchObject({ kind: 'give-up', invocations: 1 });
    expect(afterInvoke(batch, { kind: 'function-error' }, 500, policy({ maximumRetryAttempts: -1 }))).toMatchObject({ kind: 'retry' });
  });
});

describe('batching and record age', () => {
  test('bisect keeps order and puts the extra record in the first half', () => {
    expect(bisect([1, 2, 3])).toEqual([[1, 2], [3]]);
  });

  test('a batch is ready when full, when the window has passed, when the shard ended, or at once without a window', () => {
    const now = 10_000;
    expect(batchReady({ buffered: 0, shardEnded: true }, 10, 0, now)).toBe(false);
    expect(batchReady({ buffered: 3, bufferedSinceMs: now, shardEnded: false }, 10, 0, now)).toBe(true);
    expect(batchReady({ buffered: 3, bufferedSinceMs: now - 500, shardEnded: false }, 10, 1, now)).toBe(false);
    expect(batchReady({ buffered: 3, bufferedSinceMs: now - 1000, shardEnded: false }, 10, 1, now)).toBe(true);
    expect(batchReady({ buffered: 10, bufferedSinceMs: now, shardEnded: false }, 10, 300, now)).toBe(true);
    expect(batchReady({ buffered: 1, bufferedSinceMs: now, shardEnded: true }, 10, 300, now)).toBe(true);
  });

  test('MaximumRecordAgeInSeconds -1 never expires records', () => {
    expect(isTooOld(0, Date.now(), -1)).toBe(false);
    expect(isTooOld(100, 161_000, 60)).toBe(true);
    expect(isTooOld(100, 160_000, 60)).toBe(false);
  });
});

describe('batchLength (the invocation payload limit)', () => {
  const MB = 1024 * 1024;
  test('takes up to BatchSize records while they fit the payload', () => {
    expect(batchLength([10, 10, 10], 2, 6 * MB)).toBe(2);
    expect(batchLength(Array(8).fill(MB), 100, 6 * MB)).toBe(5);
    expect(batchLength([3 * MB, 3 * MB - EVENT_RECORD_OVERHEAD_BYTES * 2], 100, 6 * MB)).toBe(2);
    expect(batchLength([3 * MB, 3 * MB], 100, 6 * MB)).toBe(1);
  });

  test('a record over the limit on its own still makes a batch of one', () => {
    expect(batchLength([7 * MB, 10], 100, 6 * MB)).toBe(1);
  });
});

describe('event shapes', () => {
  const source = { shardId: 'shardId-000000000006', streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/s', invokeIdentityArn: 'arn:aws:iam::000000000000:role/r', awsRegion: 'us-east-1' };
  const wire = { SequenceNumber: '4959', PartitionKey: 'pk', Data: 'aGk=', ApproximateArrivalTimestamp: 1700000000.5 };

  test('a record becomes the Lambda Kinesis event record', () => {
    expect(kinesisEventRecord(wire, source)).toEqual({
      kinesis: { kinesisSchemaVersion: '1.0', partitionKey: 'pk', sequenceNumber: '4959', data: 'aGk=', approximateArrivalTimestamp: 1700000000.5 },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: 'shardId-000000000006:4959',
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: source.invokeIdentityArn,
      awsRegion: 'us-east-1',
      eventSourceARN: source.streamArn,
    });
  });

  test('the on-failure pointer names the records instead of carrying them', () => {
    const pointer = failurePointer([wire, { ...wire, SequenceNumber: '4960', ApproximateArrivalTimestamp: 1700000001 }], source, {
      requestId: 'req',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
      condition: 'RecordAgeExceeded',
      approximateInvokeCount: 2,
      timestamp: new Date('2024-01-01T00:00:00Z'),
    });
    expect(pointer.KinesisBatchInfo).toEqual({
      shardId: 'shardId-000000000006',
      startSequenceNumber: '4959',
      endSequenceNumber: '4960',
      approximateArrivalOfFirstRecord: '2023-11-14T22:13:20.500Z',
      approximateArrivalOfLastRecord: '2023-11-14T22:13:21.000Z',
      batchSize: 2,
      streamArn: source.streamArn,
    });
    expect(pointer.requestContext).toEqual({ requestId: 'req', functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f', condition: 'RecordAgeExceeded', approximateInvokeCount: 2 });
    expect(JSON.stringify(pointer)).not.toContain('aGk=');
  });
});
