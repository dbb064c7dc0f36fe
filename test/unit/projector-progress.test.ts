import type { AdvanceProgress, WriteIntent } from '../../functions/domain/projection/intents';
import { ProgressAccumulator } from '../../functions/domain/projection/progress-accumulator';

const key = (ledger: string) => ({ pk: { S: 'PROGRESS' }, sk: { S: ledger } });
const block = (ledger: string, sequenceNo: number): AdvanceProgress => ({
  kind: 'advance-progress',
  key: key(ledger),
  set: { lastBlockSequenceNo: { N: String(sequenceNo) } },
  setIfAbsent: {},
  blockSequenceNo: sequenceNo,
});
const control = (ledger: string): AdvanceProgress => ({ kind: 'advance-progress', key: key(ledger), set: {}, setIfAbsent: { streamCreatedAt: { S: 'now' } } });
const put: WriteIntent = { kind: 'quarantine', item: { position: { S: 'p' } } };

describe('ProgressAccumulator', () => {
  test("keeps only each ledger's newest block, whatever the order of arrival", () => {
    const progress = new ProgressAccumulator();
    progress.add([block('a', 5), put]);
    progress.add([block('b', 2), block('a', 9)]);
    progress.add([block('a', 7)]);
    expect(progress.intents()).toEqual([block('a', 9), block('b', 2)]);
  });

  test('keeps every CONTROL update apart from the blocks, and ignores other intents', () => {
    const progress = new ProgressAccumulator();
    progress.add([put, control('a'), block('a', 1), control('a')]);
    expect(progress.intents()).toEqual([control('a'), control('a'), block('a', 1)]);
  });

  test('nothing added, nothing to write', () => {
    expect(new ProgressAccumulator().intents()).toEqual([]);
  });
});
