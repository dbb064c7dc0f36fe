import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { OperationDefinition } from '../../../core/operation';
import type { Lambda } from '../lambda';
import { functionConfiguration } from '../shapes';
import { configure } from './create-function';
import { FUNCTION_CONFIGURATION, type FunctionConfigurationInput } from './function-input';

/** In-process only (the template's updates); `KeydrillEntry` also replaces the code. */
export const updateFunctionConfiguration: OperationDefinition<Lambda, FunctionConfigurationInput, FunctionConfiguration> = {
  name: 'UpdateFunctionConfiguration',
  input: FUNCTION_CONFIGURATION,
  run(lambda, input) {
    const current = lambda.findFunction(input.FunctionName);
    const fn = configure(lambda, current, input);
    lambda.store.putFunction(fn);
    lambda.retireFunction(fn.name);
    return functionConfiguration(fn);
  },
};
