import type { CreateConnectionResponse, DescribeConnectionResponse } from '@aws-sdk/client-eventbridge';
import { generatedName, replace, type CreateRequest, type DeployContext, type ResourceHandler } from '../resource-handler';

const connectionName = ({ logicalId, props }: CreateRequest, ctx: DeployContext): string => props.Name ?? generatedName(ctx, logicalId, 64);

/**
 * AWS::Events::Connection: Ref is the name; Arn and SecretArn are attributes
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-connection.html).
 */
export const eventsConnection: ResourceHandler = {
  async create(req, ctx) {
    const name = connectionName(req, ctx);
    const { ConnectionArn } = await ctx.call<CreateConnectionResponse>('events', 'CreateConnection', {
      Name: name,
      Description: req.props.Description,
      AuthorizationType: req.props.AuthorizationType,
      AuthParameters: req.props.AuthParameters,
    });
    const { SecretArn } = await ctx.call<DescribeConnectionResponse>('events', 'DescribeConnection', { Name: name });
    return { type: 'AWS::Events::Connection', physicalId: name, attributes: { Arn: ConnectionArn!, SecretArn: SecretArn! } };
  },
  async update(req, ctx) {
    if (connectionName(req, ctx) !== req.previous.physicalId) return replace(eventsConnection, req, ctx, { order: 'delete-first' });
    await ctx.call('events', 'UpdateConnection', { Name: req.previous.physicalId, Description: req.props.Description, AuthorizationType: req.props.AuthorizationType, AuthParameters: req.props.AuthParameters });
    return req.previous;
  },
  async remove(previous, ctx) {
    await ctx.call('events', 'DeleteConnection', { Name: previous.physicalId });
  },
};
