import { replace, type ResourceHandler } from '../resource-handler';

export const kmsAlias: ResourceHandler = {
  async create({ props }, ctx) {
    await ctx.call('kms', 'CreateAlias', { AliasName: props.AliasName, TargetKeyId: props.TargetKeyId });
    return { type: 'AWS::KMS::Alias', physicalId: props.AliasName, attributes: {} };
  },
  async update(req, ctx) {
    const { props, previous } = req;
    if (props.AliasName !== previous.physicalId) return replace(kmsAlias, req, ctx, { order: 'delete-first' });
    await ctx.call('kms', 'UpdateAlias', { AliasName: props.AliasName, TargetKeyId: props.TargetKeyId });
    return previous;
  },
  async remove(previous, ctx) {
    await ctx.call('kms', 'DeleteAlias', { AliasName: previous.physicalId });
  },
};
