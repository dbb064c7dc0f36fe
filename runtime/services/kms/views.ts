import type { KeyMetadata } from '@aws-sdk/client-kms';
import { SUPPORTED_SPECS, type KmsKey } from './model';

/** DescribeKey's KeyMetadata, with exactly the members AWS returns for the key's kind and state. */
export function keyMetadata(key: KmsKey): KeyMetadata {
  const spec = SUPPORTED_SPECS[key.keySpec];
  const symmetric = key.keySpec === 'SYMMETRIC_DEFAULT';
  return {
    AWSAccountId: key.account,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: new Date(key.createdAt),
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.state,
    ...(key.deletionDate ? { DeletionDate: new Date(key.deletionDate) } : {}),
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: key.keySpec as KeyMetadata['CustomerMasterKeySpec'],
    KeySpec: key.keySpec,
    ...(key.keyUsage === 'ENCRYPT_DECRYPT' ? { EncryptionAlgorithms: spec.encryption as KeyMetadata['EncryptionAlgorithms'] } : {}),
    ...(key.keyUsage === 'SIGN_VERIFY' ? { SigningAlgorithms: spec.signing as KeyMetadata['SigningAlgorithms'] } : {}),
    MultiRegion: false,
    ...(symmetric ? { CurrentKeyMaterialId: key.materials[key.materials.length - 1].id } : {}),
  };
}

/** How a KMS list page ends: Truncated always, NextMarker only when another page follows. */
export const truncation = (next: string | undefined) => ({ Truncated: next !== undefined, ...(next ? { NextMarker: next } : {}) });
