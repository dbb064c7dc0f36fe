import { arn } from '../../core/arn';
import type { Scope } from '../../core/scope';
import { lambdaErrors } from './errors';
import { LATEST, type LambdaFunction } from './model';

export const functionArn = (scope: Scope, name: string) => arn('lambda', scope.region, scope.account, `function:${name}`);

/**
 * Lambda accepts a function as a name, `name:qualifier`, a partial ARN (`<account>:function:<name>`) or a
 * full ARN, optionally qualified: https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_RequestSyntax
 */
const FUNCTION_REFERENCE = /^(?:arn:aws[a-zA-Z-]*:lambda:([a-z]{2}(?:-gov)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9-_.]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/;

interface FunctionReference {
  name: string;
  qualifier?: string;
  region?: string;
  account?: string;
}

function parseFunctionReference(value: string): FunctionReference | undefined {
  const m = FUNCTION_REFERENCE.exec(value);
  return m ? { region: m[1], account: m[2], name: m[3], qualifier: m[4] } : undefined;
}

/** The function a reference names, or Lambda's ResourceNotFoundException naming the ARN it looked for. */
export function findFunction(
  lookup: (name: string) => LambdaFunction | undefined,
  scope: Scope,
  reference: string,
  qualifierParam?: string,
): LambdaFunction {
  const parsed = parseFunctionReference(reference);
  const name = parsed?.name ?? reference;
  const qualifier = qualifierParam ?? parsed?.qualifier;
  const base = functionArn({ account: parsed?.account ?? scope.account, region: parsed?.region ?? scope.region }, name);
  const fn = parsed && lookup(name);
  // Only $LATEST exists locally: keydrill publishes no versions or aliases.
  if (!fn || fn.arn !== base || (qualifier && qualifier !== LATEST)) throw lambdaErrors.functionNotFound(qualifier ? `${base}:${qualifier}` : base);
  return fn;
}
