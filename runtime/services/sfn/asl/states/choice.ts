import { matches } from '../choice';
import type { StateResult, Visit } from '../engine';
import { ERRORS, StateFailure } from '../failure';
import { begin, jsonataScope, withoutResult, type Stage } from '../io';
import { evaluateJsonata } from '../jsonata';

async function condition(visit: Visit, expression: string, stage: Stage, index: number): Promise<boolean> {
  const value = await evaluateJsonata(expression, jsonataScope(visit, stage), `Choices[${index}].Condition`);
  if (typeof value !== 'boolean') throw new StateFailure(ERRORS.queryEvaluationError, `The Condition of Choices[${index}] must evaluate to a boolean, not ${JSON.stringify(value)}.`);
  return value;
}

/**
 * Choice: the first rule that matches (JSONPath comparison, or JSONata Condition) names the next state, else
 * Default, else States.NoChoiceMatched (https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html).
 */
export async function runChoice(visit: Visit): Promise<StateResult> {
  const { state } = visit;
  const stage = begin(visit);
  const rules = state.Choices ?? [];
  let chosen: (typeof rules)[number] | undefined;
  for (const [i, rule] of rules.entries()) {
    const matched = visit.queryLanguage === 'JSONata' ? await condition(visit, rule.Condition ?? '', stage, i) : matches(rule, stage.effective, stage.scope);
    if (matched) {
      chosen = rule;
      break;
    }
  }
  const next = chosen?.Next ?? state.Default;
  if (next === undefined) throw new StateFailure(ERRORS.noChoiceMatched, `No Choice Rules matched and no Default was specified in the state '${visit.name}'.`);
  return withoutResult(visit, stage, next, chosen ?? {});
}
