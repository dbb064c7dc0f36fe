import { OperationTable } from '../../core/operation';
import type { ServiceFactory } from '../../core/service-module';
import { Iam } from './iam';
import { attachRolePolicy } from './operations/attach-role-policy';
import { createPolicy } from './operations/create-policy';
import { createRole } from './operations/create-role';
import { deletePolicy } from './operations/delete-policy';
import { deleteRole } from './operations/delete-role';
import { deleteRolePolicy } from './operations/delete-role-policy';
import { detachRolePolicy } from './operations/detach-role-policy';
import { getPolicy } from './operations/get-policy';
import { getPolicyVersion } from './operations/get-policy-version';
import { getRole } from './operations/get-role';
import { getRolePolicy } from './operations/get-role-policy';
import { listAttachedRolePolicies } from './operations/list-attached-role-policies';
import { listRolePolicies } from './operations/list-role-policies';
import { listRoleTags } from './operations/list-role-tags';
import { listRoles } from './operations/list-roles';
import { putRolePolicy } from './operations/put-role-policy';
import { tagRole } from './operations/tag-role';
import { untagRole } from './operations/untag-role';
import { updateAssumeRolePolicy } from './operations/update-assume-role-policy';

/** Every IAM operation the runtime serves (awsQuery): roles, their inline policies and customer managed policies. */
const IAM_OPERATIONS = [
  attachRolePolicy,
  createPolicy,
  createRole,
  deletePolicy,
  deleteRole,
  deleteRolePolicy,
  detachRolePolicy,
  getPolicy,
  getPolicyVersion,
  getRole,
  getRolePolicy,
  listAttachedRolePolicies,
  listRolePolicies,
  listRoleTags,
  listRoles,
  putRolePolicy,
  tagRole,
  untagRole,
  updateAssumeRolePolicy,
];

const createIamService = (iam: Iam) => new OperationTable<Iam>('iam', iam, IAM_OPERATIONS);

/**
 * IAM (awsQuery, global: its ARNs have no region). Its state is the identity store (`state/identity.json`), shared
 * with STS and every authorizer; reset wipes the customer managed policies here and the runtime wipes the roles.
 */
export const iamModule: ServiceFactory = (ctx) => ({
  services: [createIamService(new Iam(ctx.identity))],
  bindings: [{ protocol: 'awsQuery', service: 'iam', signingName: 'iam', namespace: 'https://iam.amazonaws.com/doc/2010-05-08/' }],
  reset: () => ctx.identity.resetManagedPolicies(),
});
