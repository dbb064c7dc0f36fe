import type { CreateEventBusResponse } from '@aws-sdk/client-eventbridge';
import { generatedName, replace, type CreateRequest, type DeployContext, type ResourceHandler } from '../resource-handler';

const busName = ({ logicalId, props }: CreateRequest, ctx: DeployContext): string => props.Name ?? generatedName(ctx, logicalId, 256);

/**
 * AWS::Events::EventBus: Ref is the bus name, Arn and Name are attributes
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-eventbus.html).
 * A new Name replaces the bus; the other properties are set at creation only.
 */
export const eventsEventBus: ResourceHandler = {
  async create(req, ctx) {
    const name = busName(req, ctx);
    const { EventBusArn } = await ctx.call<CreateEventBusResponse>('events', 'CreateEventBus', { Name: name, Description: req.props.Description, Tags: req.props.Tags });
    return { type: 'AWS::Events::EventBus', physicalId: name, attributes: { Arn: EventBusArn!, Name: name } };
  },
  async update(req, ctx) {
    if (busName(req, ctx) !== req.previous.physicalId) return replace(eventsEventBus, req, ctx, { order: 'delete-first' });
    return req.previous;
  },
  async remove(previous, ctx) {
    await ctx.call('events', 'DeleteEventBus', { Name: previous.physicalId });
  },
};
