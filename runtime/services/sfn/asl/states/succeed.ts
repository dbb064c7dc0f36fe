import type { StateResult, Visit } from '../engine';
import { begin, withoutResult } from '../io';

/** Succeed ends its branch with its effective input (https://docs.aws.amazon.com/step-functions/latest/dg/state-succeed.html). */
export async function runSucceed(visit: Visit): Promise<StateResult> {
  return withoutResult(visit, begin(visit), undefined);
}
