import type { GetFunctionConcurrencyResponse } from '@aws-sdk/client-lambda';
import { FUNCTION_NAME } from '../inputs';
import { operation } from '../lambda';

export const getFunctionConcurrency = operation<{ FunctionName: string }, GetFunctionConcurrencyResponse>({
  name: 'GetFunctionConcurrency',
  input: { FunctionName: FUNCTION_NAME },
  run(lambda, input, ctx) {
    const fn = lambda.findFunction(input.FunctionName);
    lambda.authorize(ctx.caller.principal, 'lambda:GetFunctionConcurrency', fn.arn);
    return fn.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency };
  },
});
