import { outcomesOfCancellation } from '../../functions/domain/projection/cancellation-reasons';
import type { PutIfAbsent, PutIfNewer, Quarantine, Redact, WriteIntent } from '../../functions/domain/projection/intents';
import { itemSize } from '../../functions/domain/projection/item-size';
import { WriteSequences } from '../../functions/domain/projection/write-sequences';
import { planWave, writeBytes, writeTarget, type HeadWrite } from '../../functions/domain/projection/write-waves';

const current = (id: string, version: number, extra: Record<string, { S: string }> = {}): PutIfNewer => ({
  kind: 'put-if-newer',
  item: { pk: { S: `DOC#${id}` }, sk: { S: 'CURRENT' }, version: { N: String(version) }, ...extra },
  version,
});
const history = (id: string, version: number, whenRedacted?: WriteIntent[]): PutIfAbsent => ({
  kind: 'put-if-absent',
  item: { pk: { S: `DOC#${id}` }, sk: { S: `V#${String(version).padStart(10, '0')}` }, version: { N: String(version) } },
  whenRedacted,
});
const redactCurrent = (id: string, version: number): Redact => ({ kind: 'redact', key: { pk: { S: `DOC#${id}` }, sk: { S: 'CURRENT' } }, set: { redacted: { BOOL: true } }, remove: ['data'], ifVersion: version });
const quarantine = (position: string): Quarantine => ({ kind: 'quarantine', item: { position: { S: position } } });
const progress: WriteIntent = { kind: 'advance-progress', key: { pk: { S: 'PROGRESS' }, sk: { S: 'l' } }, set: {}, setIfAbsent: {}, blockSequenceNo: 1 };
const heads = (...intents: HeadWrite['intent'][]): HeadWrite[] => intents.map((intent, owner) => ({ owner, intent }));

describe('planWave', () => {
  test("coalesces one document's put-if-newer writes into the newest version's, on behalf of every owner", () => {
    const wave = planWave(heads(current('a', 1), current('b', 0), current('a', 3), current('a', 2)));
    expect(wave.deferred).toEqual([]);
    expect(wave.transactions).toEqual([
      [
        { intent: current('a', 3), owners: [0, 2, 3] },
        { intent: current('b', 0), owners: [1] },
      ],
    ]);
  });

  test('a tombstone is a version like any other: the newest wins, older data does not', () => {
    const tombstone = current('a', 4, { deleted: { S: 'yes' } });
    const wave = planWave(heads(tombstone, current('a', 2)));
    expect(wave.transactions).toEqual([[{ intent: tombstone, owners: [0, 1] }]]);
  });

  test('any other second write to an item waits for the next wave, so no transaction touches an item twice', () => {
    const wave = planWave(heads(current('a', 1), redactCurrent('a', 1), history('a', 1), redactCurrent('b', 0), redactCurrent('b', 2)));
    expect(wave.transactions.flat().map((w) => w.owners)).toEqual([[0], [2], [3]]);
    expect(wave.deferred).toEqual([
      { owner: 1, intent: redactCurrent('a', 1) },
      { owner: 4, intent: redactCurrent('b', 2) },
    ]);
    for (const transaction of wave.transactions) {
      const targets = transaction.map((w) => writeTarget(w.intent));
      expect(new Set(targets).size).toBe(targets.length);
    }
  });

  test('a redaction first in line keeps the item: the put-if-newer after it waits', () => {
    const wave = planWave(heads(redactCurrent('a', 1), current('a', 2)));
    expect(wave.transactions).toEqual([[{ intent: redactCurrent('a', 1), owners: [0] }]]);
    expect(wave.deferred).toEqual([{ owner: 1, intent: current('a', 2) }]);
  });

  test('the quarantine table is another table: the same key text there is another item', () => {
    const sameText = quarantine(writeTarget(current('a', 1)));
    expect(planWave(heads(current('a', 1), sameText)).deferred).toEqual([]);
  });

  test('packs at most the item limit per transaction', () => {
    const wave = planWave(
      heads(...Array.from({ length: 7 }, (_, i) => current(`d${i}`, 0))),
      { items: 3, bytes: 1e9 },
    );
    expect(wave.transactions.map((t) => t.length)).toEqual([3, 3, 1]);
  });

  test('packs at most the byte limit per transaction; a write bigger than the limit goes alone', () => {
    const big = (id: string) => current(id, 0, { data: { S: 'x'.repeat(1000) } });
    const size = writeBytes(big('a'));
    expect(size).toBe(itemSize(big('a').item));
    const wave = planWave(heads(big('a'), big('b'), big('c'), current('d', 0)), { items: 100, bytes: 2 * size + 10 });
    expect(wave.transactions.map((t) => t.map((w) => w.owners[0]))).toEqual([[0, 1], [2, 3]]);
    expect(planWave(heads(big('a'), big('b')), { items: 100, bytes: size - 1 }).transactions.map((t) => t.length)).toEqual([1, 1]);
  });

  test('a redaction counts its key and the attributes it sets', () => {
    const r = redactCurrent('a', 1);
    expect(writeBytes(r)).toBe(itemSize({ ...r.key, ...r.set }));
  });
});

describe('outcomesOfCancellation', () => {
  test('a failed condition is a no-op (with the item when returned), None and TransactionConflict are sent again, the rest fail', () => {
    const item = { pk: { S: 'DOC#a' }, redacted: { BOOL: true } };
    expect(
      outcomesOfCancellation(
        [{ Code: 'ConditionalCheckFailed', Item: item }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'TransactionConflict' }, { Code: 'ThrottlingError', Message: 'slow down' }, {}],
        6,
        'cancelled',
      ),
    ).toEqual([{ kind: 'no-op', existing: item }, { kind: 'again' }, { kind: 'no-op' }, { kind: 'again' }, { kind: 'failed', code: 'ThrottlingError', message: 'slow down' }, { kind: 'again' }]);
  });

  test('a reason without a message fails with the exception message', () => {
    expect(outcomesOfCancellation([{ Code: 'ValidationError' }], 1, 'Transaction cancelled')).toEqual([{ kind: 'failed', code: 'ValidationError', message: 'Transaction cancelled' }]);
  });

  test('reasons missing, or not one per write, fail every write', () => {
    const failed = { kind: 'failed', code: 'TransactionCanceledException', message: 'm' };
    expect(outcomesOfCancellation(undefined, 2, 'm')).toEqual([failed, failed]);
    expect(outcomesOfCancellation([{ Code: 'None' }], 2, 'm')).toEqual([failed, failed]);
  });
});

describe('WriteSequences', () => {
  test('hands out heads in order, leaves progress out, and finishes when every sequence is empty', () => {
    const s = new WriteSequences([[current('a', 1), history('a', 1)], [progress], [quarantine('q')]], 3);
    expect(s.heads()).toEqual([
      { owner: 0, intent: current('a', 1) },
      { owner: 2, intent: quarantine('q') },
    ]);
    s.advance(0);
    s.advance(2);
    expect(s.heads()).toEqual([{ owner: 0, intent: history('a', 1) }]);
    expect(s.finished).toBe(false);
    s.advance(0);
    expect(s.finished).toBe(true);
    expect(s.outcomes()).toEqual([undefined, undefined, undefined]);
  });

  test('follow-up writes (a redaction found in the way) run before the rest of the sequence', () => {
    const follow = [redactCurrent('a', 1)];
    const s = new WriteSequences([[history('a', 1, follow), quarantine('after')]], 3);
    s.advance(0, follow);
    expect(s.heads()).toEqual([{ owner: 0, intent: redactCurrent('a', 1) }]);
    s.advance(0);
    expect(s.heads()).toEqual([{ owner: 0, intent: quarantine('after') }]);
  });

  test('a failure stops the sequence, keeps the first error, and leaves the others running', () => {
    const s = new WriteSequences([[current('a', 1), history('a', 1)], [current('b', 1)]], 3);
    const first = new Error('throttled');
    s.fail(0, first);
    s.fail(0, new Error('later'));
    s.advance(0);
    expect(s.heads()).toEqual([{ owner: 1, intent: current('b', 1) }]);
    s.advance(1);
    expect(s.finished).toBe(true);
    expect(s.outcomes()).toEqual([first, undefined]);
  });

  test('a head sent again too often fails its sequence; being written resets the count', () => {
    const s = new WriteSequences([[current('a', 1), history('a', 1)]], 3);
    s.again(0, 'conflict');
    s.again(0, 'conflict');
    s.advance(0);
    s.again(0, 'conflict');
    s.again(0, 'conflict');
    expect(s.outcomes()).toEqual([undefined]);
    s.again(0, 'conflict');
    expect(s.outcomes()[0]?.message).toBe('a write was cancelled 3 times (last: conflict)');
    expect(s.finished).toBe(true);
  });
});
