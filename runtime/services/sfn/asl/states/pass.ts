import type { StateResult, Visit } from '../engine';
import { effectiveInput, parameters, resultOutput } from '../io';

/** Pass: its Result, or its effective parameters, is its result (https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html). */
export async function runPass(visit: Visit): Promise<StateResult> {
  const scope = visit.scope();
  const effective = effectiveInput(visit, scope);
  const result = visit.state.Result !== undefined ? visit.state.Result : parameters(visit, effective, scope);
  return resultOutput(visit, result, scope);
}
