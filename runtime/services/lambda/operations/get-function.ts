import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GetFunctionResponse } from '@aws-sdk/client-lambda';
import { PROJECT_ROOT } from '../../../core/paths';
import { FUNCTION_NAME, QUALIFIER, type QualifiedFunctionInput } from '../inputs';
import { operation } from '../lambda';
import { functionConfiguration } from '../views';

/** Code.Location points at the local handler module instead of a presigned S3 URL. */
export const getFunction = operation<QualifiedFunctionInput, GetFunctionResponse>({
  name: 'GetFunction',
  input: { FunctionName: FUNCTION_NAME, Qualifier: QUALIFIER },
  run(lambda, input, ctx) {
    const fn = lambda.findFunction(input.FunctionName, input.Qualifier);
    lambda.authorize(ctx.caller.principal, 'lambda:GetFunction', fn.arn);
    return {
      Configuration: functionConfiguration(fn),
      Code: { RepositoryType: 'S3', Location: pathToFileURL(join(PROJECT_ROOT, fn.entry)).href },
      ...(fn.reservedConcurrency === undefined ? {} : { Concurrency: { ReservedConcurrentExecutions: fn.reservedConcurrency } }),
    };
  },
});
