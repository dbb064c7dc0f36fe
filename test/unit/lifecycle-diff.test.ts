import { load } from 'ion-js';
import { compareProjection } from '../../functions/domain/lifecycle/projection-diff';
import { holdsText } from '../../functions/domain/lifecycle/erasure';
import { ionStructToItem } from '../../functions/domain/projection/ion-to-dynamodb';
import { lifecycleReport, lifecycleVerdict } from '../../functions/domain/lifecycle/report';

const doc = (id: string, version: number, ion: string) => ({ documentId: id, version, data: ionStructToItem(load(ion)!) });

describe('compareProjection', () => {
  const ledger = [doc('a', 0, '{n:1.50, tags:["x"], m:{b:true}}'), doc('b', 2, '{n:2}')];

  it('is equal when every document is projected at its version with the same data, whatever the map order', () => {
    const projected = [doc('b', 2, '{n:2e0}'), doc('a', 0, '{m:{b:true}, tags:["x"], n:15d-1}')];
    expect(compareProjection('T', ledger, projected)).toEqual({ projected: 2, total: 2, differences: [] });
  });

  it('names missing, stale, different and extra documents', () => {
    const result = compareProjection('T', ledger, [doc('a', 0, '{n:1.5, tags:["y"], m:{b:true}}'), doc('b', 1, '{n:2}'), doc('c', 0, '{}')]);
    expect(result.projected).toBe(0);
    expect(result.differences).toEqual([expect.stringContaining('T/a: version 0 data differs'), 'T/b: version 2 committed, 1 projected', 'T/c: live in the projection at version 0, not in the ledger\'s committed view']);
    expect(compareProjection('T', ledger, []).differences).toEqual(['T/a: version 0 committed, not in the projection', 'T/b: version 2 committed, not in the projection']);
    expect(compareProjection('T', ledger, [], 1).differences).toHaveLength(1);
  });
});

test('holdsText finds a value at any depth, in strings, numbers and bytes', () => {
  expect(holdsText({ M: { a: { L: [{ S: 'x ada@example.com y' }] } } }, 'ada@example.com')).toBe(true);
  expect(holdsText({ B: Buffer.from('..ada@example.com..') }, 'ada@example.com')).toBe(true);
  expect(holdsText({ M: { a: { N: '12345' } } }, '234')).toBe(true);
  expect(holdsText({ M: { a: { S: 'grace@example.com' } } }, 'ada@example.com')).toBe(false);
});

describe('the report', () => {
  const base = { runId: 'arn:run', startedAt: '2025-01-01T00:00:00.000Z', ledgerName: 'L' };

  it('is FAILED for a failed check, ERROR for a broken step, PASSED otherwise', () => {
    expect(lifecycleVerdict(base)).toBe('PASSED');
    expect(lifecycleVerdict({ ...base, failedStep: 'audit', failure: { Error: 'ProofVerificationFailed', Cause: '{}' } })).toBe('FAILED');
    expect(lifecycleVerdict({ ...base, failedStep: 'verify', failure: { Error: 'ProjectionMismatch', Cause: 'x' } })).toBe('FAILED');
    expect(lifecycleVerdict({ ...base, failedStep: 'ingest', failure: { Error: 'States.TaskFailed', Cause: 'x' } })).toBe('ERROR');
  });

  it('keeps the digest and tip address, and a Lambda failure\'s message as the cause', () => {
    const report = lifecycleReport(
      {
        ...base,
        verify: { equal: true, projected: 59, total: 59, differences: [] },
        verifyPolls: { n: 3 },
        digest: { Digest: 'AAAA', DigestTipAddress: { IonText: '{strandId:"S1",sequenceNo:42}' } },
        audit: [{ verified: 40, erased: 0, redactedVerified: 0 }, { verified: 19, erased: 1, redactedVerified: 0 }],
        failedStep: 'erase',
        failure: { Error: 'ErasureIncomplete', Cause: JSON.stringify({ errorType: 'X', errorMessage: 'still held' }) },
      },
      new Date('2025-01-01T00:01:00.000Z'),
    );
    expect(report).toMatchObject({ verdict: 'FAILED', verify: { projected: 59, total: 59, polls: 3 }, audit: { digest: 'AAAA', tipAddress: { strandId: 'S1', sequenceNo: 42 }, verified: 59, erased: 1 }, failure: { step: 'erase', error: 'ErasureIncomplete', cause: 'still held' }, endedAt: '2025-01-01T00:01:00.000Z' });
  });
});
