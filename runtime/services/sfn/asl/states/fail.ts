import type { StateResult, Visit } from '../engine';
import { StateFailure } from '../failure';
import { begin, fieldValue } from '../io';
import { evaluateExpression } from '../paths';

/**
 * Fail: the execution (or branch) fails with Error and Cause — JSONata expressions in a JSONata state — or with
 * the values ErrorPath and CausePath select (a path or an intrinsic function) from the state's input
 * (https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html).
 */
export async function runFail(visit: Visit): Promise<StateResult> {
  const { state } = visit;
  const stage = begin(visit);
  const text = (value: unknown) => (value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value));
  const read = (expression: string | undefined, field: string) => expression === undefined ? undefined : text(evaluateExpression(expression, visit.input, stage.scope, field));
  const error = text(await fieldValue(visit, stage, state.Error, 'Error')) ?? read(state.ErrorPath, 'ErrorPath');
  const cause = text(await fieldValue(visit, stage, state.Cause, 'Cause')) ?? read(state.CausePath, 'CausePath');
  throw new StateFailure(error ?? '', cause);
}
