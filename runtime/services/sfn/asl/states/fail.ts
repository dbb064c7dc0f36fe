import type { StateResult, Visit } from '../engine';
import { StateFailure } from '../failure';
import { evaluateExpression } from '../paths';

/**
 * Fail: the execution (or branch) fails with Error and Cause, or with the values ErrorPath and CausePath select
 * (a path or an intrinsic function) from the state's input (https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html).
 */
export async function runFail(visit: Visit): Promise<StateResult> {
  const { state } = visit;
  const scope = visit.scope();
  const read = (expression: string | undefined, field: string) => {
    if (expression === undefined) return undefined;
    const value = evaluateExpression(expression, visit.input, scope, field);
    return typeof value === 'string' ? value : JSON.stringify(value);
  };
  const error = state.Error ?? read(state.ErrorPath, 'ErrorPath');
  const cause = state.Cause ?? read(state.CausePath, 'CausePath');
  throw new StateFailure(error ?? '', cause);
}
