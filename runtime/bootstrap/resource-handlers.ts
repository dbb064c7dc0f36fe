import type { CreateKeyResponse } from '@aws-sdk/client-kms';
import type { Dispatcher } from '../core/dispatcher';
import type { Caller } from '../core/operation';
import type { IdentityStore } from '../identity/identity-store';
import type { DeployedResource } from './template';
import { dynamodbTable } from './handlers/dynamodb-table';
import { kinesisStream } from './handlers/kinesis-stream';
import { lambdaEventSourceMapping } from './handlers/lambda-event-source-mapping';
import { lambdaFunction } from './handlers/lambda-function';
import { qldbStream } from './handlers/qldb-stream';
import { sqsQueue, sqsQueuePolicy } from './handlers/sqs-queue';

export interface DeployContext {
  dispatcher: Dispatcher;
  identity: IdentityStore;
  /** CloudFormation acts with the deployer's identity: the account administrator. */
  deployer: Caller;
  stackName: string;
}

type Props = Record<string, any>;

/** How the bootstrap creates, updates and deletes one CloudFormation resource type in the runtime. */
export interface ResourceHandler {
  /** `metadata` is the resource's template Metadata, for handlers that need it (Lambda functions). */
  create(logicalId: string, props: Props, ctx: DeployContext, metadata?: Record<string, unknown>): Promise<DeployedResource>;
  update(logicalId: string, props: Props, previous: DeployedResource, ctx: DeployContext, metadata?: Record<string, unknown>): Promise<DeployedResource>;
  remove(previous: DeployedResource, props: Props, ctx: DeployContext): Promise<void>;
}

const kms = <O = unknown>(ctx: DeployContext, operation: string, input: object) => ctx.dispatcher.call<O>('kms', operation, input, ctx.deployer);

/** CloudFormation names unnamed resources `<stack>-<logicalId>-<suffix>`; ours are deterministic so redeploys find them. */
export const generatedName = (ctx: DeployContext, logicalId: string, max: number) => `${ctx.stackName}-${logicalId}`.slice(0, max);

async function applyKeySettings(keyId: string, props: Props, ctx: DeployContext): Promise<void> {
  if (props.Enabled === false) await kms(ctx, 'DisableKey', { KeyId: keyId });
  else await kms(ctx, 'EnableKey', { KeyId: keyId });
  if (props.EnableKeyRotation) await kms(ctx, 'EnableKeyRotation', { KeyId: keyId, RotationPeriodInDays: props.RotationPeriodInDays });
  else if ((props.KeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT') await kms(ctx, 'DisableKeyRotation', { KeyId: keyId });
}

const keyPolicyText = (props: Props) => (props.KeyPolicy === undefined ? undefined : typeof props.KeyPolicy === 'string' ? props.KeyPolicy : JSON.stringify(props.KeyPolicy));

const kmsKey: ResourceHandler = {
  async create(_logicalId, props, ctx) {
    const { KeyMetadata } = await kms<CreateKeyResponse>(ctx, 'CreateKey', {
      Policy: keyPolicyText(props),
      Description: props.Description,
      KeySpec: props.KeySpec,
      KeyUsage: props.KeyUsage,
      Origin: props.Origin,
      MultiRegion: props.MultiRegion,
      Tags: props.Tags?.map((t: { Key: string; Value: string }) => ({ TagKey: t.Key, TagValue: t.Value })),
      BypassPolicyLockoutSafetyCheck: props.BypassPolicyLockoutSafetyCheck,
    });
    const keyId = KeyMetadata!.KeyId!;
    await applyKeySettings(keyId, props, ctx);
    return { type: 'AWS::KMS::Key', physicalId: keyId, attributes: { Arn: KeyMetadata!.Arn!, KeyId: keyId } };
  },
  async update(_logicalId, props, previous, ctx) {
    const keyId = previous.physicalId;
    const policy = keyPolicyText(props);
    if (policy) await kms(ctx, 'PutKeyPolicy', { KeyId: keyId, Policy: policy, BypassPolicyLockoutSafetyCheck: props.BypassPolicyLockoutSafetyCheck });
    await kms(ctx, 'UpdateKeyDescription', { KeyId: keyId, Description: props.Description ?? '' });
    await applyKeySettings(keyId, props, ctx);
    return previous;
  },
  async remove(previous, props, ctx) {
    await kms(ctx, 'ScheduleKeyDeletion', { KeyId: previous.physicalId, PendingWindowInDays: props.PendingWindowInDays ?? 30 });
  },
};

const kmsAlias: ResourceHandler = {
  async create(_logicalId, props, ctx) {
    await kms(ctx, 'CreateAlias', { AliasName: props.AliasName, TargetKeyId: props.TargetKeyId });
    return { type: 'AWS::KMS::Alias', physicalId: props.AliasName, attributes: {} };
  },
  async update(logicalId, props, previous, ctx) {
    if (props.AliasName !== previous.physicalId) {
      await kmsAlias.remove(previous, props, ctx);
      return kmsAlias.create(logicalId, props, ctx);
    }
    await kms(ctx, 'UpdateAlias', { AliasName: props.AliasName, TargetKeyId: props.TargetKeyId });
    return previous;
  },
  async remove(previous, _props, ctx) {
    await kms(ctx, 'DeleteAlias', { AliasName: previous.physicalId });
  },
};

function putRole(logicalId: string, props: Props, ctx: DeployContext): DeployedResource {
  const name: string = props.RoleName ?? generatedName(ctx, logicalId, 64);
  const role = ctx.identity.putRole(name, props.AssumeRolePolicyDocument, props.Path ?? '/', props.ManagedPolicyArns ?? []);
  const inline: string[] = [];
  for (const p of props.Policies ?? []) {
    ctx.identity.putRolePolicy(name, p.PolicyName, p.PolicyDocument);
    inline.push(p.PolicyName);
  }
  return { type: 'AWS::IAM::Role', physicalId: name, attributes: { Arn: role.arn, RoleId: role.roleId, inlinePolicies: JSON.stringify(inline) } };
}

const iamRole: ResourceHandler = {
  async create(logicalId, props, ctx) {
    return putRole(logicalId, props, ctx);
  },
  async update(logicalId, props, previous, ctx) {
    const next = putRole(logicalId, props, ctx);
    if (next.physicalId !== previous.physicalId) {
      ctx.identity.deleteRole(previous.physicalId);
      return next;
    }
    const kept: string[] = JSON.parse(next.attributes.inlinePolicies);
    for (const old of JSON.parse(previous.attributes.inlinePolicies ?? '[]')) if (!kept.includes(old)) ctx.identity.deleteRolePolicy(next.physicalId, old);
    return next;
  },
  async remove(previous, _props, ctx) {
    ctx.identity.deleteRole(previous.physicalId);
  },
};

/** AWS::IAM::Policy and AWS::IAM::ManagedPolicy attached to roles: stored as that role's policies. */
const rolePolicy = (type: string, nameProp: string): ResourceHandler => {
  const attach = (logicalId: string, props: Props, ctx: DeployContext): DeployedResource => {
    const name: string = props[nameProp] ?? generatedName(ctx, logicalId, 128);
    for (const role of props.Roles ?? []) ctx.identity.putRolePolicy(role, name, props.PolicyDocument);
    return { type, physicalId: name, attributes: { roles: JSON.stringify(props.Roles ?? []) } };
  };
  const detach = (previous: DeployedResource, ctx: DeployContext) => {
    for (const role of JSON.parse(previous.attributes.roles ?? '[]')) ctx.identity.deleteRolePolicy(role, previous.physicalId);
  };
  return {
    async create(logicalId, props, ctx) {
      return attach(logicalId, props, ctx);
    },
    async update(logicalId, props, previous, ctx) {
      detach(previous, ctx);
      return attach(logicalId, props, ctx);
    },
    async remove(previous, _props, ctx) {
      detach(previous, ctx);
    },
  };
};

const qldb = <O = unknown>(ctx: DeployContext, operation: string, input: object) => ctx.dispatcher.call<O>('qldb', operation, input, ctx.deployer);

/** Tables and indexes are not CloudFormation resources: they are created through PartiQL, as on QLDB. */
const qldbLedger: ResourceHandler = {
  async create(logicalId, props, ctx) {
    const name: string = props.Name ?? generatedName(ctx, logicalId, 32).replace(/[^A-Za-z0-9-]/g, '-');
    await qldb(ctx, 'CreateLedger', {
      Name: name,
      PermissionsMode: props.PermissionsMode,
      DeletionProtection: props.DeletionProtection,
      KmsKey: props.KmsKey,
      Tags: Object.fromEntries((props.Tags ?? []).map((t: { Key: string; Value: string }) => [t.Key, t.Value])),
    });
    return { type: 'AWS::QLDB::Ledger', physicalId: name, attributes: {} };
  },
  async update(logicalId, props, previous, ctx) {
    if ((props.Name ?? previous.physicalId) !== previous.physicalId) {
      await qldbLedger.remove(previous, props, ctx);
      return qldbLedger.create(logicalId, props, ctx);
    }
    await qldb(ctx, 'UpdateLedger', { Name: previous.physicalId, DeletionProtection: props.DeletionProtection });
    return previous;
  },
  async remove(previous, _props, ctx) {
    // CloudFormation cannot delete a protected ledger either; lifting the protection is the user's call.
    await qldb(ctx, 'DeleteLedger', { Name: previous.physicalId });
  },
};

export const RESOURCE_HANDLERS: Record<string, ResourceHandler> = {
  'AWS::QLDB::Ledger': qldbLedger,
  'AWS::QLDB::Stream': qldbStream,
  'AWS::Kinesis::Stream': kinesisStream,
  'AWS::Lambda::Function': lambdaFunction,
  'AWS::Lambda::EventSourceMapping': lambdaEventSourceMapping,
  'AWS::DynamoDB::Table': dynamodbTable,
  'AWS::SQS::Queue': sqsQueue,
  'AWS::SQS::QueuePolicy': sqsQueuePolicy,
  'AWS::KMS::Key': kmsKey,
  'AWS::KMS::Alias': kmsAlias,
  'AWS::IAM::Role': iamRole,
  'AWS::IAM::Policy': rolePolicy('AWS::IAM::Policy', 'PolicyName'),
  'AWS::IAM::ManagedPolicy': rolePolicy('AWS::IAM::ManagedPolicy', 'ManagedPolicyName'),
};

/** Resource types that describe the deployment itself and create nothing. */
export const IGNORED_TYPES = new Set(['AWS::CDK::Metadata']);
