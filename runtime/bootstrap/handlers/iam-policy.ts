import { generatedName, type CreateRequest, type DeployContext, type ResourceHandler } from '../resource-handler';
import type { DeployedResource } from '../template';

/** AWS::IAM::Policy and AWS::IAM::ManagedPolicy attached to roles: stored as that role's policies. */
const rolePolicy = (type: string, nameProp: string): ResourceHandler => {
  const attach = ({ logicalId, props }: CreateRequest, ctx: DeployContext): DeployedResource => {
    const name: string = props[nameProp] ?? generatedName(ctx, logicalId, 128);
    for (const role of props.Roles ?? []) ctx.identity.putRolePolicy(role, name, props.PolicyDocument);
    return { type, physicalId: name, attributes: {}, state: { roles: JSON.stringify(props.Roles ?? []) } };
  };
  const detach = (previous: DeployedResource, ctx: DeployContext) => {
    for (const role of JSON.parse(previous.state?.roles ?? '[]')) ctx.identity.deleteRolePolicy(role, previous.physicalId);
  };
  return {
    async create(req, ctx) {
      return attach(req, ctx);
    },
    async update(req, ctx) {
      detach(req.previous, ctx);
      return attach(req, ctx);
    },
    async remove(previous, ctx) {
      detach(previous, ctx);
    },
  };
};

export const iamPolicy = rolePolicy('AWS::IAM::Policy', 'PolicyName');
export const iamManagedPolicy = rolePolicy('AWS::IAM::ManagedPolicy', 'ManagedPolicyName');
