import type { CreateRoleRequest, CreateRoleResponse } from '@aws-sdk/client-iam';
import { iamErrors } from '../errors';
import { operation } from '../iam';
import { description, policyDocument, roleName, rolePath, tags } from '../inputs';
import { tagMap } from '../tags';
import { roleView } from '../views';

/** Role names are unique in the account whatever their letter case and path. */
export const createRole = operation<CreateRoleRequest, CreateRoleResponse>({
  name: 'CreateRole',
  input: {
    RoleName: roleName,
    Path: rolePath,
    AssumeRolePolicyDocument: policyDocument,
    Description: description,
    MaxSessionDuration: { type: 'integer', min: 3600, max: 43200 },
    PermissionsBoundary: { type: 'string', min: 20, max: 2048 },
    Tags: tags,
  },
  run(iam, input, ctx) {
    const name = input.RoleName;
    const path = input.Path ?? '/';
    iam.authorize(ctx, 'iam:CreateRole', iam.identity.roleArn(name, path), `role ${name}`);
    if (input.PermissionsBoundary !== undefined) throw iamErrors.unsupported('permissions boundaries (PermissionsBoundary)');
    if (iam.identity.listRoles().some((r) => r.name.toLowerCase() === name.toLowerCase())) throw iamErrors.roleExists(name);
    const trustPolicy = iam.trustPolicy(input.AssumeRolePolicyDocument);
    const role = iam.identity.createRole({
      name,
      path,
      trustPolicy,
      description: input.Description,
      maxSessionDuration: input.MaxSessionDuration,
      tags: input.Tags && tagMap(input.Tags),
    });
    return { Role: roleView(role) };
  },
});
