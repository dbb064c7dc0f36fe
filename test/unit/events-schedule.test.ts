import { INVALID_SCHEDULE_MESSAGE, nextFireTime, parseScheduleExpression, type Schedule } from '../../runtime/services/events/schedule';

/**
 * ScheduleExpression parsing and next-fire times. Facts: docs/eventbridge-schedules.md. The rejected strings marked
 * "AWS" are ones AWS itself refused; the others follow the cron reference's field table.
 */

const parsed = (text: string, createdAt?: Date): Schedule => {
  const result = parseScheduleExpression(text, createdAt);
  if (!result.ok) throw new Error(`${text} was refused`);
  return result.schedule;
};

/** The next `count` fire times after `from`, each found from the one before. */
const fires = (text: string, from: string, count: number, createdAt?: string): string[] => {
  const schedule = parsed(text, createdAt ? new Date(createdAt) : undefined);
  const times: string[] = [];
  let after = new Date(from);
  for (let i = 0; i < count; i++) {
    const next = nextFireTime(schedule, after);
    if (!next) break;
    times.push(next.toISOString().replace(':00.000Z', 'Z'));
    after = next;
  }
  return times;
};

describe('parseScheduleExpression accepts', () => {
  test.each([
    'rate(1 minute)',
    'rate(5 minutes)',
    'rate(1 hour)',
    'rate(12 hours)',
    'rate(1 day)',
    'rate(7 days)',
    'rate(1440 minutes)',
    // cron: the AWS examples
    'cron(0 2 ? * SAT *)',
    'cron(0 12 * * ? *)',
    'cron(5,35 14 * * ? *)',
    'cron(15 10 ? * 6L 2002-2005)',
    'cron(0 2 ? * SAT#3 *)',
    'cron(* * ? * SAT#3 *)',
    'cron(0/5 5 ? JAN 1-5 2022)',
    'cron(0 10 * * ? *)',
    'cron(0 18 ? * MON-FRI *)',
    'cron(0 8 1 * ? *)',
    'cron(0/15 * * * ? *)',
    'cron(0/10 * ? * MON-FRI *)',
    'cron(0/5 8-17 ? * MON-FRI *)',
    'cron(0/30 20-23 ? * MON-FRI *)',
    'cron(1/10 * * * ? *)',
    'cron(0 9 ? * 3#2 *)',
    'cron(0 9 3W * ? *)',
    // the rest of the field table
    'cron(*/7 * * * ? *)',
    'cron(0 0 L * ? *)',
    'cron(0 0 L-3 * ? *)',
    'cron(0 0 LW * ? *)',
    'cron(0 0 ? * L *)',
    'cron(0 0 ? * FRIL *)',
    'cron(0 0 1-15/2 * ? *)',
    'cron(0 0 ? JAN,FEB,MAR 1,3,5 *)',
    'cron(0 0 1 jan-jun ? *)',
    'cron(0 0 ? * mon,wed *)',
    'cron(0 0 1 */3 ? *)',
    'cron(59 23 31 12 ? 2199)',
    'cron(0 0 1 1 ? 1970)',
    'cron(0 0 1 1 ? 2030/10)',
    'cron(00 05 01 01 ? *)',
    'cron(0 0 30 2 ? *)',
    'cron(0 0 ? * 7#5 *)',
    'cron(0/20,45 * * * ? *)',
    'cron(0  12 * * ? *)',
  ])('%s', (text) => {
    expect(parseScheduleExpression(text)).toMatchObject({ ok: true, schedule: { kind: text.startsWith('rate') ? 'rate' : 'cron', expression: text } });
  });
});

describe('parseScheduleExpression refuses, with ValidationException "Parameter ScheduleExpression is not valid."', () => {
  test.each([
    // rate, every one refused by AWS
    'rate(10 seconds)',
    'rate(10 years)',
    'rate(1 minutes)',
    'rate(1 hours)',
    'rate(1 days)',
    'rate(10 minute)',
    'rate(10 hour)',
    'rate(10 day)',
    'rate()',
    'rate(10)',
    'rate(10 minutess)',
    'rate(foo minutes)',
    'rate(0 minutes)',
    'rate(-10 minutes)',
    'rate(10 MINUTES)',
    'rate( 10 minutes )',
    ' rate(10 minutes)',
    // rate, same grammar
    'rate(10 minutes) ',
    'rate(10  minutes)',
    'rate(1.5 hours)',
    'rate(+5 minutes)',
    'Rate(5 minutes)',
    'rate(5 weeks)',
    'rate 5 minutes',
    // cron, refused by AWS
    'cron(0 1 * * * *)',
    'cron(7 20 * * NOT *)',
    'cron(INVALID)',
    'cron(0 dummy ? * MON-FRI *)',
    'cron(71 8 1 * ? *)',
    // cron: shape
    'cron()',
    'cron(0 12 * * ?)',
    'cron(0 0 12 * * ? *)',
    'cron( 0 12 * * ? *)',
    'cron(0 12 * * ? * )',
    'cron(0 12 * * ? *',
    ' cron(0 12 * * ? *)',
    'CRON(0 12 * * ? *)',
    'cron(0\t12 * * ? *)',
    // cron: Day-of-month and Day-of-week
    'cron(0 12 ? * ? *)',
    'cron(0 12 1 * MON *)',
    'cron(0 12 * * MON *)',
    'cron(0 12 1 * * *)',
    // cron: ranges of values
    'cron(60 * * * ? *)',
    'cron(0 24 * * ? *)',
    'cron(0 0 0 * ? *)',
    'cron(0 0 32 * ? *)',
    'cron(0 0 1 0 ? *)',
    'cron(0 0 1 13 ? *)',
    'cron(0 0 ? * 0 *)',
    'cron(0 0 ? * 8 *)',
    'cron(0 0 1 * ? 1969)',
    'cron(0 0 1 * ? 2200)',
    'cron(-1 0 1 * ? *)',
    'cron(1.5 0 1 * ? *)',
    // cron: lists, ranges, steps
    'cron(0, 0 1 * ? *)',
    'cron(,0 0 1 * ? *)',
    'cron(0 0 1 * ? *,)',
    'cron(0-5-9 0 1 * ? *)',
    'cron(5-0 0 1 * ? *)',
    'cron(0 0 ? * FRI-MON *)',
    'cron(0/0 * * * ? *)',
    'cron(0/61 * * * ? *)',
    'cron(0/5/5 * * * ? *)',
    'cron(/5 * * * ? *)',
    'cron(0/ * * * ? *)',
    'cron(*/x * * * ? *)',
    'cron(0 0 ? * */2 *)',
    'cron(0 0 ? * MON/2 *)',
    'cron(0 0 1 JANUARY ? *)',
    'cron(0 0 1 * ? MON)',
    'cron(JAN 0 1 * ? *)',
    'cron(0 0 MON * ? *)',
    // cron: L, W, #
    'cron(0 0 L-0 * ? *)',
    'cron(0 0 L-31 * ? *)',
    'cron(0 0 L,15 * ? *)',
    'cron(0 0 1-5W * ? *)',
    'cron(0 0 1W,15 * ? *)',
    'cron(0 0 32W * ? *)',
    'cron(0 0 W * ? *)',
    'cron(0 0 LW-1 * ? *)',
    'cron(0 0 ? * 8L *)',
    'cron(0 0 ? * L,MON *)',
    'cron(0 0 ? * 3#1,6#3 *)',
    'cron(0 0 ? * 3#0 *)',
    'cron(0 0 ? * 3#6 *)',
    'cron(0 0 ? * 8#1 *)',
    'cron(0 0 ? * #1 *)',
    'cron(0 0 ? * 3# *)',
    'cron(0 0 L * L *)',
    'cron(0 0 ? * 3W *)',
    'cron(0 0 3#1 * ? *)',
    'cron(0 0 ? L * *)',
    'cron(L 0 1 * ? *)',
    // neither form
    '',
    'at(2026-12-02T10:00:00)',
    'every 5 minutes',
  ])('%p', (text) => {
    expect(parseScheduleExpression(text)).toEqual({ ok: false, message: INVALID_SCHEDULE_MESSAGE });
  });

  test('the message is AWS\'s', () => {
    expect(INVALID_SCHEDULE_MESSAGE).toBe('Parameter ScheduleExpression is not valid.');
  });
});

describe('nextFireTime: rate schedules count periods from the rule\'s creation', () => {
  test.each([
    ['rate(5 minutes)', '2026-12-02T10:03:20Z', '2026-12-02T10:03:20Z', ['2026-12-02T10:08Z', '2026-12-02T10:13Z', '2026-12-02T10:18Z']],
    ['rate(1 minute)', '2026-12-02T10:00:00Z', '2026-12-02T10:00:00Z', ['2026-12-02T10:01Z', '2026-12-02T10:02Z']],
    ['rate(1 hour)', '2026-12-02T10:59:59Z', '2026-12-02T11:00:00Z', ['2026-12-02T11:59Z', '2026-12-02T12:59Z']],
    ['rate(2 days)', '2026-12-30T23:30:00Z', '2026-12-31T00:00:00Z', ['2027-01-01T23:30Z', '2027-01-03T23:30Z']],
    // asked long after creation: the next multiple of the period, not `after` + period
    ['rate(7 minutes)', '2026-12-02T10:00:00Z', '2026-12-02T11:00:00Z', ['2026-12-02T11:03Z', '2026-12-02T11:10Z']],
    // asked exactly at a fire time: the one after it
    ['rate(10 minutes)', '2026-12-02T10:00:00Z', '2026-12-02T10:20:00Z', ['2026-12-02T10:30Z']],
    // asked before creation: the first period after creation
    ['rate(10 minutes)', '2026-12-02T10:00:00Z', '2026-12-01T00:00:00Z', ['2026-12-02T10:10Z']],
  ])('%s created %s, after %s', (text, createdAt, from, expected) => {
    expect(fires(text, from, expected.length, createdAt)).toEqual(expected);
  });

  test('without a creation time, periods count from the Unix epoch', () => {
    expect(fires('rate(1 day)', '2026-12-02T10:00:00Z', 1)).toEqual(['2026-12-03T00:00Z']);
  });
});

describe('nextFireTime: cron schedules in UTC', () => {
  // 2026-12-02 is a Wednesday. 2027-02 has 28 days, 2028-02 has 29.
  test.each([
    ['cron(0 12 * * ? *)', '2026-12-02T11:59:59Z', ['2026-12-02T12:00Z', '2026-12-03T12:00Z']],
    ['cron(0 12 * * ? *)', '2026-12-02T12:00:00Z', ['2026-12-03T12:00Z']],
    ['cron(0 12 * * ? *)', '2026-12-02T12:00:30Z', ['2026-12-03T12:00Z']],
    ['cron(* * * * ? *)', '2026-12-02T10:00:30Z', ['2026-12-02T10:01Z', '2026-12-02T10:02Z']],
    ['cron(5,35 14 * * ? *)', '2026-12-02T14:10:00Z', ['2026-12-02T14:35Z', '2026-12-03T14:05Z', '2026-12-03T14:35Z']],
    ['cron(0/15 * * * ? *)', '2026-12-02T10:07:00Z', ['2026-12-02T10:15Z', '2026-12-02T10:30Z', '2026-12-02T10:45Z', '2026-12-02T11:00Z']],
    ['cron(1/10 * * * ? *)', '2026-12-02T10:55:00Z', ['2026-12-02T11:01Z', '2026-12-02T11:11Z']],
    ['cron(0/20,45 * * * ? *)', '2026-12-02T10:41:00Z', ['2026-12-02T10:45Z', '2026-12-02T11:00Z']],
    ['cron(59 23 31 12 ? *)', '2026-12-02T00:00:00Z', ['2026-12-31T23:59Z', '2027-12-31T23:59Z']],
    ['cron(0 0 1 */3 ? *)', '2026-12-02T00:00:00Z', ['2027-01-01T00:00Z', '2027-04-01T00:00Z', '2027-07-01T00:00Z']],
    ['cron(0 18 ? * MON-FRI *)', '2026-12-04T18:00:00Z', ['2026-12-07T18:00Z', '2026-12-08T18:00Z']],
    ['cron(0 2 ? * SAT *)', '2026-12-02T00:00:00Z', ['2026-12-05T02:00Z', '2026-12-12T02:00Z']],
    ['cron(0 2 ? * 1 *)', '2026-12-02T00:00:00Z', ['2026-12-06T02:00Z']],
    ['cron(0 0 ? * mon,wed *)', '2026-12-02T00:00:00Z', ['2026-12-07T00:00Z', '2026-12-09T00:00Z']],
    // L, L-n, LW in Day-of-month
    ['cron(0 0 L * ? *)', '2027-01-31T00:00:00Z', ['2027-02-28T00:00Z', '2027-03-31T00:00Z', '2027-04-30T00:00Z']],
    ['cron(0 0 L * ? 2028)', '2028-02-01T00:00:00Z', ['2028-02-29T00:00Z']],
    ['cron(0 0 L-3 * ? *)', '2027-02-01T00:00:00Z', ['2027-02-25T00:00Z', '2027-03-28T00:00Z']],
    ['cron(0 0 L-30 * ? *)', '2026-12-31T00:00:00Z', ['2027-01-01T00:00Z', '2027-03-01T00:00Z', '2027-05-01T00:00Z']],
    ['cron(0 0 LW * ? *)', '2027-01-01T00:00:00Z', ['2027-01-29T00:00Z', '2027-02-26T00:00Z', '2027-03-31T00:00Z', '2027-04-30T00:00Z']],
    // nW: 2027-05-01 is a Saturday, 2027-05-15 a Saturday, 2027-05-16 a Sunday, 2027-10-31 a Sunday
    ['cron(0 9 1W 5 ? 2027)', '2027-01-01T00:00:00Z', ['2027-05-03T09:00Z']],
    ['cron(0 9 15W 5 ? 2027)', '2027-01-01T00:00:00Z', ['2027-05-14T09:00Z']],
    ['cron(0 9 16W 5 ? 2027)', '2027-01-01T00:00:00Z', ['2027-05-17T09:00Z']],
    ['cron(0 9 31W 10 ? 2027)', '2027-01-01T00:00:00Z', ['2027-10-29T09:00Z']],
    ['cron(0 9 3W * ? *)', '2026-12-02T00:00:00Z', ['2026-12-03T09:00Z', '2027-01-04T09:00Z']],
    // 31W skips months without a 31st
    ['cron(0 9 31W * ? 2027)', '2027-04-01T00:00:00Z', ['2027-05-31T09:00Z', '2027-07-30T09:00Z']],
    // # and L in Day-of-week
    ['cron(0 2 ? * SAT#3 *)', '2026-12-02T00:00:00Z', ['2026-12-19T02:00Z', '2027-01-16T02:00Z']],
    ['cron(0 9 ? * 3#2 *)', '2026-12-02T00:00:00Z', ['2026-12-08T09:00Z', '2027-01-12T09:00Z']],
    ['cron(0 0 ? * 7#5 *)', '2026-12-02T00:00:00Z', ['2027-01-30T00:00Z', '2027-05-29T00:00Z']],
    ['cron(15 10 ? * 6L *)', '2026-12-02T00:00:00Z', ['2026-12-25T10:15Z', '2027-01-29T10:15Z', '2027-02-26T10:15Z']],
    ['cron(0 0 ? * L *)', '2026-12-02T00:00:00Z', ['2026-12-26T00:00Z', '2027-01-30T00:00Z']],
    // years; 1-5 is Sunday to Thursday, and 2027-01-01 is a Friday
    ['cron(0/5 5 ? JAN 1-5 2027)', '2026-12-02T00:00:00Z', ['2027-01-03T05:00Z', '2027-01-03T05:05Z']],
    ['cron(0 0 1 1 ? 2030/10)', '2026-12-02T00:00:00Z', ['2030-01-01T00:00Z', '2040-01-01T00:00Z']],
    ['cron(59 23 31 12 ? 2199)', '2026-12-02T00:00:00Z', ['2199-12-31T23:59Z']],
    ['cron(0 0 29 2 ? *)', '2026-12-02T00:00:00Z', ['2028-02-29T00:00Z', '2032-02-29T00:00Z']],
  ])('%s after %s', (text, from, expected) => {
    expect(fires(text, from, expected.length, undefined)).toEqual(expected);
  });

  test.each([
    ['years that are all past', 'cron(15 10 ? * 6L 2002-2005)'],
    ['a day that never occurs', 'cron(0 0 30 2 ? *)'],
    ['the last minute there is, once passed', 'cron(59 23 31 12 ? 2199)'],
  ])('%s: no next fire time', (_name, text) => {
    expect(nextFireTime(parsed(text), new Date('2199-12-31T23:59:00Z'))).toBeUndefined();
  });

  test('the same schedule answers the same whatever the process time zone (no local-time arithmetic)', () => {
    const schedule = parsed('cron(30 0 ? * MON *)');
    const before = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      expect(nextFireTime(schedule, new Date('2026-12-02T00:00:00Z'))?.toISOString()).toBe('2026-12-07T00:30:00.000Z');
    } finally {
      process.env.TZ = before;
    }
  });
});
