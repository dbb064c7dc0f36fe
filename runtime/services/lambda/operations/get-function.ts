import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionConfiguration, GetFunctionResponse } from '@aws-sdk/client-lambda';
import { PROJECT_ROOT } from '../../../core/paths';
import type { OperationDefinition } from '../../../core/operation';
import type { Lambda } from '../lambda';
import { functionConfiguration } from '../shapes';
import { FUNCTION_NAME } from './function-input';

interface GetFunctionInput {
  FunctionName: string;
  Qualifier?: string;
}

const QUALIFIER = { type: 'string', min: 1, max: 128, pattern: /^(|[a-zA-Z0-9$_-]+)$/ } as const;

/** Code.Location points at the local handler module instead of a presigned S3 URL. */
export const getFunction: OperationDefinition<Lambda, GetFunctionInput, GetFunctionResponse> = {
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
};

export const getFunctionConfiguration: OperationDefinition<Lambda, GetFunctionInput, FunctionConfiguration> = {
  name: 'GetFunctionConfiguration',
  input: { FunctionName: FUNCTION_NAME, Qualifier: QUALIFIER },
  run(lambda, input, ctx) {
    const fn = lambda.findFunction(input.FunctionName, input.Qualifier);
    lambda.authorize(ctx.caller.principal, 'lambda:GetFunctionConfiguration', fn.arn);
    return functionConfiguration(fn);
  },
};
