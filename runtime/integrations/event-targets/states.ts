import { TargetFailure } from './delivery-failure';
import { callerFor, type TargetKind } from './target-kind';

/**
 * StartExecution with the payload as the execution's input, as the target's role
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html). It goes through the dispatcher to
 * the `sfn` service; a runtime without that service fails the delivery, which is not retried.
 */
export const statesTarget: TargetKind = {
  async send(request, ctx) {
    if (!ctx.dispatcher.service('sfn')) {
      throw new TargetFailure({ code: 'NO_RESOURCE', message: 'This keydrill runtime serves no Step Functions: the execution cannot be started.', retriable: false });
    }
    await ctx.dispatcher.call('sfn', 'StartExecution', { stateMachineArn: request.target.Arn, input: request.payload }, callerFor(request, ctx));
  },
};
