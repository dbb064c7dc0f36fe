/**
 * `rate(value unit)` (docs/eventbridge-schedules.md#rate-expressions): a positive whole number, one space, and
 * `minute|hour|day` when the value is 1, `minutes|hours|days` otherwise. Nothing else: no spaces inside the
 * parentheses, no capitals, no seconds or years.
 */

export interface RateSchedule {
  kind: 'rate';
  expression: string;
  periodMinutes: number;
  /** Periods are counted from here: the rule's creation, truncated to its minute. */
  anchor: Date;
}

const RATE = /^rate\(([0-9]+) (minute|hour|day)(s?)\)$/;

const MINUTES_PER_UNIT = { minute: 1, hour: 60, day: 1440 } as const;

const MINUTE_MS = 60_000;

export function parseRate(text: string, createdAt: Date): RateSchedule | undefined {
  const match = RATE.exec(text);
  if (!match) return undefined;
  const [, digits, unit, plural] = match as unknown as [string, string, keyof typeof MINUTES_PER_UNIT, string];
  const value = Number(digits);
  if (!Number.isSafeInteger(value) || value < 1) return undefined;
  if ((value === 1) !== (plural === '')) return undefined;
  const periodMinutes = value * MINUTES_PER_UNIT[unit];
  if (!Number.isSafeInteger(periodMinutes * MINUTE_MS)) return undefined;
  return { kind: 'rate', expression: text, periodMinutes, anchor: new Date(Math.floor(createdAt.getTime() / MINUTE_MS) * MINUTE_MS) };
}

/** anchor + k·period for the smallest k ≥ 1 that lies strictly after `after`. */
export function nextRateFire(schedule: RateSchedule, after: Date): Date {
  const period = schedule.periodMinutes * MINUTE_MS;
  const anchor = schedule.anchor.getTime();
  const elapsed = after.getTime() - anchor;
  const periods = elapsed < 0 ? 1 : Math.floor(elapsed / period) + 1;
  return new Date(anchor + periods * period);
}
