import type { DescribeLedgerRequest, DescribeLedgerResponse } from '@aws-sdk/client-qldb';
import type { OperationDefinition } from '../../../../core/operation';
import { controlErrors } from '../errors';
import { describe, LEDGER_NAME } from '../ledger-shapes';
import type { QldbControl } from '../qldb-control';

export const describeLedger: OperationDefinition<QldbControl, DescribeLedgerRequest, DescribeLedgerResponse> = {
  name: 'DescribeLedger',
  input: { Name: LEDGER_NAME },
  run(qldb, input) {
    const entry = qldb.ledgers.get(input.Name!);
    if (!entry) throw controlErrors.notFound(input.Name!);
    return describe(entry.metadata);
  },
};
