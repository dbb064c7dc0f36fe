import type { CreateKeyResponse } from '@aws-sdk/client-kms';
import { found, type DeployContext, type Props, type ResourceHandler } from '../resource-handler';

async function applyKeySettings(keyId: string, props: Props, ctx: DeployContext): Promise<void> {
  if (props.Enabled === false) await ctx.call('kms', 'DisableKey', { KeyId: keyId });
  else await ctx.call('kms', 'EnableKey', { KeyId: keyId });
  if (props.EnableKeyRotation) await ctx.call('kms', 'EnableKeyRotation', { KeyId: keyId, RotationPeriodInDays: props.RotationPeriodInDays });
  else if ((props.KeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT') await ctx.call('kms', 'DisableKeyRotation', { KeyId: keyId });
}

const keyPolicyText = (props: Props) => (props.KeyPolicy === undefined ? undefined : typeof props.KeyPolicy === 'string' ? props.KeyPolicy : JSON.stringify(props.KeyPolicy));

export const kmsKey: ResourceHandler = {
  async create({ props }, ctx) {
    const { KeyMetadata } = await ctx.call<CreateKeyResponse>('kms', 'CreateKey', {
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
  async update({ props, previous }, ctx) {
    const keyId = previous.physicalId;
    const policy = keyPolicyText(props);
    if (policy) await ctx.call('kms', 'PutKeyPolicy', { KeyId: keyId, Policy: policy, BypassPolicyLockoutSafetyCheck: props.BypassPolicyLockoutSafetyCheck });
    await ctx.call('kms', 'UpdateKeyDescription', { KeyId: keyId, Description: props.Description ?? '' });
    await applyKeySettings(keyId, props, ctx);
    return previous;
  },
  async remove(previous, ctx) {
    await ctx.call('kms', 'ScheduleKeyDeletion', { KeyId: previous.physicalId, PendingWindowInDays: previous.properties.PendingWindowInDays ?? 30 });
  },
  // A key scheduled for deletion still exists (and can be cancelled); one deleted is gone.
  exists: (previous, ctx) => found(['NotFoundException'], ctx.call('kms', 'DescribeKey', { KeyId: previous.physicalId })),
};
