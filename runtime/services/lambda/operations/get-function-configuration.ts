import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { FUNCTION_NAME, QUALIFIER, type QualifiedFunctionInput } from '../inputs';
import { operation } from '../lambda';
import { functionConfiguration } from '../views';

export const getFunctionConfiguration = operation<QualifiedFunctionInput, FunctionConfiguration>({
  name: 'GetFunctionConfiguration',
  input: { FunctionName: FUNCTION_NAME, Qualifier: QUALIFIER },
  run(lambda, input, ctx) {
    const fn = lambda.findFunction(input.FunctionName, input.Qualifier);
    lambda.authorize(ctx.caller.principal, 'lambda:GetFunctionConfiguration', fn.arn);
    return functionConfiguration(fn);
  },
});
