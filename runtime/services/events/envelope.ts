import { randomUUID } from 'node:crypto';
import type { Scope } from '../../core/scope';
import type { EventEnvelope, IngestedEvent } from './model';
import { type JsonValue, parseJson } from './pattern/json';

/** Event times are ISO-8601 to the second, as EventBridge writes them ("2026-12-01T10:00:00Z"). */
export const eventTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The envelope of an event entering a bus (https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html). */
export function envelope(scope: Scope, fields: { source: string; detailType: string; detail: Record<string, unknown>; resources?: string[]; time: Date; id?: string }): EventEnvelope {
  return {
    version: '0',
    id: fields.id ?? randomUUID(),
    'detail-type': fields.detailType,
    source: fields.source,
    account: scope.account,
    time: eventTime(fields.time),
    region: scope.region,
    resources: fields.resources ?? [],
    detail: fields.detail,
  };
}

/**
 * The event as rules see it. `detailText`, when given, is the Detail the caller sent: parsed by the pattern
 * module's parser, its numbers keep their exact text (docs/eventbridge-patterns.md#numbers).
 */
export function ingested(event: EventEnvelope, ingestedAt: number, detailText?: string, readOnlyManagementEvent?: boolean): IngestedEvent {
  const { detail, ...rest } = event;
  const members = new Map<string, JsonValue>(Object.entries(rest).map(([key, value]) => [key, jsonValue(value)]));
  members.set('detail', detailText === undefined ? jsonValue(detail) : parseJson(detailText));
  return { envelope: event, matchable: { type: 'object', members, end: 0 }, ingestedAt, ...(readOnlyManagementEvent ? { readOnlyManagementEvent } : {}) };
}

/** A plain JSON value in the parser's form (positions are meaningless here: only patterns report them). */
function jsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return { type: 'null', end: 0 };
  if (typeof value === 'string') return { type: 'string', value, end: 0 };
  if (typeof value === 'number') return { type: 'number', raw: String(value), value, end: 0 };
  if (typeof value === 'boolean') return { type: 'boolean', value, end: 0 };
  if (Array.isArray(value)) return { type: 'array', items: value.map(jsonValue), end: 0 };
  return { type: 'object', members: new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, jsonValue(v)])), end: 0 };
}
