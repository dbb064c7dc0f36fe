import type { TargetKind } from './target-kind';
import { callerFor } from './target-kind';

/**
 * An asynchronous Invoke: EventBridge's part ends when Lambda has queued the event, and the function's own
 * asynchronous retries (two, on a function error) follow (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html).
 * So a function error never reaches EventBridge's retry policy; a refused Invoke (throttled, missing, not permitted) does.
 */
export const lambdaTarget: TargetKind = {
  async send(request, ctx) {
    // Lambda's resource-based policy (AddPermission for events.amazonaws.com with the rule as SourceArn) is checked here.
    await ctx.dispatcher.call('lambda', 'Invoke', { FunctionName: request.target.Arn, InvocationType: 'Event', Payload: request.payload }, callerFor(request, ctx));
  },
};
