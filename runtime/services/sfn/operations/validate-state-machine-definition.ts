import type { ValidateStateMachineDefinitionInput, ValidateStateMachineDefinitionOutput } from '@aws-sdk/client-sfn';
import { definitionShape, stateMachineType } from '../inputs';
import { operation } from '../sfn';

/** https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinition.html */
const DEFAULT_MAX_DIAGNOSTICS = 100;

export const validateStateMachineDefinition = operation<ValidateStateMachineDefinitionInput, ValidateStateMachineDefinitionOutput>({
  name: 'ValidateStateMachineDefinition',
  input: {
    definition: definitionShape,
    type: stateMachineType,
    severity: { type: 'string', enum: ['ERROR', 'WARNING'] },
    maxResults: { type: 'integer', min: 0, max: 100 },
  },
  run(sfn, input, ctx) {
    sfn.authorize(ctx, 'states:ValidateStateMachineDefinition', '*');
    const all = sfn.diagnose(input.definition, input.type ?? 'STANDARD');
    // `severity: ERROR` (the default) reports errors only; WARNING reports both.
    const shown = (input.severity ?? 'ERROR') === 'ERROR' ? all.filter((d) => d.severity === 'ERROR') : all;
    const limit = input.maxResults || DEFAULT_MAX_DIAGNOSTICS;
    return {
      result: all.some((d) => d.severity === 'ERROR') ? 'FAIL' : 'OK',
      diagnostics: shown.slice(0, limit),
      truncated: shown.length > limit,
    };
  },
});
