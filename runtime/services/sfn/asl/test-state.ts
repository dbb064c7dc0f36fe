/**
 * TestState (https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html): one state run in
 * isolation, through the same state runners as an execution, with no history. An invalid definition throws a
 * DefinitionError (InvalidDefinition). A Task calls the host unless a
 * mock gives its result or error; a Wait does not wait; an error a retrier would retry is RETRIABLE, one a
 * catcher catches CAUGHT_ERROR, with the state the catcher names.
 */
import { Branch, Retriable, Run, runState, type TestMode } from './engine';
import { StateFailure } from './failure';
import { TaskFailure, type ExecutionHost, type Json, type RecordedEvent } from './host';
import type { MachineDefinition, StateDefinition } from './parse';
import { DefinitionError, validateDefinition, validateTestedState } from './validate';
import { Variables } from './variables';

export interface TestStateRequest {
  input: Json;
  inspectionLevel?: 'INFO' | 'DEBUG' | 'TRACE';
  /** The state to test when the definition is a whole state machine. */
  stateName?: string;
  variables?: { [name: string]: Json };
  /** `result` is JSON text, as the API carries it. */
  mock?: { result?: string; errorOutput?: { error?: string; cause?: string } };
  context?: Json;
  stateConfiguration?: { retrierRetryCount?: number };
}

export interface TestStateResult {
  status: 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';
  output?: string;
  error?: string;
  cause?: string;
  nextState?: string;
  inspectionData?: Record<string, string>;
}

/** The state to test: the definition itself, or the named state of a whole machine (at any depth). */
function stateOf(definition: Json, stateName: string | undefined): { name: string; state: StateDefinition } {
  const object = definition as unknown as MachineDefinition & StateDefinition;
  if (object.States === undefined) return { name: stateName ?? 'TestState', state: object };
  const find = (block: MachineDefinition): StateDefinition | undefined => {
    if (stateName !== undefined && block.States[stateName]) return block.States[stateName];
    for (const state of Object.values(block.States)) {
      for (const nested of [...(state.Branches ?? []), ...(state.ItemProcessor ? [state.ItemProcessor] : []), ...(state.Iterator ? [state.Iterator] : [])]) {
        const found = find(nested);
        if (found) return found;
      }
    }
    return undefined;
  };
  const state = find(object);
  if (!state || stateName === undefined) {
    throw new DefinitionError([{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: `The state '${stateName ?? ''}' is not in the state machine definition`, location: '/States' }]);
  }
  return { name: stateName, state };
}

/** The host a tested state sees: no history, Waits of no length, the mock in place of the task. */
function isolated(host: ExecutionHost, mock: TestStateRequest['mock']): ExecutionHost {
  let id = 0;
  return {
    info: host.info,
    stopSignal: host.stopSignal,
    timeScale: 0,
    record: async (draft): Promise<RecordedEvent> => ({ id: ++id, previousEventId: 0, timestamp: host.now(), type: draft.type, details: draft.details }),
    recorded: () => undefined,
    invokeTask: async (call) => {
      if (mock?.errorOutput) throw new TaskFailure(mock.errorOutput.error ?? '', mock.errorOutput.cause ?? '');
      if (mock?.result !== undefined) return JSON.parse(mock.result) as Json;
      return host.invokeTask(call);
    },
    stopReason: () => host.stopReason(),
    now: () => host.now(),
    sleepUntil: (deadline, signal) => host.sleepUntil(deadline, signal),
    taskToken: (key) => host.taskToken(key),
  };
}

export async function testState(definitionText: string, request: TestStateRequest, host: ExecutionHost): Promise<TestStateResult> {
  const diagnostics = (text: string) => validateDefinition(text).filter((d) => d.severity === 'ERROR');
  let definition: Json;
  try {
    definition = JSON.parse(definitionText) as Json;
  } catch {
    throw new DefinitionError(diagnostics(definitionText));
  }
  const whole = definition !== null && typeof definition === 'object' && !Array.isArray(definition) && 'States' in definition;
  const found = whole ? diagnostics(definitionText) : validateTestedState(definition, request.stateName ?? 'TestState').filter((d) => d.severity === 'ERROR');
  if (found.length > 0) throw new DefinitionError(found);
  const { name, state } = stateOf(definition, request.stateName);
  const machine = definition as unknown as MachineDefinition;
  const queryLanguage = state.QueryLanguage ?? machine.QueryLanguage ?? 'JSONPath';
  const test: TestMode = { retrierRetryCount: request.stateConfiguration?.retrierRetryCount ?? 0, context: request.context, inspection: {} };
  const run = new Run(isolated(host, request.mock), { definition: machine, queryLanguage }, test);
  const variables = new Variables();
  for (const [key, value] of Object.entries(request.variables ?? {})) variables.set(key, value);
  const branch = new Branch(run, '', host.stopSignal, variables, { time: host.now() });
  const debug = request.inspectionLevel === 'DEBUG' || request.inspectionLevel === 'TRACE';
  const inspection = () => (debug ? { ...test.inspection, variables: JSON.stringify(Object.fromEntries(variables.visible())) } : undefined);
  const withInspection = (result: TestStateResult): TestStateResult => {
    const data = inspection();
    return data ? { ...result, inspectionData: data } : result;
  };
  try {
    const result = await runState(name, state, request.input, branch, queryLanguage);
    const base = { output: JSON.stringify(result.output), ...(result.next !== undefined && { nextState: result.next }) };
    if (result.caught) return withInspection({ status: 'CAUGHT_ERROR', ...base, error: result.caught.error, ...(result.caught.cause !== undefined && { cause: result.caught.cause }) });
    return withInspection({ status: 'SUCCEEDED', ...base });
  } catch (error) {
    const failure = error instanceof Retriable ? error.failure : error;
    if (!(failure instanceof StateFailure)) throw error;
    return withInspection({ status: error instanceof Retriable ? 'RETRIABLE' : 'FAILED', error: failure.error, ...(failure.cause !== undefined && { cause: failure.cause }) });
  }
}
