import type { DescribeLedgerRequest, DescribeLedgerResponse } from '@aws-sdk/client-qldb';
import { controlErrors } from '../errors';
import { LEDGER_NAME } from '../inputs';
import { operation } from '../qldb-control';
import { describe } from '../views';

export const describeLedger = operation<DescribeLedgerRequest, DescribeLedgerResponse>({
  name: 'DescribeLedger',
  input: { Name: LEDGER_NAME },
  run(qldb, input) {
    const entry = qldb.ledgers.get(input.Name);
    if (!entry) throw controlErrors.notFound(input.Name);
    return describe(entry.metadata);
  },
});
