import type { CreateKeyRequest, CreateKeyResponse } from '@aws-sdk/client-kms';
import { newKeyId } from '../../../core/ids';
import { generateAsymmetricKey, newMaterial } from '../crypto';
import { kmsErrors } from '../errors';
import { policyText, tags } from '../inputs';
import { checkKeyPolicy, defaultKeyPolicy } from '../key-policy';
import { keyArn } from '../key-resolution';
import { checkTags } from '../key-rules';
import { operation } from '../kms';
import { KEY_SPECS, KEY_USAGES, SUPPORTED_SPECS, type KmsKey } from '../model';
import { keyMetadata } from '../views';

export const createKey = operation<CreateKeyRequest, CreateKeyResponse>({
  name: 'CreateKey',
  input: {
    Policy: policyText(false),
    Description: { type: 'string', min: 0, max: 8192 },
    KeyUsage: { type: 'string', enum: KEY_USAGES },
    CustomerMasterKeySpec: { type: 'string', enum: KEY_SPECS.filter((s) => !s.startsWith('ML_') && !s.startsWith('ECC_NIST_E')) },
    KeySpec: { type: 'string', enum: KEY_SPECS },
    Origin: { type: 'string', enum: ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] },
    CustomKeyStoreId: { type: 'string', min: 1, max: 64 },
    BypassPolicyLockoutSafetyCheck: { type: 'boolean' },
    Tags: tags,
    MultiRegion: { type: 'boolean' },
    XksKeyId: { type: 'string', min: 1, max: 128 },
  },
  run(kms, input, ctx) {
    kms.authorizeAccount(ctx, 'kms:CreateKey');
    const keySpec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
    if (keySpec !== 'SYMMETRIC_DEFAULT' && !input.KeyUsage) {
      throw kmsErrors.validation('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
    }
    const keyUsage = input.KeyUsage ?? 'ENCRYPT_DECRYPT';
    const spec = SUPPORTED_SPECS[keySpec];
    if (!spec) throw kmsErrors.unsupported(`keydrill does not support KeySpec ${keySpec}`);
    if (!spec.usages.includes(keyUsage)) throw kmsErrors.validation(`KeyUsage ${keyUsage} is not compatible with KeySpec ${keySpec}`);
    if ((input.Origin && input.Origin !== 'AWS_KMS') || input.CustomKeyStoreId || input.XksKeyId) {
      throw kmsErrors.unsupported(`keydrill supports only keys with Origin AWS_KMS`);
    }
    if (input.MultiRegion) throw kmsErrors.unsupported('keydrill does not support multi-Region keys');
    const now = kms.now();
    const keyId = newKeyId();
    const key: KmsKey = {
      keyId,
      arn: keyArn(kms.scope, keyId),
      account: kms.scope.account,
      region: kms.scope.region,
      createdAt: now.toISOString(),
      description: input.Description ?? '',
      keySpec,
      keyUsage,
      state: 'Enabled',
      policy: input.Policy ?? defaultKeyPolicy(kms.scope.account),
      materials: keySpec === 'SYMMETRIC_DEFAULT' ? [newMaterial(now)] : [],
      ...(keySpec === 'SYMMETRIC_DEFAULT' ? {} : { privateKey: generateAsymmetricKey(keySpec) }),
      rotation: { enabled: false, onDemandCount: 0 },
      tags: checkTags([], input.Tags ?? []) as KmsKey['tags'],
      grants: [],
    };
    if (input.Policy) checkKeyPolicy(kms, ctx, input.Policy, key, input.BypassPolicyLockoutSafetyCheck ?? false);
    kms.store.putKey(key);
    kms.store.commit();
    return { KeyMetadata: keyMetadata(key) };
  },
});
