import type { CreateLedgerRequest, CreateLedgerResponse } from '@aws-sdk/client-qldb';
import type { OperationDefinition } from '../../../../core/operation';
import { controlErrors } from '../errors';
import { describe, LEDGER_NAME } from '../ledger-shapes';
import { MAX_LEDGERS, type QldbControl } from '../qldb-control';

export const createLedger: OperationDefinition<QldbControl, CreateLedgerRequest, CreateLedgerResponse> = {
  name: 'CreateLedger',
  input: {
    Name: LEDGER_NAME,
    PermissionsMode: { type: 'string', required: true, enum: ['ALLOW_ALL', 'STANDARD'] },
    DeletionProtection: { type: 'boolean' },
    KmsKey: { type: 'string', max: 1600 },
    Tags: { type: 'map', max: 200 },
  },
  async run(qldb, input, ctx) {
    if (qldb.ledgers.get(input.Name!)) throw controlErrors.alreadyExists(input.Name!);
    if (qldb.ledgers.list().length >= MAX_LEDGERS) throw controlErrors.ledgerLimit(MAX_LEDGERS);
    const tags = Object.fromEntries(Object.entries(input.Tags ?? {}).map(([k, v]) => [k, v ?? '']));
    const entry = await qldb.ledgers.create(ctx.caller, {
      name: input.Name!,
      permissionsMode: input.PermissionsMode!,
      deletionProtection: input.DeletionProtection,
      kmsKey: input.KmsKey,
      tags,
    });
    // AWS answers CREATING and the ledger turns ACTIVE moments later; here creation is complete on return,
    // so DescribeLedger already shows ACTIVE.
    const { EncryptionDescription, ...shown } = describe(entry.metadata);
    return { ...shown, State: 'CREATING', ...(EncryptionDescription ? { KmsKeyArn: EncryptionDescription.KmsKeyArn } : {}) };
  },
};
