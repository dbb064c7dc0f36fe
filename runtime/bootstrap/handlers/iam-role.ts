import { generatedName, replace, type CreateRequest, type DeployContext, type ResourceHandler } from '../resource-handler';
import type { DeployedResource } from '../template';

const roleName = ({ logicalId, props }: CreateRequest, ctx: DeployContext): string => props.RoleName ?? generatedName(ctx, logicalId, 64);

/** Inline policies a role no longer lists are deleted on update; the state remembers which it put. */
const inlinePoliciesOf = (resource: DeployedResource): string[] => JSON.parse(resource.state?.inlinePolicies ?? '[]');

function putRole(req: CreateRequest, ctx: DeployContext): DeployedResource {
  const { props } = req;
  const name = roleName(req, ctx);
  const role = ctx.identity.putRole(name, props.AssumeRolePolicyDocument, props.Path ?? '/', props.ManagedPolicyArns ?? []);
  const inline: string[] = [];
  for (const p of props.Policies ?? []) {
    ctx.identity.putRolePolicy(name, p.PolicyName, p.PolicyDocument);
    inline.push(p.PolicyName);
  }
  return { type: 'AWS::IAM::Role', physicalId: name, attributes: { Arn: role.arn, RoleId: role.roleId }, state: { inlinePolicies: JSON.stringify(inline) } };
}

export const iamRole: ResourceHandler = {
  async create(req, ctx) {
    return putRole(req, ctx);
  },
  async update(req, ctx) {
    if (roleName(req, ctx) !== req.previous.physicalId) return replace(iamRole, req, ctx, { order: 'create-first' });
    const next = putRole(req, ctx);
    const kept = inlinePoliciesOf(next);
    for (const old of inlinePoliciesOf(req.previous)) if (!kept.includes(old)) ctx.identity.deleteRolePolicy(next.physicalId, old);
    return next;
  },
  async remove(previous, ctx) {
    ctx.identity.deleteRole(previous.physicalId);
  },
};
