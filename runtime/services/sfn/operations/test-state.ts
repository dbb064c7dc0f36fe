import { randomUUID } from 'node:crypto';
import type { InspectionData, TestStateInput, TestStateOutput } from '@aws-sdk/client-sfn';
import { DefinitionError } from '../asl';
import type { Json } from '../asl/host';
import { sfnErrors } from '../errors';
import { definitionShape, optionalBoolean, optionalName, optionalString, payloadShape } from '../inputs';
import { executionArn, stateMachineArn } from '../names';
import { operation } from '../sfn';

/** `text` parsed as JSON, or the error `invalid` makes of the parser's message. */
function parsed(text: string | undefined, fallback: Json, invalid: (detail: string) => Error): Json {
  if (text === undefined) return fallback;
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw invalid((e as Error).message);
  }
}

/** A definition the interpreter refuses (no such state, not valid ASL) is the caller's mistake: InvalidDefinition. */
async function runTest<T>(test: () => Promise<T>): Promise<T> {
  try {
    return await test();
  } catch (e) {
    if (e instanceof DefinitionError) throw sfnErrors.invalidDefinition(e.message);
    throw e;
  }
}

/**
 * Runs one state (a state's definition, or a machine's with `stateName`) on the given input, as the given role
 * for a Task that is not mocked. Nothing is recorded: no execution, no history.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html
 */
export const testState = operation<TestStateInput, TestStateOutput>({
  name: 'TestState',
  input: {
    definition: definitionShape,
    roleArn: { type: 'string', min: 1, max: 256 },
    input: payloadShape,
    inspectionLevel: { type: 'string', enum: ['INFO', 'DEBUG', 'TRACE'] },
    revealSecrets: optionalBoolean,
    variables: payloadShape,
    stateName: optionalName,
    mock: {
      type: 'structure',
      members: {
        result: optionalString,
        errorOutput: { type: 'structure', members: { error: optionalString, cause: optionalString } },
        fieldValidationMode: { type: 'string', enum: ['STRICT', 'PRESENT', 'NONE'] },
      },
    },
    context: payloadShape,
    stateConfiguration: {
      type: 'structure',
      members: { retrierRetryCount: { type: 'integer', min: 0 }, errorCausedByState: optionalString, mapIterationFailureCount: { type: 'integer', min: 0 }, mapItemReaderData: optionalString },
    },
  },
  async run(sfn, input, ctx) {
    sfn.authorize(ctx, 'states:TestState', '*');
    parsed(input.definition, null, (detail) => sfnErrors.invalidDefinition(`Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${detail}'`));
    const now = sfn.now();
    const name = randomUUID();
    const execution = sfn.executions.transient({
      executionArn: executionArn(sfn.scope, 'TestStateMachine', name),
      name,
      stateMachineArn: stateMachineArn(sfn.scope, 'TestStateMachine'),
      stateMachineName: 'TestStateMachine',
      type: 'STANDARD',
      definition: input.definition,
      roleArn: input.roleArn ?? '',
      stateMachineUpdateDate: now,
      input: input.input ?? '{}',
      startDate: now,
    });
    const result = await runTest(() => sfn.interpreter.testState(
      input.definition,
      {
        input: parsed(input.input, {}, sfnErrors.invalidExecutionInput),
        inspectionLevel: input.inspectionLevel,
        stateName: input.stateName,
        variables: parsed(input.variables, {}, (detail) => sfnErrors.validation(`Invalid variables: ${detail}`)) as Record<string, Json>,
        mock: input.mock,
        context: parsed(input.context, null, (detail) => sfnErrors.validation(`Invalid context: ${detail}`)) ?? undefined,
        stateConfiguration: input.stateConfiguration,
      },
      sfn.runner.detachedHost(execution),
    ));
    return { ...result, ...(result.inspectionData ? { inspectionData: result.inspectionData as InspectionData } : {}) };
  },
});
