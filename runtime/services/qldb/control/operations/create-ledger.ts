import type { CreateLedgerRequest, CreateLedgerResponse } from '@aws-sdk/client-qldb';
import { controlErrors } from '../errors';
import { KMS_KEY, LEDGER_NAME, PERMISSIONS_MODE, tagKeyProblem, TAGS } from '../inputs';
import { MAX_LEDGERS, operation } from '../qldb-control';
import { describe } from '../views';

export const createLedger = operation<CreateLedgerRequest, CreateLedgerResponse>({
  name: 'CreateLedger',
  input: {
    Name: LEDGER_NAME,
    PermissionsMode: PERMISSIONS_MODE,
    DeletionProtection: { type: 'boolean' },
    KmsKey: KMS_KEY,
    Tags: TAGS,
  },
  async run(qldb, input, ctx) {
    const keyProblem = tagKeyProblem(input.Tags);
    if (keyProblem) throw controlErrors.invalidParameter(keyProblem);
    if (qldb.ledgers.get(input.Name)) throw controlErrors.alreadyExists(input.Name);
    if (qldb.ledgers.list().length >= MAX_LEDGERS) throw controlErrors.ledgerLimit(MAX_LEDGERS);
    const tags = Object.fromEntries(Object.entries(input.Tags ?? {}).map(([k, v]) => [k, v ?? '']));
    const entry = await qldb.ledgers.create(ctx.caller, {
      name: input.Name,
      permissionsMode: input.PermissionsMode,
      deletionProtection: input.DeletionProtection,
      kmsKey: input.KmsKey,
      tags,
    });
    // AWS answers CREATING and the ledger turns ACTIVE moments later; here creation is complete on return,
    // so DescribeLedger already shows ACTIVE.
    const { EncryptionDescription, ...shown } = describe(entry.metadata);
    return { ...shown, State: 'CREATING', ...(EncryptionDescription ? { KmsKeyArn: EncryptionDescription.KmsKeyArn } : {}) };
  },
});
