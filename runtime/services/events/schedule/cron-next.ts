import type { CronSchedule, DaySelector } from './cron-fields';

/**
 * The next minute a cron schedule selects, in UTC (docs/eventbridge-schedules.md#when-a-schedule-fires).
 * Walks day by day, skipping whole years and months the schedule excludes, so even a schedule that fires once a
 * century is found in a few thousand steps, and one that never fires again ends at its last year.
 */

const MINUTE_MS = 60_000;

export function nextCronFire(schedule: CronSchedule, after: Date): Date | undefined {
  const start = new Date((Math.floor(after.getTime() / MINUTE_MS) + 1) * MINUTE_MS);
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth() + 1;
  let day = start.getUTCDate();
  let fromMinute = start.getUTCHours() * 60 + start.getUTCMinutes();
  const years = new Set(schedule.years);
  const lastYear = schedule.years[schedule.years.length - 1]!;
  while (year <= lastYear) {
    if (!years.has(year)) {
      [year, month, day, fromMinute] = [year + 1, 1, 1, 0];
    } else if (!schedule.months.has(month) || day > daysInMonth(year, month)) {
      [year, month, day, fromMinute] = month === 12 ? [year + 1, 1, 1, 0] : [year, month + 1, 1, 0];
    } else {
      const minuteOfDay = dayMatches(schedule.day, year, month, day) ? firstMinuteFrom(schedule, fromMinute) : undefined;
      if (minuteOfDay !== undefined) return new Date(Date.UTC(year, month - 1, day, Math.floor(minuteOfDay / 60), minuteOfDay % 60));
      [day, fromMinute] = [day + 1, 0];
    }
  }
  return undefined;
}

/** The first selected hour:minute of a day at or after `from` (minutes since midnight). */
function firstMinuteFrom(schedule: CronSchedule, from: number): number | undefined {
  for (const hour of schedule.hours) {
    for (const minute of schedule.minutes) {
      if (hour * 60 + minute >= from) return hour * 60 + minute;
    }
  }
  return undefined;
}

function dayMatches(selector: DaySelector, year: number, month: number, day: number): boolean {
  const lastDay = daysInMonth(year, month);
  switch (selector.kind) {
    case 'days-of-month':
      return selector.days.has(day);
    case 'last-day-of-month':
      return day === lastDay - selector.offset;
    case 'last-weekday-of-month':
      return day === nearestWeekday(year, month, lastDay);
    case 'nearest-weekday':
      return selector.day <= lastDay && day === nearestWeekday(year, month, selector.day);
    case 'days-of-week':
      return selector.days.has(dayOfWeek(year, month, day));
    case 'last-weekday-named':
      return dayOfWeek(year, month, day) === selector.weekday && day + 7 > lastDay;
    case 'nth-weekday':
      return dayOfWeek(year, month, day) === selector.weekday && Math.ceil(day / 7) === selector.nth;
  }
}

/** The weekday closest to `day` in its month: a Saturday moves to Friday (or to Monday the 3rd from the 1st), a Sunday to Monday (or to Friday from the month's last day). */
function nearestWeekday(year: number, month: number, day: number): number {
  const weekday = dayOfWeek(year, month, day);
  if (weekday === 7) return day > 1 ? day - 1 : day + 2;
  if (weekday === 1) return day < daysInMonth(year, month) ? day + 1 : day - 2;
  return day;
}

/** 1 = Sunday … 7 = Saturday, as the Day-of-week field counts. */
function dayOfWeek(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
