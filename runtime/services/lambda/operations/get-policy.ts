import { lambdaErrors } from '../errors';
import { FUNCTION_NAME, QUALIFIER } from '../inputs';
import { operation } from '../lambda';
import { policyDocument } from '../resource-policy';

/** https://docs.aws.amazon.com/lambda/latest/api/API_GetPolicy.html: a function without statements has no policy. */
export const getPolicy = operation<{ FunctionName: string; Qualifier?: string }, { Policy: string; RevisionId: string }>({
  name: 'GetPolicy',
  input: { FunctionName: FUNCTION_NAME, Qualifier: QUALIFIER },
  run(lambda, input, ctx) {
    const fn = lambda.findFunction(input.FunctionName, input.Qualifier);
    lambda.authorize(ctx.caller.principal, 'lambda:GetPolicy', fn.arn);
    if (!fn.policy?.length) throw lambdaErrors.noPolicy();
    return { Policy: policyDocument(fn.policy), RevisionId: fn.revisionId };
  },
});
