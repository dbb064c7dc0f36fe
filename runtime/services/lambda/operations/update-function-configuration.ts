import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { FUNCTION_CONFIGURATION, type FunctionConfigurationInput } from '../inputs';
import { operation } from '../lambda';
import { functionConfiguration } from '../views';
import { configure } from './create-function';

/** In-process only (the template's updates); `KeydrillEntry` also replaces the code. */
export const updateFunctionConfiguration = operation<FunctionConfigurationInput, FunctionConfiguration>({
  name: 'UpdateFunctionConfiguration',
  input: FUNCTION_CONFIGURATION,
  run(lambda, input) {
    const current = lambda.findFunction(input.FunctionName);
    const fn = configure(lambda, current, input);
    lambda.store.putFunction(fn);
    lambda.store.commit();
    lambda.retireFunction(fn.name);
    return functionConfiguration(fn);
  },
});
