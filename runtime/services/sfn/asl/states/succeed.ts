import type { StateResult, Visit } from '../engine';
import { effectiveInput, passThroughOutput } from '../io';

/** Succeed ends its branch with its effective input (https://docs.aws.amazon.com/step-functions/latest/dg/state-succeed.html). */
export async function runSucceed(visit: Visit): Promise<StateResult> {
  const scope = visit.scope();
  return { output: passThroughOutput(visit, effectiveInput(visit, scope), scope) };
}
