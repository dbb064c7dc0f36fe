import { type CronSchedule, parseCronFields } from './cron-fields';
import { nextCronFire } from './cron-next';
import { nextRateFire, parseRate, type RateSchedule } from './rate';

/**
 * A rule's ScheduleExpression: `rate(n unit)` or `cron(six fields)`, read as strictly as PutRule reads it, and
 * when it fires next (UTC, whole minutes). Facts: docs/eventbridge-schedules.md.
 */

export type Schedule = RateSchedule | CronSchedule;

export type ScheduleParse = { ok: true; schedule: Schedule } | { ok: false; message: string };

/** The one message PutRule gives for every malformed expression (docs/eventbridge-schedules.md#validation). */
export const INVALID_SCHEDULE_MESSAGE = 'Parameter ScheduleExpression is not valid.';

/**
 * `createdAt` is when the rule was created: a rate schedule counts its periods from it
 * (docs/eventbridge-schedules.md#rate-expressions). Callers that only validate may leave it out; the schedule then
 * counts from the Unix epoch.
 */
export function parseScheduleExpression(text: string, createdAt: Date = new Date(0)): ScheduleParse {
  const schedule = text.startsWith('rate(') ? parseRate(text, createdAt) : text.startsWith('cron(') ? parseCronFields(text) : undefined;
  return schedule ? { ok: true, schedule } : { ok: false, message: INVALID_SCHEDULE_MESSAGE };
}

/**
 * The first time strictly after `after` at which the schedule fires, or undefined when it never fires again
 * (AWS accepts cron expressions whose years are all past, or whose day never occurs, such as 30 February).
 */
export function nextFireTime(schedule: Schedule, after: Date): Date | undefined {
  return schedule.kind === 'rate' ? nextRateFire(schedule, after) : nextCronFire(schedule, after);
}
