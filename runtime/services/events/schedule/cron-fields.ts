/**
 * `cron(Minutes Hours Day-of-month Month Day-of-week Year)` → the sets it selects, or undefined when PutRule
 * would refuse it (docs/eventbridge-schedules.md#cron-expressions).
 *
 * Hand-written rather than aws-cron-parser's `parse`: that package assumes its input was "validated by AWS
 * already" (it reads `5abc` as 5, `LW` as NaN, drops `45` from `0/20,45`), so it cannot be the check PutRule
 * makes, and its `next` is wrong for days that do not exist (docs/eventbridge-schedules.md#libraries).
 */

/** The day a cron expression fires on: exactly one of Day-of-month and Day-of-week is `?`, the other says. */
export type DaySelector =
  /** Day-of-month list, range, step or `*`. */
  | { kind: 'days-of-month'; days: ReadonlySet<number> }
  /** `L` (offset 0) or `L-n`: n days before the month's last day. */
  | { kind: 'last-day-of-month'; offset: number }
  /** `LW`: the month's last weekday. */
  | { kind: 'last-weekday-of-month' }
  /** `nW`: the weekday nearest day n, without leaving the month. */
  | { kind: 'nearest-weekday'; day: number }
  /** Day-of-week list, range or `*`; 1 = Sunday … 7 = Saturday. */
  | { kind: 'days-of-week'; days: ReadonlySet<number> }
  /** `nL` (and `L` alone, which is Saturday): the month's last such day of the week. */
  | { kind: 'last-weekday-named'; weekday: number }
  /** `n#k`: the k-th such day of the week in the month. */
  | { kind: 'nth-weekday'; weekday: number; nth: number };

export interface CronSchedule {
  kind: 'cron';
  expression: string;
  /** Ascending. */
  minutes: readonly number[];
  /** Ascending. */
  hours: readonly number[];
  months: ReadonlySet<number>;
  /** Ascending. */
  years: readonly number[];
  day: DaySelector;
}

interface FieldSpec {
  min: number;
  max: number;
  /** Three-letter names for min, min + 1, …, matched without regard to case. */
  names?: readonly string[];
  /** Whether `/` is one of the field's wildcards. */
  steps: boolean;
}

const MINUTES: FieldSpec = { min: 0, max: 59, steps: true };
const HOURS: FieldSpec = { min: 0, max: 23, steps: true };
const DAYS_OF_MONTH: FieldSpec = { min: 1, max: 31, steps: true };
const MONTHS: FieldSpec = { min: 1, max: 12, steps: true, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] };
/** The Day-of-week wildcards are `, - * ? L #`: no `/`. */
const DAYS_OF_WEEK: FieldSpec = { min: 1, max: 7, steps: false, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] };
const YEARS: FieldSpec = { min: 1970, max: 2199, steps: true };

const SATURDAY = 7;
/** `#` counts weeks of one month: there are at most five of any day of the week. */
const MAX_NTH = 5;
/** `L-n` may reach back to the 1st of a 31-day month. */
const MAX_LAST_DAY_OFFSET = 30;

export function parseCronFields(text: string): CronSchedule | undefined {
  if (!text.startsWith('cron(') || !text.endsWith(')')) return undefined;
  const body = text.slice('cron('.length, -1);
  if (body !== body.trim()) return undefined;
  const fields = body.split(/ +/);
  if (fields.length !== 6) return undefined;
  const [minuteField, hourField, dayOfMonthField, monthField, dayOfWeekField, yearField] = fields as [string, string, string, string, string, string];
  const minutes = parseList(minuteField, MINUTES);
  const hours = parseList(hourField, HOURS);
  const months = parseList(monthField, MONTHS);
  const years = parseList(yearField, YEARS);
  const day = daySelector(dayOfMonthField, dayOfWeekField);
  if (!minutes || !hours || !months || !years || !day) return undefined;
  return { kind: 'cron', expression: text, minutes, hours, months: new Set(months), years, day };
}

/** One of the two day fields must be `?` and the other must not: AWS refuses `cron(0 1 * * * *)`. */
function daySelector(dayOfMonth: string, dayOfWeek: string): DaySelector | undefined {
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) return undefined;
  return dayOfWeek === '?' ? dayOfMonthSelector(dayOfMonth) : dayOfWeekSelector(dayOfWeek);
}

function dayOfMonthSelector(field: string): DaySelector | undefined {
  if (field === 'L') return { kind: 'last-day-of-month', offset: 0 };
  if (field === 'LW') return { kind: 'last-weekday-of-month' };
  const lastMinus = /^L-([0-9]+)$/.exec(field);
  if (lastMinus) {
    const offset = Number(lastMinus[1]);
    return offset >= 1 && offset <= MAX_LAST_DAY_OFFSET ? { kind: 'last-day-of-month', offset } : undefined;
  }
  const weekday = /^([0-9]+)W$/.exec(field);
  if (weekday) {
    const day = valueOf(weekday[1]!, DAYS_OF_MONTH);
    return day === undefined ? undefined : { kind: 'nearest-weekday', day };
  }
  const days = parseList(field, DAYS_OF_MONTH);
  return days && { kind: 'days-of-month', days: new Set(days) };
}

function dayOfWeekSelector(field: string): DaySelector | undefined {
  if (field === 'L') return { kind: 'last-weekday-named', weekday: SATURDAY };
  const last = /^([^L#]+)L$/.exec(field);
  if (last) {
    const weekday = valueOf(last[1]!, DAYS_OF_WEEK);
    return weekday === undefined ? undefined : { kind: 'last-weekday-named', weekday };
  }
  // "3#1,6#3" is two expressions, and `#` allows only one.
  const nth = /^([^#,]+)#([0-9]+)$/.exec(field);
  if (nth) {
    const weekday = valueOf(nth[1]!, DAYS_OF_WEEK);
    const count = Number(nth[2]);
    return weekday === undefined || count < 1 || count > MAX_NTH ? undefined : { kind: 'nth-weekday', weekday, nth: count };
  }
  const days = parseList(field, DAYS_OF_WEEK);
  return days && { kind: 'days-of-week', days: new Set(days) };
}

/** A comma list of `*`, `v`, `a-b`, each optionally `/step`; the values it selects, ascending. */
function parseList(field: string, spec: FieldSpec): number[] | undefined {
  const selected = new Set<number>();
  for (const item of field.split(',')) {
    const values = parseItem(item, spec);
    if (!values) return undefined;
    for (const value of values) selected.add(value);
  }
  return [...selected].sort((a, b) => a - b);
}

function parseItem(item: string, spec: FieldSpec): number[] | undefined {
  const [range, step, ...extra] = item.split('/');
  if (extra.length > 0 || range === undefined) return undefined;
  let increment = 1;
  if (step !== undefined) {
    if (!spec.steps || !/^[0-9]+$/.test(step)) return undefined;
    increment = Number(step);
    if (increment < 1 || increment > spec.max - spec.min + 1) return undefined;
  }
  const bounds = rangeOf(range, spec, step !== undefined);
  if (!bounds) return undefined;
  const values: number[] = [];
  for (let value = bounds[0]; value <= bounds[1]; value += increment) values.push(value);
  return values;
}

/** `*`, `a-b`, or `v` (which runs to the field's end when a step follows: `5/15` is 5, 20, 35, 50). */
function rangeOf(range: string, spec: FieldSpec, stepped: boolean): [number, number] | undefined {
  if (range === '*') return [spec.min, spec.max];
  const [from, to, ...extra] = range.split('-');
  if (extra.length > 0 || from === undefined) return undefined;
  const start = valueOf(from, spec);
  if (start === undefined) return undefined;
  if (to === undefined) return [start, stepped ? spec.max : start];
  const end = valueOf(to, spec);
  // A range that runs backwards (FRI-MON) is refused rather than wrapped (docs/eventbridge-schedules.md#cron-expressions).
  return end === undefined || end < start ? undefined : [start, end];
}

function valueOf(text: string, spec: FieldSpec): number | undefined {
  if (/^[0-9]+$/.test(text)) {
    const value = Number(text);
    return value >= spec.min && value <= spec.max ? value : undefined;
  }
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  return index < 0 ? undefined : spec.min + index;
}
