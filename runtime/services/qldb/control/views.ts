import type { LedgerMetadata } from '../ledger-registry';

/**
 * A ledger on the AWS-owned key by default shows no EncryptionDescription at all; once a key has been
 * named (even AWS_OWNED_KMS_KEY) it does (docs/qldb-control.md#ledger-lifecycle).
 */
function encryptionDescription(m: LedgerMetadata) {
  const e = m.encryption;
  if (!e.explicit) return {};
  return {
    EncryptionDescription: {
      KmsKeyArn: e.kmsKey,
      EncryptionStatus: e.status,
      ...(e.inaccessibleSince ? { InaccessibleKmsKeyDateTime: new Date(e.inaccessibleSince) } : {}),
    },
  };
}

/** DescribeLedger's shape; timestamps are Dates, which the protocol writes as epoch seconds. */
export const describe = (m: LedgerMetadata) => ({
  Name: m.name,
  Arn: m.arn,
  State: m.state,
  CreationDateTime: new Date(m.creationDateTime),
  PermissionsMode: m.permissionsMode,
  DeletionProtection: m.deletionProtection,
  ...encryptionDescription(m),
});
