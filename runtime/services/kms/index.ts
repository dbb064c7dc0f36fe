import { OperationTable } from '../../core/operation';
import type { ServiceFactory } from '../../core/service-module';
import { DEFAULT_KMS_CONFIG, Kms, type KmsConfig } from './kms';
import { KmsStore } from './store';
import { cancelKeyDeletion } from './operations/cancel-key-deletion';
import { createAlias } from './operations/create-alias';
import { createGrant } from './operations/create-grant';
import { createKey } from './operations/create-key';
import { decrypt } from './operations/decrypt';
import { deleteAlias } from './operations/delete-alias';
import { describeKey } from './operations/describe-key';
import { disableKeyRotation } from './operations/disable-key-rotation';
import { disableKey } from './operations/disable-key';
import { enableKeyRotation } from './operations/enable-key-rotation';
import { enableKey } from './operations/enable-key';
import { encrypt } from './operations/encrypt';
import { generateDataKeyWithoutPlaintext } from './operations/generate-data-key-without-plaintext';
import { generateDataKey } from './operations/generate-data-key';
import { generateRandom } from './operations/generate-random';
import { getKeyPolicy } from './operations/get-key-policy';
import { getKeyRotationStatus } from './operations/get-key-rotation-status';
import { getPublicKey } from './operations/get-public-key';
import { listAliases } from './operations/list-aliases';
import { listGrants } from './operations/list-grants';
import { listKeyPolicies } from './operations/list-key-policies';
import { listKeyRotations } from './operations/list-key-rotations';
import { listKeys } from './operations/list-keys';
import { listResourceTags } from './operations/list-resource-tags';
import { putKeyPolicy } from './operations/put-key-policy';
import { reEncrypt } from './operations/re-encrypt';
import { retireGrant } from './operations/retire-grant';
import { revokeGrant } from './operations/revoke-grant';
import { rotateKeyOnDemand } from './operations/rotate-key-on-demand';
import { scheduleKeyDeletion } from './operations/schedule-key-deletion';
import { sign } from './operations/sign';
import { tagResource } from './operations/tag-resource';
import { untagResource } from './operations/untag-resource';
import { updateAlias } from './operations/update-alias';
import { updateKeyDescription } from './operations/update-key-description';
import { verify } from './operations/verify';

/** Every KMS operation the runtime serves (awsJson 1.1, target prefix `TrentService`). */
const KMS_OPERATIONS = [
  cancelKeyDeletion,
  createAlias,
  createGrant,
  createKey,
  decrypt,
  deleteAlias,
  describeKey,
  disableKeyRotation,
  disableKey,
  enableKeyRotation,
  enableKey,
  encrypt,
  generateDataKeyWithoutPlaintext,
  generateDataKey,
  generateRandom,
  getKeyPolicy,
  getKeyRotationStatus,
  getPublicKey,
  listAliases,
  listGrants,
  listKeyPolicies,
  listKeyRotations,
  listKeys,
  listResourceTags,
  putKeyPolicy,
  reEncrypt,
  retireGrant,
  revokeGrant,
  rotateKeyOnDemand,
  scheduleKeyDeletion,
  sign,
  tagResource,
  untagResource,
  updateAlias,
  updateKeyDescription,
  verify,
];

const createKmsService = (kms: Kms) => new OperationTable<Kms>('kms', kms, KMS_OPERATIONS);

export interface KmsModuleOptions {
  kms?: Partial<KmsConfig>;
}

/** KMS: keys, aliases, grants and policies, kept in `state/kms.json`. */
export const kmsModule: ServiceFactory<KmsModuleOptions> = (ctx, options) => {
  const store = new KmsStore(ctx.stateFile('kms'));
  const kms = new Kms(store, ctx.identity, ctx.clock, ctx.timers, ctx.trail, { ...DEFAULT_KMS_CONFIG, ...options.kms });
  return {
    services: [createKmsService(kms)],
    bindings: [{ protocol: 'awsJson', service: 'kms', targetPrefix: 'TrentService', jsonVersion: '1.1' }],
    reset: () => store.reset(),
  };
};
