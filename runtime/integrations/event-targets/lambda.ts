import { isServiceError } from '../../core/errors';
import type { PolicyStatement } from '../../services/lambda/model';
import { mayInvoke } from '../../services/lambda/resource-policy';
import { TargetFailure } from './delivery-failure';
import type { TargetKind, TargetContext, TargetRequest } from './target-kind';
import { callerFor, EVENTS_PRINCIPAL } from './target-kind';

/**
 * An asynchronous Invoke: EventBridge's part ends when Lambda has queued the event, and the function's own
 * asynchronous retries (two, on a function error) follow (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html).
 * So a function error never reaches EventBridge's retry policy; a refused Invoke (throttled, missing, not permitted) does.
 * EventBridge may invoke the function only if its resource-based policy allows `events.amazonaws.com` for this
 * rule (AddPermission, or AWS::Lambda::Permission in CDK): https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-lambda-permissions
 */
export const lambdaTarget: TargetKind = {
  async send(request, ctx) {
    const caller = callerFor(request, ctx);
    if (!(await permitted(request, ctx))) {
      throw new TargetFailure({
        code: 'NO_PERMISSIONS',
        message: `The resource-based policy of ${request.target.Arn} does not allow ${EVENTS_PRINCIPAL} to invoke it for ${request.rule.arn}.`,
        retriable: false,
      });
    }
    await ctx.dispatcher.call('lambda', 'Invoke', { FunctionName: request.target.Arn, InvocationType: 'Event', Payload: request.payload }, caller);
  },
};

/**
 * The function's policy, read as EventBridge (a function without one allows no service). A function that does not
 * exist is left to Invoke, which reports it (and which the runtime's fault injection intercepts first).
 */
async function permitted(request: TargetRequest, ctx: TargetContext): Promise<boolean> {
  let statements: PolicyStatement[];
  try {
    const { Policy } = (await ctx.dispatcher.call('lambda', 'GetPolicy', { FunctionName: request.target.Arn }, callerFor(request, ctx))) as { Policy: string };
    statements = (JSON.parse(Policy) as { Statement: PolicyStatement[] }).Statement;
  } catch (error) {
    if (isServiceError(error) && error.message === 'The resource you requested does not exist.') return false;
    if (isServiceError(error) && error.message.startsWith('Function not found')) return true;
    throw error;
  }
  return mayInvoke(statements, EVENTS_PRINCIPAL, request.rule.arn, ctx.scope.account);
}
