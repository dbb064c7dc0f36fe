import type { CreateApiDestinationResponse } from '@aws-sdk/client-eventbridge';
import { generatedName, replace, type CreateRequest, type DeployContext, type Props, type ResourceHandler } from '../resource-handler';

const destinationName = ({ logicalId, props }: CreateRequest, ctx: DeployContext): string => props.Name ?? generatedName(ctx, logicalId, 64);

const settings = (props: Props) => ({
  Description: props.Description,
  ConnectionArn: props.ConnectionArn,
  InvocationEndpoint: props.InvocationEndpoint,
  HttpMethod: props.HttpMethod,
  InvocationRateLimitPerSecond: props.InvocationRateLimitPerSecond === undefined ? undefined : Number(props.InvocationRateLimitPerSecond),
});

/**
 * AWS::Events::ApiDestination: Ref is the name, Arn an attribute
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-apidestination.html).
 */
export const eventsApiDestination: ResourceHandler = {
  async create(req, ctx) {
    const name = destinationName(req, ctx);
    const { ApiDestinationArn } = await ctx.call<CreateApiDestinationResponse>('events', 'CreateApiDestination', { Name: name, ...settings(req.props) });
    return { type: 'AWS::Events::ApiDestination', physicalId: name, attributes: { Arn: ApiDestinationArn! } };
  },
  async update(req, ctx) {
    if (destinationName(req, ctx) !== req.previous.physicalId) return replace(eventsApiDestination, req, ctx, { order: 'delete-first' });
    await ctx.call('events', 'UpdateApiDestination', { Name: req.previous.physicalId, ...settings(req.props) });
    return req.previous;
  },
  async remove(previous, ctx) {
    await ctx.call('events', 'DeleteApiDestination', { Name: previous.physicalId });
  },
};
