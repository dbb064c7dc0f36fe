import type { CancelTimer, RuntimeTimers } from '../../core/timers';
import { envelope } from './envelope';
import type { Events } from './events';
import { DEFAULT_BUS, type EventEnvelope, type EventRule } from './model';
import { nextFireTime, parseScheduleExpression, type Schedule } from './schedule';

/**
 * After a clock jump, a schedule fires once for every moment it missed, up to this many (an hour of
 * `rate(1 minute)`); older missed moments are skipped (README, Known differences), so a jump of days costs a
 * schedule's targets an hour's work, not days of it.
 */
export const MAX_CATCH_UP_FIRES = 60;

interface Armed {
  expression: string;
  cancel: CancelTimer;
}

/**
 * Rules with a ScheduleExpression (default bus only), fired on the runtime's timers, so advancing the runtime
 * clock fires them. Each fire delivers AWS's "Scheduled Event" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html).
 * The last moment fired is saved with the deliveries it produced (a delivery-queue cursor): a restart neither
 * repeats a fire nor loses one.
 */
export class Schedules {
  private readonly armed = new Map<string, Armed>();

  constructor(
    private readonly events: Events,
    private readonly timers: RuntimeTimers,
  ) {}

  /** Arms the schedules of enabled rules and disarms the others: after every change to the rules. */
  sync(): void {
    const rules = this.events.store.rules(DEFAULT_BUS).filter((rule) => rule.scheduleExpression !== undefined && rule.state !== 'DISABLED');
    const live = new Set(rules.map((rule) => rule.arn));
    for (const [arn, armed] of this.armed) {
      if (!live.has(arn)) this.disarm(arn, armed);
    }
    for (const rule of rules) {
      const armed = this.armed.get(rule.arn);
      if (armed?.expression === rule.scheduleExpression) continue;
      if (armed) this.disarm(rule.arn, armed);
      this.arm(rule);
    }
  }

  /** Forgets every armed schedule (the runtime's timers were cleared). */
  clear(): void {
    for (const [arn, armed] of this.armed) this.disarm(arn, armed);
  }

  private disarm(arn: string, armed: Armed): void {
    armed.cancel();
    this.armed.delete(arn);
  }

  private arm(rule: EventRule): void {
    const schedule = scheduleOf(rule);
    if (!schedule) return;
    const next = nextFireTime(schedule, this.lastFired(rule));
    // A cron expression whose moments are all past (or never occur) never fires again.
    if (!next) return;
    const cancel = this.timers.at(next, () => this.fire(rule.arn, rule.name, rule.scheduleExpression!));
    this.armed.set(rule.arn, { expression: rule.scheduleExpression!, cancel });
  }

  private lastFired(rule: EventRule): Date {
    return new Date(this.events.sink.cursor(cursorSource(rule)) ?? rule.createdAt);
  }

  /** The rule as it is now fires only if it still has the schedule this timer was armed for. */
  private fire(arn: string, name: string, expression: string): void {
    this.armed.delete(arn);
    const rule = this.events.store.rule(DEFAULT_BUS, name);
    if (!rule || rule.state === 'DISABLED' || rule.scheduleExpression !== expression) return;
    const schedule = scheduleOf(rule);
    if (!schedule) return;
    const moments = dueMoments(schedule, this.lastFired(rule), this.events.now());
    if (moments.length) {
      const scheduled = moments.map((time) => scheduledEvent(this.events, rule, time));
      this.events.deliverScheduled(rule, scheduled, { source: cursorSource(rule), value: moments[moments.length - 1].toISOString() });
    }
    this.arm(rule);
  }
}

const cursorSource = (rule: EventRule) => `schedule:${rule.arn}:${rule.createdAt}`;

function scheduleOf(rule: EventRule): Schedule | undefined {
  const parsed = parseScheduleExpression(rule.scheduleExpression!, new Date(rule.createdAt));
  return parsed.ok ? parsed.schedule : undefined;
}

/** The fire moments after `after` up to `now`, the latest MAX_CATCH_UP_FIRES of them. */
export function dueMoments(schedule: Schedule, after: Date, now: Date): Date[] {
  let moments: Date[] = [];
  for (let next = nextFireTime(schedule, after); next && next <= now; next = nextFireTime(schedule, next)) {
    moments.push(next);
    // Dropped in bulk, so a jump of a year of minutes stays linear.
    if (moments.length >= 2 * MAX_CATCH_UP_FIRES) moments = moments.slice(-MAX_CATCH_UP_FIRES);
  }
  return moments.slice(-MAX_CATCH_UP_FIRES);
}

function scheduledEvent(events: Events, rule: EventRule, time: Date): EventEnvelope {
  return envelope(events.scope, { source: 'aws.events', detailType: 'Scheduled Event', detail: {}, resources: [rule.arn], time });
}
