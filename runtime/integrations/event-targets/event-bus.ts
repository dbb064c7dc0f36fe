import { identityAllows } from '../../identity/authorize';
import { TargetFailure } from './delivery-failure';
import { callerFor, resourceName, type TargetKind } from './target-kind';

/**
 * Another bus of the account: the event goes there unchanged (AWS service events included), as the target's
 * role, which needs events:PutEvents on that bus (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-bus-to-bus.html).
 */
export const eventBusTarget: TargetKind = {
  async send(request, ctx) {
    const busArn = request.target.Arn!;
    const { principal } = callerFor(request, ctx);
    if (!identityAllows(ctx.identity, principal, 'events:PutEvents', busArn, { servicePrincipals: 'pass' })) {
      throw new TargetFailure({ code: 'NO_PERMISSIONS', message: `${principal.arn} is not authorized to perform: events:PutEvents on resource: ${busArn}`, retriable: false });
    }
    if (!ctx.forward(resourceName(busArn), request.event)) {
      throw new TargetFailure({ code: 'NO_RESOURCE', message: `Event bus ${resourceName(busArn)} does not exist.`, retriable: false });
    }
  },
  refusal(target) {
    const resource = target.Arn!.split(':').slice(5).join(':');
    return resource.startsWith('event-bus/') ? undefined : `keydrill delivers to event buses among EventBridge targets: ${target.Arn} is not one.`;
  },
};
