import type { Concurrency } from '@aws-sdk/client-lambda';
import { FUNCTION_NAME } from '../inputs';
import { operation } from '../lambda';

export const putFunctionConcurrency = operation<{ FunctionName: string; ReservedConcurrentExecutions: number }, Concurrency>({
  name: 'PutFunctionConcurrency',
  input: { FunctionName: FUNCTION_NAME, ReservedConcurrentExecutions: { type: 'integer', required: true, min: 0 } },
  run(lambda, input, ctx) {
    const fn = lambda.findFunction(input.FunctionName);
    lambda.authorize(ctx.caller.principal, 'lambda:PutFunctionConcurrency', fn.arn);
    lambda.store.putFunction({ ...fn, reservedConcurrency: input.ReservedConcurrentExecutions });
    lambda.store.commit();
    return { ReservedConcurrentExecutions: input.ReservedConcurrentExecutions };
  },
});
