import type { LedgerMetadata } from '../ledger-registry';

/** Ledger names (docs/qldb-session.md#input-constraints): 1–32 letters, digits and single hyphens, not all digits, no hyphen at either end. */
export const LEDGER_NAME = { type: 'string', required: true, min: 1, max: 32, pattern: /^(?!^.*--)(?!^[0-9]+$)(?!^-)(?!.*-$)^[A-Za-z0-9-]+$/ } as const;

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
