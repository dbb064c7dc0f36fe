import { generatedName, ignoring, type ResourceHandler } from '../resource-handler';

/**
 * AWS::Lambda::Permission: one statement of the function's resource-based policy (AddPermission), named after
 * the resource; any change replaces it (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-permission.html).
 * CDK writes one for each rule that targets a function, with the rule's ARN as SourceArn.
 */
export const lambdaPermission: ResourceHandler = {
  async create({ logicalId, props }, ctx) {
    const statementId = generatedName(ctx, logicalId, 100).replace(/[^a-zA-Z0-9-_.]/g, '-');
    await ctx.call('lambda', 'AddPermission', {
      FunctionName: props.FunctionName,
      StatementId: statementId,
      Action: props.Action,
      Principal: props.Principal,
      SourceArn: props.SourceArn,
      SourceAccount: props.SourceAccount,
      EventSourceToken: props.EventSourceToken,
    });
    return { type: 'AWS::Lambda::Permission', physicalId: statementId, attributes: {}, state: { functionName: String(props.FunctionName) } };
  },
  async update(req, ctx) {
    await lambdaPermission.remove(req.previous, ctx);
    return lambdaPermission.create(req, ctx);
  },
  async remove(previous, ctx) {
    // A function the same deployment already deleted took its policy with it.
    await ignoring(['ResourceNotFoundException'], ctx.call('lambda', 'RemovePermission', { FunctionName: previous.state!.functionName, StatementId: previous.physicalId }));
  },
};
