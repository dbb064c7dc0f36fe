import { FUNCTION_NAME } from '../inputs';
import { operation } from '../lambda';

export const deleteFunctionConcurrency = operation<{ FunctionName: string }, object>({
  name: 'DeleteFunctionConcurrency',
  input: { FunctionName: FUNCTION_NAME },
  run(lambda, input, ctx) {
    const fn = lambda.findFunction(input.FunctionName);
    lambda.authorize(ctx.caller.principal, 'lambda:DeleteFunctionConcurrency', fn.arn);
    const { reservedConcurrency: _removed, ...rest } = fn;
    lambda.store.putFunction(rest);
    lambda.store.commit();
    return {};
  },
});
