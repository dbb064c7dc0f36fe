/**
 * A state's input and output processing, in the state's query language: JSONPath's InputPath → Parameters →
 * (work) → ResultSelector → ResultPath → OutputPath, or JSONata's Arguments → (work) → Output, and Assign in both
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html).
 */
import type { StateResult, Visit } from './engine';
import type { Json } from './host';
import { applyResultPath, applyTemplate, selectPath, type PathScope } from './paths';
import type { Catcher } from './retry';

/** The state's effective input: after InputPath (JSONPath); the raw input in JSONata. */
export function effectiveInput(visit: Visit, scope: PathScope): Json {
  return selectPath(visit.state.InputPath, visit.input, scope);
}

/** What a Task, Parallel or Map hands on: Parameters applied to the effective input. */
export function parameters(visit: Visit, effective: Json, scope: PathScope): Json {
  const template = visit.state.Parameters;
  return template === undefined ? effective : applyTemplate(template, effective, scope, 'Parameters');
}

/** The state's output from its result: ResultSelector, ResultPath over the raw input, OutputPath. */
export function resultOutput(visit: Visit, result: Json, scope: PathScope): StateResult {
  const { state } = visit;
  const selected = state.ResultSelector === undefined ? result : applyTemplate(state.ResultSelector, result, scope, 'ResultSelector');
  const placed = applyResultPath(visit.input, selected, state.ResultPath);
  return { output: selectPath(state.OutputPath, placed, scope), next: state.Next };
}

/** The output of a state that has no result of its own (Choice, Wait, Succeed): OutputPath over the effective input. */
export function passThroughOutput(visit: Visit, effective: Json, scope: PathScope): Json {
  return selectPath(visit.state.OutputPath, effective, scope);
}

/** A caught error's output: `{Error, Cause}` placed by the catcher's ResultPath over the raw input. */
export function caughtOutput(visit: Visit, catcher: Catcher, errorOutput: Json): StateResult {
  return { output: applyResultPath(visit.input, errorOutput, catcher.ResultPath) };
}
