import { happenedDuringLock } from '../../functions/shared/drill-lock';

describe('which events a drill that holds the lock files (happenedDuringLock)', () => {
  const lock = { owner: 'arn:aws:states:us-east-1:000000000000:execution:drill:b', takenAt: '2026-12-03T08:00:05.700Z' };

  it('files an event of the second the lock was taken in, and after it', () => {
    expect(happenedDuringLock('2026-12-03T08:00:05Z', lock)).toBe(true);
    expect(happenedDuringLock('2026-12-03T08:00:06Z', lock)).toBe(true);
  });

  it('does not file an event from before the lock was taken: an earlier drill\'s, delivered late', () => {
    expect(happenedDuringLock('2026-12-03T08:00:04Z', lock)).toBe(false);
    expect(happenedDuringLock('2026-12-03T07:59:59Z', lock)).toBe(false);
  });

  it('files every event when the lock says nothing of its time (a lock written before it did)', () => {
    expect(happenedDuringLock('2026-12-03T07:00:00Z', { ...lock, takenAt: '' })).toBe(true);
  });
});
