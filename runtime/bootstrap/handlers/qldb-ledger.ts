import { found, generatedName, replace, tagMap, type ResourceHandler } from '../resource-handler';

/** Tables and indexes are not CloudFormation resources: they are created through PartiQL, as on QLDB. */
export const qldbLedger: ResourceHandler = {
  async create({ logicalId, props }, ctx) {
    const name: string = props.Name ?? generatedName(ctx, logicalId, 32).replace(/[^A-Za-z0-9-]/g, '-');
    await ctx.call('qldb', 'CreateLedger', {
      Name: name,
      PermissionsMode: props.PermissionsMode,
      DeletionProtection: props.DeletionProtection,
      KmsKey: props.KmsKey,
      Tags: tagMap(props.Tags),
    });
    return { type: 'AWS::QLDB::Ledger', physicalId: name, attributes: {} };
  },
  async update(req, ctx) {
    const { props, previous } = req;
    if ((props.Name ?? previous.physicalId) !== previous.physicalId) return replace(qldbLedger, req, ctx, { order: 'delete-first' });
    await ctx.call('qldb', 'UpdateLedger', { Name: previous.physicalId, DeletionProtection: props.DeletionProtection });
    return previous;
  },
  async remove(previous, ctx) {
    // CloudFormation cannot delete a protected ledger either; lifting the protection is the user's call.
    await ctx.call('qldb', 'DeleteLedger', { Name: previous.physicalId });
  },
  exists: (previous, ctx) => found(['ResourceNotFoundException'], ctx.call('qldb', 'DescribeLedger', { Name: previous.physicalId })),
};
