import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

/** The most a PutEvents request's entries may add up to (256 KB). */
export const MAX_PUT_EVENTS_BYTES = 256 * 1024;

/**
 * An entry's size as EventBridge counts it against the 256 KB limit: 14 bytes for a Time, plus the UTF-8 bytes
 * of Source, DetailType, Detail and each Resource (EventBusName and TraceHeader do not count).
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 */
export function entrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time !== undefined ? 14 : 0;
  for (const text of [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])]) {
    if (text !== undefined) size += Buffer.byteLength(text, 'utf8');
  }
  return size;
}

export const entriesSize = (entries: readonly PutEventsRequestEntry[]): number => entries.reduce((sum, entry) => sum + entrySize(entry), 0);
