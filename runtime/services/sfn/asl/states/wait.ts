import { parseTimestamp } from '../choice';
import type { StateResult, Visit } from '../engine';
import { ERRORS, StateFailure } from '../failure';
import type { Json } from '../host';
import { effectiveInput, passThroughOutput } from '../io';
import { queryPath } from '../paths';

/**
 * Wait: until entered time + Seconds, or until Timestamp, each possibly read from the input
 * (https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html). The length is scaled by the host's time
 * scale and counted from the recorded entered time, so after a restart the Wait keeps its deadline.
 */
export async function runWait(visit: Visit): Promise<StateResult> {
  const { state } = visit;
  const scope = visit.scope();
  const effective = effectiveInput(visit, scope);
  const entered = visit.entered.timestamp.getTime();
  const read = (path: string): Json => {
    const value = queryPath(path, effective, scope);
    if (value === undefined) throw new StateFailure(ERRORS.runtime, `Invalid path '${path}' : No results for path.`);
    return value;
  };
  let lengthMs: number;
  if (state.Seconds !== undefined || state.SecondsPath !== undefined) {
    const seconds = state.Seconds ?? read(state.SecondsPath!);
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw new StateFailure(ERRORS.runtime, `The SecondsPath parameter does not reference a valid non-negative integer: ${JSON.stringify(seconds)}`);
    }
    lengthMs = seconds * 1000;
  } else {
    const timestamp = state.Timestamp ?? read(state.TimestampPath!);
    const at = parseTimestamp(timestamp);
    if (at === undefined) throw new StateFailure(ERRORS.runtime, `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${JSON.stringify(timestamp)}`);
    lengthMs = Math.max(0, at - entered);
  }
  await visit.branch.sleepUntil(new Date(entered + lengthMs * visit.host.timeScale));
  return { output: passThroughOutput(visit, effective, scope), next: state.Next };
}
