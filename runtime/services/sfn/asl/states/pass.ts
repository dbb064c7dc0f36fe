import type { StateResult, Visit } from '../engine';
import { argumentsOf, begin, withoutResult, withResult } from '../io';

/**
 * Pass: in JSONPath its Result, or its effective parameters, is its result; in JSONata it only has Output
 * (https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html).
 */
export async function runPass(visit: Visit): Promise<StateResult> {
  const stage = begin(visit);
  if (visit.queryLanguage === 'JSONata') return withoutResult(visit, stage, visit.state.Next);
  const result = visit.state.Result !== undefined ? visit.state.Result : await argumentsOf(visit, stage);
  return withResult(visit, stage, result);
}
