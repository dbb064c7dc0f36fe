import { dueMoments, MAX_CATCH_UP_FIRES } from '../../runtime/services/events/schedules';
import { parseScheduleExpression, type Schedule } from '../../runtime/services/events/schedule';

const created = new Date('2026-12-01T10:00:30Z');
const schedule = (expression: string): Schedule => {
  const parsed = parseScheduleExpression(expression, created);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.schedule;
};

describe('dueMoments', () => {
  it('lists every moment after the last fire up to now, oldest first', () => {
    const moments = dueMoments(schedule('rate(1 minute)'), created, new Date('2026-12-01T10:05:10Z'));
    expect(moments.map((m) => m.toISOString())).toEqual(['10:01', '10:02', '10:03', '10:04', '10:05'].map((t) => `2026-12-01T${t}:00.000Z`));
  });

  it('lists nothing before the next moment, and a moment exactly now', () => {
    expect(dueMoments(schedule('rate(5 minutes)'), created, new Date('2026-12-01T10:04:59Z'))).toEqual([]);
    expect(dueMoments(schedule('rate(5 minutes)'), created, new Date('2026-12-01T10:05:00Z'))).toEqual([new Date('2026-12-01T10:05:00Z')]);
  });

  it(`keeps the latest ${MAX_CATCH_UP_FIRES} moments after a long jump`, () => {
    const now = new Date('2026-12-04T10:00:00Z');
    const moments = dueMoments(schedule('rate(1 minute)'), created, now);
    expect(moments).toHaveLength(MAX_CATCH_UP_FIRES);
    expect(moments[moments.length - 1]).toEqual(now);
    expect(moments[0]).toEqual(new Date(now.getTime() - (MAX_CATCH_UP_FIRES - 1) * 60_000));
  });

  it('handles a jump of a year of minutes', () => {
    const moments = dueMoments(schedule('rate(1 minute)'), created, new Date('2027-12-01T10:00:00Z'));
    expect(moments).toHaveLength(MAX_CATCH_UP_FIRES);
    expect(moments[moments.length - 1]).toEqual(new Date('2027-12-01T10:00:00Z'));
  });

  it('follows cron moments in UTC', () => {
    const moments = dueMoments(schedule('cron(0 12 * * ? *)'), created, new Date('2026-12-03T12:00:00Z'));
    expect(moments).toEqual([new Date('2026-12-01T12:00:00Z'), new Date('2026-12-02T12:00:00Z'), new Date('2026-12-03T12:00:00Z')]);
  });
});
