import type { GetRoleRequest, GetRoleResponse } from '@aws-sdk/client-iam';
import { operation } from '../iam';
import { roleName } from '../inputs';
import { roleView } from '../views';

/** Any role, the deployed stack's included. */
export const getRole = operation<GetRoleRequest, GetRoleResponse>({
  name: 'GetRole',
  input: { RoleName: roleName },
  run(iam, input, ctx) {
    return { Role: roleView(iam.roleFor(ctx, 'iam:GetRole', input.RoleName)) };
  },
});
