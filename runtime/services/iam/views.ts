import type { AttachedPolicy, Policy, PolicyVersion, Role as IamRole } from '@aws-sdk/client-iam';
import { parseArn } from '../../core/arn';
import { maxSessionSeconds, type ManagedPolicy, type Role } from '../../identity/identity-store';
import type { PolicyDocument } from '../../identity/policy-document';
import { tagList } from './tags';

/** keydrill keeps one version of a managed policy. */
export const DEFAULT_VERSION_ID = 'v1';

/** IAM returns policy documents URL-encoded (RFC 3986): https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html */
export const encodedDocument = (doc: PolicyDocument): string => encodeURIComponent(JSON.stringify(doc));

const nonEmpty = <T>(items: T[]): T[] | undefined => (items.length ? items : undefined);

/** A role as CreateRole and GetRole return it. */
export function roleView(role: Role): IamRole {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: new Date(role.createdAt),
    AssumeRolePolicyDocument: encodedDocument(role.trustPolicy),
    Description: role.description,
    MaxSessionDuration: maxSessionSeconds(role),
    Tags: nonEmpty(tagList(role.tags)),
  };
}

/** ListRoles returns a subset of each role: no tags (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html). */
export const listedRoleView = (role: Role): IamRole => ({ ...roleView(role), Tags: undefined });

export function policyView(policy: ManagedPolicy, attachmentCount: number): Policy {
  const created = new Date(policy.createdAt);
  return {
    PolicyName: policy.name,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: DEFAULT_VERSION_ID,
    AttachmentCount: attachmentCount,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: policy.description,
    CreateDate: created,
    UpdateDate: created,
    Tags: nonEmpty(tagList(policy.tags)),
  };
}

export const policyVersionView = (policy: ManagedPolicy): PolicyVersion => ({
  Document: encodedDocument(policy.document),
  VersionId: DEFAULT_VERSION_ID,
  IsDefaultVersion: true,
  CreateDate: new Date(policy.createdAt),
});

/** A managed policy ARN's name and path (`arn:aws:iam::aws:policy/service-role/X` → `X`, `/service-role/`). */
export function managedPolicyName(policyArn: string): { name: string; path: string } {
  const resource = parseArn(policyArn)?.resource ?? '';
  const slash = resource.lastIndexOf('/');
  return { name: resource.slice(slash + 1), path: resource.slice('policy'.length, slash + 1) };
}

export const attachedPolicyView = (policyArn: string): Required<AttachedPolicy> => ({ PolicyName: managedPolicyName(policyArn).name, PolicyArn: policyArn });
