import { accountRootArn } from '../../core/arn';
import type { PolicyStatement } from './model';

/**
 * A function's resource-based policy: the statements AddPermission writes, and whether they let a service invoke
 * the function for a given source (https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html).
 * EventBridge, S3, SNS and the other services may invoke a function only if a statement names them; EventBridge
 * passes the rule's ARN as the source.
 */

export interface PermissionRequest {
  StatementId: string;
  Action: string;
  Principal: string;
  SourceArn?: string;
  SourceAccount?: string;
}

/** The statement AddPermission adds, in the shape GetPolicy returns it. */
export function permissionStatement(request: PermissionRequest, functionArn: string): PolicyStatement {
  const condition: Record<string, Record<string, string>> = {};
  if (request.SourceAccount !== undefined) condition.StringEquals = { 'AWS:SourceAccount': request.SourceAccount };
  if (request.SourceArn !== undefined) condition.ArnLike = { 'AWS:SourceArn': request.SourceArn };
  return {
    Sid: request.StatementId,
    Effect: 'Allow',
    Principal: principalOf(request.Principal),
    Action: request.Action,
    Resource: functionArn,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

/** A service (`events.amazonaws.com`), an account id or `*`, as Lambda writes them in the policy. */
function principalOf(principal: string): PolicyStatement['Principal'] {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: accountRootArn(principal) };
  if (principal.startsWith('arn:')) return { AWS: principal };
  return { Service: principal };
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });
}

/** Whether `statements` let `service` invoke the function on behalf of `sourceArn` in `sourceAccount`. */
export function mayInvoke(statements: readonly PolicyStatement[], service: string, sourceArn: string, sourceAccount: string): boolean {
  return statements.some(
    (s) =>
      s.Effect === 'Allow' &&
      (s.Principal === '*' || ('Service' in s.Principal && s.Principal.Service === service)) &&
      ['lambda:InvokeFunction', 'lambda:*', '*'].includes(s.Action) &&
      conditionsHold(s.Condition, sourceArn, sourceAccount),
  );
}

function conditionsHold(condition: PolicyStatement['Condition'], sourceArn: string, sourceAccount: string): boolean {
  const arnPattern = condition?.ArnLike?.['AWS:SourceArn'];
  const account = condition?.StringEquals?.['AWS:SourceAccount'];
  return (arnPattern === undefined || arnLike(arnPattern, sourceArn)) && (account === undefined || account === sourceAccount);
}

/** IAM's ArnLike: `*` and `?` wildcards, compared over the whole ARN. */
function arnLike(pattern: string, arn: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return regex.test(arn);
}
