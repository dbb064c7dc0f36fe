import { parseTimestamp } from '../choice';
import type { StateResult, Visit } from '../engine';
import { ERRORS, StateFailure } from '../failure';
import type { Json } from '../host';
import { begin, fieldValue, withoutResult } from '../io';
import { queryPath } from '../paths';

/**
 * Wait: until entered time + Seconds, or until Timestamp, each possibly read from the input (…Path) or a JSONata
 * expression (https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html). The length is scaled by the
 * host's time scale and counted from the recorded entered time, so after a restart the Wait keeps its deadline.
 */
export async function runWait(visit: Visit): Promise<StateResult> {
  const { state } = visit;
  const stage = begin(visit);
  const entered = visit.entered.timestamp.getTime();
  const read = (path: string): Json => {
    const value = queryPath(path, stage.effective, stage.scope);
    if (value === undefined) throw new StateFailure(ERRORS.runtime, `Invalid path '${path}' : No results for path.`);
    return value;
  };
  let lengthMs: number;
  if (state.Seconds !== undefined || state.SecondsPath !== undefined) {
    const seconds = state.Seconds !== undefined ? await fieldValue(visit, stage, state.Seconds, 'Seconds') : read(state.SecondsPath!);
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw new StateFailure(ERRORS.runtime, `The Seconds value must be a non-negative integer, not ${JSON.stringify(seconds)}.`);
    }
    lengthMs = seconds * 1000;
  } else {
    const timestamp = state.Timestamp !== undefined ? await fieldValue(visit, stage, state.Timestamp, 'Timestamp') : read(state.TimestampPath!);
    const at = parseTimestamp(timestamp ?? null);
    if (at === undefined) throw new StateFailure(ERRORS.runtime, `The Timestamp value must be an ISO-8601 extended offset date-time string, not ${JSON.stringify(timestamp)}.`);
    lengthMs = Math.max(0, at - entered);
  }
  await visit.branch.sleepUntil(new Date(entered + lengthMs * visit.host.timeScale));
  return withoutResult(visit, stage, state.Next);
}
