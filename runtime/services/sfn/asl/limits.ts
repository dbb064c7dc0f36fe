import type { Json } from './host';
import { ERRORS, StateFailure } from './failure';

/**
 * Step Functions quotas the interpreter enforces
 * (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html#service-limits-task-executions).
 */
export const MAX_PAYLOAD_BYTES = 262_144;
export const MAX_HISTORY_EVENTS = 25_000;
/** A Task's TimeoutSeconds when the state gives none (https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html). */
export const DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;
/** An inline Map runs at most 40 iterations at once, whatever MaxConcurrency says (0 = no limit). */
export const INLINE_MAP_CONCURRENCY = 40;

/** The JSON text of a payload, or States.DataLimitExceeded when it is over 256 KiB of UTF-8. */
export function payloadText(value: Json, what: string): string {
  const text = JSON.stringify(value);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new StateFailure(ERRORS.dataLimitExceeded, `The ${what} of ${bytes} bytes exceeds the maximum of ${MAX_PAYLOAD_BYTES} bytes.`);
  }
  return text;
}
