import type { Concurrency, GetFunctionConcurrencyResponse } from '@aws-sdk/client-lambda';
import type { OperationDefinition } from '../../../core/operation';
import type { Lambda } from '../lambda';
import { FUNCTION_NAME } from './function-input';

export const putFunctionConcurrency: OperationDefinition<Lambda, { FunctionName: string; ReservedConcurrentExecutions: number }, Concurrency> = {
  name: 'PutFunctionConcurrency',
  input: { FunctionName: FUNCTION_NAME, ReservedConcurrentExecutions: { type: 'integer', required: true, min: 0 } },
  run(lambda, input, ctx) {
    const fn = lambda.findFunction(input.FunctionName);
    lambda.authorize(ctx.caller.principal, 'lambda:PutFunctionConcurrency', fn.arn);
    lambda.store.putFunction({ ...fn, reservedConcurrency: input.ReservedConcurrentExecutions });
    return { ReservedConcurrentExecutions: input.ReservedConcurrentExecutions };
  },
};

export const deleteFunctionConcurrency: OperationDefinition<Lambda, { FunctionName: string }, object> = {
  name: 'DeleteFunctionConcurrency',
  input: { FunctionName: FUNCTION_NAME },
  run(lambda, input, ctx) {
    const fn = lambda.findFunction(input.FunctionName);
    lambda.authorize(ctx.caller.principal, 'lambda:DeleteFunctionConcurrency', fn.arn);
    const { reservedConcurrency: _removed, ...rest } = fn;
    lambda.store.putFunction(rest);
    return {};
  },
};

export const getFunctionConcurrency: OperationDefinition<Lambda, { FunctionName: string }, GetFunctionConcurrencyResponse> = {
  name: 'GetFunctionConcurrency',
  input: { FunctionName: FUNCTION_NAME },
  run(lambda, input, ctx) {
    const fn = lambda.findFunction(input.FunctionName);
    lambda.authorize(ctx.caller.principal, 'lambda:GetFunctionConcurrency', fn.arn);
    return fn.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency };
  },
};
