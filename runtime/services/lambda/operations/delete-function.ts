import { FUNCTION_NAME } from '../inputs';
import { operation } from '../lambda';

export const deleteFunction = operation<{ FunctionName: string }, object>({
  name: 'DeleteFunction',
  input: { FunctionName: FUNCTION_NAME },
  run(lambda, input, ctx) {
    const fn = lambda.findFunction(input.FunctionName);
    lambda.authorize(ctx.caller.principal, 'lambda:DeleteFunction', fn.arn);
    lambda.store.deleteFunction(fn.name);
    lambda.store.commit();
    lambda.retireFunction(fn.name);
    return {};
  },
});
