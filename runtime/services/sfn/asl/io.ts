/**
 * A state's input and output processing, in the state's query language
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html,
 * https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html): JSONPath's InputPath → Parameters →
 * (work) → ResultSelector → Assign → ResultPath → OutputPath, or JSONata's Arguments → (work) → Output and Assign,
 * both evaluated over the same `$states` so Output never sees what Assign is assigning
 * (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html).
 */
import type { StateResult, Visit } from './engine';
import { ERRORS, StateFailure } from './failure';
import type { Json } from './host';
import { evaluateJsonata, evaluateTemplate, isJsonata, type JsonataScope } from './jsonata';
import { applyResultPath, applyTemplate, selectPath, type PathScope } from './paths';
import type { Catcher } from './retry';

/** One attempt's view of the state: what its expressions read, and its effective input. */
export interface Stage {
  scope: PathScope;
  /** JSONPath: after InputPath; JSONata: the raw input. */
  effective: Json;
}

const isJsonataState = (visit: Visit) => visit.queryLanguage === 'JSONata';

export function begin(visit: Visit, retryCount = 0, taskToken?: string): Stage {
  const scope = visit.scope(retryCount, taskToken);
  visit.inspect('input', visit.input);
  if (isJsonataState(visit)) return { scope, effective: visit.input };
  const effective = selectPath(visit.state.InputPath, visit.input, scope);
  visit.inspect('afterInputPath', effective);
  return { scope, effective };
}

export function jsonataScope(visit: Visit, stage: Stage, states: { result?: Json; errorOutput?: Json } = {}): JsonataScope {
  return { states: { input: visit.input, context: stage.scope.context, ...states }, variables: stage.scope.variables, seed: stage.scope.seed };
}

/** What a Task, Parallel or Map works on: JSONPath's Parameters over the effective input, JSONata's Arguments. */
export async function argumentsOf(visit: Visit, stage: Stage): Promise<Json> {
  const { state } = visit;
  if (isJsonataState(visit)) {
    const args = state.Arguments === undefined ? visit.input : await evaluateTemplate(state.Arguments, jsonataScope(visit, stage), 'Arguments');
    visit.inspect('afterArguments', args);
    return args;
  }
  const parameters = state.Parameters === undefined ? stage.effective : applyTemplate(state.Parameters, stage.effective, stage.scope, 'Parameters');
  visit.inspect('afterParameters', parameters);
  return parameters;
}

/** A field that holds a value or, in a JSONata state, a `{% … %}` expression (TimeoutSeconds, Seconds, Items …). */
export async function fieldValue(visit: Visit, stage: Stage, value: Json | undefined, field: string): Promise<Json | undefined> {
  if (value === undefined || !isJsonataState(visit) || !isJsonata(value)) return value;
  return evaluateJsonata(value, jsonataScope(visit, stage), field);
}

async function evaluateAssign(visit: Visit, assign: Json | undefined, evaluate: (template: Json) => Json | Promise<Json>): Promise<Map<string, Json>> {
  const assigned = new Map<string, Json>();
  if (assign === undefined || assign === null || typeof assign !== 'object' || Array.isArray(assign)) return assigned;
  const values = (await evaluate(assign)) as { [name: string]: Json };
  for (const [name, value] of Object.entries(values)) {
    if (visit.branch.variables.isOuter(name)) {
      throw new StateFailure(ERRORS.runtime, `The variable '${name}' belongs to an outer scope: a Parallel branch or Map iteration may read it but not assign it.`);
    }
    assigned.set(name, value);
  }
  return assigned;
}

/** Assign of a JSONPath state: a payload template over `$` (the result, the effective input or the error output). */
const jsonPathAssign = (visit: Visit, stage: Stage, assign: Json | undefined, dollar: Json) =>
  evaluateAssign(visit, assign, (template) => applyTemplate(template, dollar, stage.scope, 'Assign'));

const jsonataAssign = (visit: Visit, scope: JsonataScope, assign: Json | undefined) => evaluateAssign(visit, assign, (template) => evaluateTemplate(template, scope, 'Assign'));

function commit(visit: Visit, assigned: Map<string, Json>): Map<string, Json> {
  for (const [name, value] of assigned) visit.branch.variables.set(name, value);
  return assigned;
}

/** The output of a state with a result (Task, Parallel, Map, and Pass in JSONPath). */
export async function withResult(visit: Visit, stage: Stage, result: Json): Promise<StateResult> {
  const { state } = visit;
  visit.inspect('result', result);
  if (isJsonataState(visit)) {
    const scope = jsonataScope(visit, stage, { result });
    const output = state.Output === undefined ? result : await evaluateTemplate(state.Output, scope, 'Output');
    return { output, next: state.Next, assigned: commit(visit, await jsonataAssign(visit, scope, state.Assign)) };
  }
  const selected = state.ResultSelector === undefined ? result : applyTemplate(state.ResultSelector, result, stage.scope, 'ResultSelector');
  visit.inspect('afterResultSelector', selected);
  const assigned = await jsonPathAssign(visit, stage, state.Assign, selected);
  const placed = applyResultPath(visit.input, selected, state.ResultPath);
  visit.inspect('afterResultPath', placed);
  return { output: selectPath(state.OutputPath, placed, stage.scope), next: state.Next, assigned: commit(visit, assigned) };
}

/**
 * The output of a state without a result (Choice, Wait, Succeed, Pass in JSONata): OutputPath over the effective
 * input, or Output over `$states.input`. A Choice rule's own Output and Assign (JSONata) replace the state's.
 */
export async function withoutResult(visit: Visit, stage: Stage, next: string | undefined, rule: { Output?: Json; Assign?: Json } = {}): Promise<StateResult> {
  const { state } = visit;
  const outputTemplate = rule.Output ?? state.Output;
  const assign = rule.Assign ?? state.Assign;
  if (isJsonataState(visit)) {
    const scope = jsonataScope(visit, stage);
    const output = outputTemplate === undefined ? visit.input : await evaluateTemplate(outputTemplate, scope, 'Output');
    return { output, next, assigned: commit(visit, await jsonataAssign(visit, scope, assign)) };
  }
  const assigned = await jsonPathAssign(visit, stage, assign, stage.effective);
  return { output: selectPath(state.OutputPath, stage.effective, stage.scope), next, assigned: commit(visit, assigned) };
}

/** A caught error's output: `{Error, Cause}` at the catcher's ResultPath over the raw input, or its Output (JSONata). */
export async function caughtOutput(visit: Visit, catcher: Catcher, errorOutput: Json): Promise<StateResult> {
  const stage: Stage = { scope: visit.scope(), effective: visit.input };
  if (isJsonataState(visit)) {
    const scope = jsonataScope(visit, stage, { errorOutput });
    const output = catcher.Output === undefined ? errorOutput : await evaluateTemplate(catcher.Output as Json, scope, 'Output');
    return { output, next: catcher.Next, assigned: commit(visit, await jsonataAssign(visit, scope, catcher.Assign as Json | undefined)) };
  }
  const assigned = await jsonPathAssign(visit, stage, catcher.Assign as Json | undefined, errorOutput);
  return { output: applyResultPath(visit.input, errorOutput, catcher.ResultPath), next: catcher.Next, assigned: commit(visit, assigned) };
}
