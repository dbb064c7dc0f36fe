import { callerFor, type TargetKind } from './target-kind';

/**
 * StartExecution with the payload as the execution's input, as the target's role
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html), through the dispatcher to the
 * `sfn` service: a missing state machine or a role that may not start it is a final failure (dead-lettered).
 */
export const statesTarget: TargetKind = {
  async send(request, ctx) {
    await ctx.dispatcher.call('sfn', 'StartExecution', { stateMachineArn: request.target.Arn, input: request.payload }, callerFor(request, ctx));
  },
};
