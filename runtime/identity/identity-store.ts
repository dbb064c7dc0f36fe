import { DurableJsonFile } from '../core/durable-file';
import { arn } from '../core/arn';
import type { Clock } from '../core/clock';
import { newAccessKeyId, newSecretAccessKey, randomHex } from '../core/ids';
import { parsePolicy, type PolicyDocument } from './policy-document';
import { rootPrincipal, type Principal } from './principal';

export interface Role {
  name: string;
  arn: string;
  roleId: string;
  path: string;
  trustPolicy: PolicyDocument;
  /** Inline and attached customer policies, by name. */
  policies: Record<string, PolicyDocument>;
  /**
   * Attached managed policy ARNs (the template's or AttachRolePolicy's). Customer managed ones in this store
   * are evaluated; AWS-managed ones are recorded but not evaluated (see README).
   */
  managedPolicyArns: string[];
  createdAt: string;
  /** `stack`: the deployed stack's, changed only by redeploying; `iam`: created and changed through IAM calls. */
  owner: 'stack' | 'iam';
  description?: string;
  /** Seconds; unset means IAM's default, one hour. */
  maxSessionDuration?: number;
  tags?: Record<string, string>;
}

/** What CreateRole records; the store adds the ARN, the id and the creation time. */
export type NewRole = Pick<Role, 'name' | 'path' | 'trustPolicy' | 'description' | 'maxSessionDuration' | 'tags'>;

/** A customer managed policy. keydrill keeps one version of it, `v1`, which is its default version. */
export interface ManagedPolicy {
  name: string;
  arn: string;
  policyId: string;
  path: string;
  description?: string;
  document: PolicyDocument;
  tags?: Record<string, string>;
  createdAt: string;
}

export type NewManagedPolicy = Pick<ManagedPolicy, 'name' | 'path' | 'description' | 'document' | 'tags'>;

interface Credential {
  secretAccessKey: string;
  sessionToken?: string;
  /** `root`, or the role and session the temporary credential belongs to. */
  subject: { kind: 'root' } | { kind: 'role'; roleName: string; sessionName: string };
  expiration?: string;
}

interface IdentityState {
  account: string;
  region: string;
  adminAccessKeyId: string;
  roles: Record<string, Role>;
  /** Customer managed policies, by ARN. */
  managedPolicies: Record<string, ManagedPolicy>;
  credentials: Record<string, Credential>;
}

/**
 * Format 1 predates the IAM API: every role in it came from the deployed stack (or a test's own `putRole`),
 * and there were no customer managed policies.
 */
function upgradeIdentityState(data: unknown): IdentityState {
  const old = data as Omit<IdentityState, 'managedPolicies'> & { roles: Record<string, Omit<Role, 'owner'>> };
  const roles = Object.fromEntries(Object.entries(old.roles).map(([name, role]) => [name, { ...role, owner: 'stack' as const }]));
  return { ...old, roles, managedPolicies: {} };
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** IAM's MaxSessionDuration when a role sets none: one hour. */
const DEFAULT_MAX_SESSION_SECONDS = 3600;

export const maxSessionSeconds = (role: Role): number => role.maxSessionDuration ?? DEFAULT_MAX_SESSION_SECONDS;

/** An IAM unique id: its type's prefix (`AROA` roles, `ANPA` managed policies) and 16 characters. */
const uniqueId = (prefix: string): string => `${prefix}${randomHex(8).toUpperCase()}`;

/** `tags` without the given keys, compared ignoring case. */
function withoutKeys(tags: Record<string, string> | undefined, keys: readonly string[]): Record<string, string> {
  const dropped = new Set(keys.map((k) => k.toLowerCase()));
  return Object.fromEntries(Object.entries(tags ?? {}).filter(([k]) => !dropped.has(k.toLowerCase())));
}

/** The session name the runtime uses for the credentials it issues to each role of the template. */
export const RUNTIME_SESSION_NAME = 'keydrill';

/**
 * Accounts, roles and credentials: the identity half of IAM and STS.
 * Access key id → principal is what every signed request is resolved through.
 */
export class IdentityStore {
  private state: IdentityState;
  private readonly file: DurableJsonFile<IdentityState>;

  constructor(dataPath: string | undefined, account: string, region: string, private readonly clock: Clock) {
    this.file = new DurableJsonFile<IdentityState>(dataPath, 'identity', 2, upgradeIdentityState);
    const loaded = this.file.load();
    if (loaded) {
      this.state = loaded;
    } else {
      const adminAccessKeyId = newAccessKeyId('AKIA');
      this.state = {
        account,
        region,
        adminAccessKeyId,
        roles: {},
        managedPolicies: {},
        credentials: { [adminAccessKeyId]: { secretAccessKey: newSecretAccessKey(), subject: { kind: 'root' } } },
      };
      this.save();
    }
  }

  get account(): string {
    return this.state.account;
  }

  get region(): string {
    return this.state.region;
  }

  adminCredentials(): Credentials {
    const id = this.state.adminAccessKeyId;
    return { accessKeyId: id, secretAccessKey: this.state.credentials[id].secretAccessKey };
  }

  /** Resolves an access key to its secret and principal; `undefined` for unknown or expired keys. */
  resolveAccessKey(accessKeyId: string, now: Date): { secretAccessKey: string; sessionToken?: string; principal: Principal } | undefined {
    const cred = this.state.credentials[accessKeyId];
    if (!cred) return undefined;
    if (cred.expiration && new Date(cred.expiration) <= now) return undefined;
    const principal = this.principalOf(cred);
    return principal && { secretAccessKey: cred.secretAccessKey, sessionToken: cred.sessionToken, principal };
  }

  private principalOf(cred: Credential): Principal | undefined {
    if (cred.subject.kind === 'root') return rootPrincipal(this.account);
    const role = this.state.roles[cred.subject.roleName];
    return role && this.sessionPrincipal(role, cred.subject.sessionName);
  }

  sessionPrincipal(role: Role, sessionName: string): Principal {
    return {
      kind: 'assumed-role',
      account: this.account,
      arn: `arn:aws:sts::${this.account}:assumed-role/${role.name}/${sessionName}`,
      roleArn: role.arn,
      roleName: role.name,
      roleId: role.roleId,
      sessionName,
    };
  }

  getRole(nameOrArn: string): Role | undefined {
    const name = nameOrArn.startsWith('arn:') ? nameOrArn.split('/').pop()! : nameOrArn;
    const role = this.state.roles[name];
    return role && (!nameOrArn.startsWith('arn:') || role.arn === nameOrArn) ? role : undefined;
  }

  listRoles(): Role[] {
    return Object.values(this.state.roles);
  }

  /** Creates or replaces a role's definition; its credentials and their ids survive a redeploy. */
  putRole(name: string, trustPolicy: object, path = '/', managedPolicyArns: string[] = []): Role {
    const existing = this.state.roles[name];
    const role: Role = {
      name,
      path,
      arn: this.roleArn(name, path),
      roleId: existing?.roleId ?? uniqueId('AROA'),
      trustPolicy: parsePolicy(trustPolicy, true),
      policies: existing?.policies ?? {},
      managedPolicyArns,
      createdAt: existing?.createdAt ?? this.clock.now().toISOString(),
      owner: 'stack',
    };
    this.state.roles[name] = role;
    this.save();
    return role;
  }

  /** A role made through IAM's CreateRole; the caller has checked that no role has its name. */
  createRole(spec: NewRole): Role {
    const role: Role = {
      ...spec,
      arn: this.roleArn(spec.name, spec.path),
      roleId: uniqueId('AROA'),
      policies: {},
      managedPolicyArns: [],
      createdAt: this.clock.now().toISOString(),
      owner: 'iam',
    };
    this.state.roles[spec.name] = role;
    this.save();
    return role;
  }

  setTrustPolicy(roleName: string, trustPolicy: PolicyDocument): void {
    this.existingRole(roleName).trustPolicy = trustPolicy;
    this.save();
  }

  /** Adds the tags; a key the role already has, in any letter case (IAM tag keys are case-insensitive), gets the new value. */
  tagRole(roleName: string, tags: Record<string, string>): void {
    const role = this.existingRole(roleName);
    role.tags = { ...withoutKeys(role.tags, Object.keys(tags)), ...tags };
    this.save();
  }

  untagRole(roleName: string, keys: readonly string[]): void {
    const role = this.existingRole(roleName);
    role.tags = withoutKeys(role.tags, keys);
    this.save();
  }

  attachRolePolicy(roleName: string, policyArn: string): void {
    const role = this.existingRole(roleName);
    if (!role.managedPolicyArns.includes(policyArn)) role.managedPolicyArns.push(policyArn);
    this.save();
  }

  detachRolePolicy(roleName: string, policyArn: string): void {
    const role = this.existingRole(roleName);
    role.managedPolicyArns = role.managedPolicyArns.filter((a) => a !== policyArn);
    this.save();
  }

  /** IAM is global: its ARNs have no region. */
  roleArn(name: string, path = '/'): string {
    return arn('iam', '', this.account, `role${path}${name}`);
  }

  policyArn(name: string, path: string): string {
    return arn('iam', '', this.account, `policy${path}${name}`);
  }

  private existingRole(name: string): Role {
    const role = this.state.roles[name];
    if (!role) throw new Error(`role ${name} does not exist`);
    return role;
  }

  /** A customer managed policy; the caller has checked that no policy has its name. */
  createManagedPolicy(spec: NewManagedPolicy): ManagedPolicy {
    const policy: ManagedPolicy = {
      ...spec,
      arn: this.policyArn(spec.name, spec.path),
      policyId: uniqueId('ANPA'),
      createdAt: this.clock.now().toISOString(),
    };
    this.state.managedPolicies[policy.arn] = policy;
    this.save();
    return policy;
  }

  getManagedPolicy(policyArn: string): ManagedPolicy | undefined {
    return this.state.managedPolicies[policyArn];
  }

  listManagedPolicies(): ManagedPolicy[] {
    return Object.values(this.state.managedPolicies);
  }

  /** The roles a managed policy is attached to. */
  rolesWithPolicy(policyArn: string): Role[] {
    return this.listRoles().filter((r) => r.managedPolicyArns.includes(policyArn));
  }

  deleteManagedPolicy(policyArn: string): void {
    delete this.state.managedPolicies[policyArn];
    this.save();
  }

  /** Removes every customer managed policy (reset); roles are reset on their own by `resetRoles`. */
  resetManagedPolicies(): void {
    this.state.managedPolicies = {};
    this.save();
  }

  putRolePolicy(roleName: string, policyName: string, document: object): void {
    const role = this.existingRole(roleName);
    role.policies[policyName] = parsePolicy(document, false);
    this.save();
  }

  deleteRolePolicy(roleName: string, policyName: string): void {
    const role = this.state.roles[roleName];
    if (role) delete role.policies[policyName];
    this.save();
  }

  deleteRole(name: string): void {
    delete this.state.roles[name];
    for (const [id, cred] of Object.entries(this.state.credentials)) {
      if (cred.subject.kind === 'role' && cred.subject.roleName === name) delete this.state.credentials[id];
    }
    this.save();
  }

  /** Removes every role and role credential; the administrator's credentials stay valid. */
  resetRoles(): void {
    for (const name of Object.keys(this.state.roles)) this.deleteRole(name);
  }

  /** A role session's inline policies, then the customer managed policies attached to its role. */
  identityPolicies(p: Principal): PolicyDocument[] {
    if (p.kind !== 'assumed-role') return [];
    const role = this.state.roles[p.roleName];
    if (!role) return [];
    const attached = role.managedPolicyArns.flatMap((a) => this.state.managedPolicies[a]?.document ?? []);
    return [...Object.values(role.policies), ...attached];
  }

  /**
   * Issues temporary credentials for a role session. The runtime's own long-lived session per role
   * (`RUNTIME_SESSION_NAME`, no expiry) is reused so its keys stay stable across restarts.
   */
  issueSession(roleName: string, sessionName: string, expiration?: Date): Credentials {
    if (!this.state.roles[roleName]) throw new Error(`role ${roleName} does not exist`);
    if (!expiration) {
      const existing = Object.entries(this.state.credentials).find(
        ([, c]) => c.subject.kind === 'role' && c.subject.roleName === roleName && c.subject.sessionName === sessionName && !c.expiration,
      );
      if (existing) return { accessKeyId: existing[0], secretAccessKey: existing[1].secretAccessKey, sessionToken: existing[1].sessionToken };
    }
    this.dropExpired();
    const accessKeyId = newAccessKeyId('ASIA');
    const cred: Credential = {
      secretAccessKey: newSecretAccessKey(),
      sessionToken: Buffer.from(`keydrill:${roleName}:${sessionName}:${randomHex(24)}`).toString('base64'),
      subject: { kind: 'role', roleName, sessionName },
      expiration: expiration?.toISOString(),
    };
    this.state.credentials[accessKeyId] = cred;
    this.save();
    return { accessKeyId, secretAccessKey: cred.secretAccessKey, sessionToken: cred.sessionToken, expiration };
  }

  private dropExpired(): void {
    const now = this.clock.now().getTime();
    for (const [id, cred] of Object.entries(this.state.credentials)) {
      if (cred.expiration && Date.parse(cred.expiration) < now) delete this.state.credentials[id];
    }
  }

  private save(): void {
    this.file.save(this.state);
  }
}
