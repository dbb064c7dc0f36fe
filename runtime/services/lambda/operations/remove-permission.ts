import { lambdaErrors } from '../errors';
import { FUNCTION_NAME, QUALIFIER } from '../inputs';
import { operation } from '../lambda';

/** https://docs.aws.amazon.com/lambda/latest/api/API_RemovePermission.html (answers 204) */
export const removePermission = operation<{ FunctionName: string; StatementId: string; Qualifier?: string; RevisionId?: string }, object>({
  name: 'RemovePermission',
  input: {
    FunctionName: FUNCTION_NAME,
    StatementId: { type: 'string', required: true, min: 1, max: 100, pattern: /^([a-zA-Z0-9-_.]+)$/ },
    Qualifier: QUALIFIER,
    RevisionId: { type: 'string' },
  },
  run(lambda, input, ctx) {
    const fn = lambda.findFunction(input.FunctionName, input.Qualifier);
    lambda.authorize(ctx.caller.principal, 'lambda:RemovePermission', fn.arn);
    const policy = fn.policy ?? [];
    if (!policy.some((s) => s.Sid === input.StatementId)) throw lambdaErrors.statementNotFound(input.StatementId);
    const rest = policy.filter((s) => s.Sid !== input.StatementId);
    if (rest.length > 0) fn.policy = rest;
    else delete fn.policy;
    lambda.store.commit();
    return {};
  },
});
