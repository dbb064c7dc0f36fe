import { arn, parseArn } from '../../core/arn';
import type { Scope } from '../../core/scope';
import { sfnErrors } from './errors';

/**
 * State machine and execution names: 1–80 characters, none of them whitespace, brackets `< > { } [ ]`,
 * wildcards `? *`, the special characters `" # % \ ^ | ~ \` $ & , ; : /`, or control characters.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html#StepFunctions-CreateStateMachine-request-name
 */
const FORBIDDEN_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

export function checkName(name: string): void {
  if (name.length < 1 || name.length > 80 || FORBIDDEN_NAME.test(name)) throw sfnErrors.invalidName(name);
}

/** ARN formats: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-amazon-states-language.html (ARNs section of each API). */
export const stateMachineArn = (scope: Scope, name: string) => arn('states', scope.region, scope.account, `stateMachine:${name}`);
export const executionArn = (scope: Scope, stateMachine: string, name: string) => arn('states', scope.region, scope.account, `execution:${stateMachine}:${name}`);
/** Express executions carry a UUID after their name, so the same name may run again at once. */
export const expressExecutionArn = (scope: Scope, stateMachine: string, name: string, id: string) =>
  arn('states', scope.region, scope.account, `express:${stateMachine}:${name}:${id}`);

type ResourceKind = 'stateMachine' | 'execution';

/** The resource parts of a Step Functions ARN of `kind` (InvalidArn otherwise, with AWS's reasons). */
export function parseStatesArn(text: string, kind: ResourceKind): string[] {
  const parsed = parseArn(text);
  if (!parsed || parsed.service !== 'states') throw sfnErrors.invalidArn(`Invalid ARN prefix: ${text}`);
  const [type, ...parts] = parsed.resource.split(':');
  const expected = kind === 'stateMachine' ? parts.length === 1 : parts.length === 2;
  if (type !== kind || !expected || parts.some((p) => p === '')) throw sfnErrors.invalidArn(`Resource type not valid in this context: ${type}`);
  return parts;
}
