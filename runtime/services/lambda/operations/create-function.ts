import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { PROJECT_ROOT } from '../../../core/paths';
import { lambdaErrors } from '../errors';
import { FUNCTION_CONFIGURATION, type FunctionConfigurationInput } from '../inputs';
import { operation, type Lambda } from '../lambda';
import type { LambdaFunction } from '../model';
import { functionConfiguration, lambdaTimestamp } from '../views';

/** Lambda's defaults for a function created without them. */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;

/** The code's identity: a hash and size of the handler module, standing in for the deployment package's. */
function codeOf(entry: string): { codeSha256: string; codeSize: number } {
  const path = join(PROJECT_ROOT, entry);
  if (!existsSync(path)) throw lambdaErrors.invalidParameter(`The function's handler module ${entry} does not exist under ${PROJECT_ROOT}`);
  const code = readFileSync(path);
  return { codeSha256: createHash('sha256').update(code).digest('base64'), codeSize: code.length };
}

/** Applies configuration members to a function (create: onto defaults; update: onto the current one). */
export function configure(lambda: Lambda, base: LambdaFunction, input: FunctionConfigurationInput): LambdaFunction {
  const entry = input.KeydrillEntry ?? base.entry;
  if (input.Role && !lambda.identity.getRole(input.Role)) {
    throw lambdaErrors.invalidParameter('The role defined for the function cannot be assumed by Lambda.');
  }
  return {
    ...base,
    role: input.Role ?? base.role,
    handler: input.Handler ?? base.handler,
    runtime: input.Runtime ?? base.runtime,
    description: input.Description ?? base.description,
    timeoutSeconds: input.Timeout ?? base.timeoutSeconds,
    memorySize: input.MemorySize ?? base.memorySize,
    environment: input.Environment ? (input.Environment.Variables ?? {}) : base.environment,
    entry,
    ...codeOf(entry),
    revisionId: randomUUID(),
    lastModified: lambdaTimestamp(lambda.clock.now()),
  };
}

interface CreateFunctionInput extends FunctionConfigurationInput {
  Role: string;
  Handler: string;
  KeydrillEntry: string;
}

/**
 * Creates a function from the template (in-process only: over HTTP, functions cannot be created, since
 * their code is a local module named by the template's `keydrill:entry` metadata, not a deployment package).
 */
export const createFunction = operation<CreateFunctionInput, FunctionConfiguration>({
  name: 'CreateFunction',
  input: {
    ...FUNCTION_CONFIGURATION,
    Role: { ...FUNCTION_CONFIGURATION.Role, required: true },
    Handler: { ...FUNCTION_CONFIGURATION.Handler, required: true },
    KeydrillEntry: { ...FUNCTION_CONFIGURATION.KeydrillEntry, required: true },
  },
  run(lambda, input) {
    const name = input.FunctionName.split(':').pop()!;
    const arn = lambda.functionArn(name);
    if (lambda.store.getFunction(name)) throw lambdaErrors.functionExists(name);
    const base: LambdaFunction = {
      name,
      arn,
      role: input.Role,
      handler: input.Handler,
      runtime: 'nodejs20.x',
      description: '',
      timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
      memorySize: DEFAULT_MEMORY_MB,
      environment: {},
      entry: input.KeydrillEntry,
      codeSha256: '',
      codeSize: 0,
      revisionId: '',
      lastModified: '',
    };
    const fn = configure(lambda, base, input);
    lambda.store.putFunction(fn);
    lambda.store.commit();
    return functionConfiguration(fn);
  },
});
