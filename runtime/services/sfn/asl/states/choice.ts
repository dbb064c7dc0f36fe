import { matches } from '../choice';
import type { StateResult, Visit } from '../engine';
import { ERRORS, StateFailure } from '../failure';
import { effectiveInput, passThroughOutput } from '../io';

/**
 * Choice: the first rule that matches names the next state, else Default, else States.NoChoiceMatched
 * (https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html).
 */
export async function runChoice(visit: Visit): Promise<StateResult> {
  const { state } = visit;
  const scope = visit.scope();
  const effective = effectiveInput(visit, scope);
  const chosen = (state.Choices ?? []).find((rule) => matches(rule, effective, scope));
  const next = chosen?.Next ?? state.Default;
  if (next === undefined) throw new StateFailure(ERRORS.noChoiceMatched, `No Choice Rules matched and no Default was specified in the state '${visit.name}'.`);
  return { output: passThroughOutput(visit, effective, scope), next };
}
