import type { OperationDefinition } from '../../../core/operation';
import type { Lambda } from '../lambda';
import { FUNCTION_NAME } from './function-input';

export const deleteFunction: OperationDefinition<Lambda, { FunctionName: string }, object> = {
  name: 'DeleteFunction',
  input: { FunctionName: FUNCTION_NAME },
  run(lambda, input, ctx) {
    const fn = lambda.findFunction(input.FunctionName);
    lambda.authorize(ctx.caller.principal, 'lambda:DeleteFunction', fn.arn);
    lambda.store.deleteFunction(fn.name);
    lambda.retireFunction(fn.name);
    return {};
  },
};
