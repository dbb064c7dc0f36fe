import type { ListLedgersRequest, ListLedgersResponse } from '@aws-sdk/client-qldb';
import { operation } from '../qldb-control';

/** At most 5 ledgers exist per account, so one page always holds them all. */
export const listLedgers = operation<ListLedgersRequest, ListLedgersResponse>({
  name: 'ListLedgers',
  input: { MaxResults: { type: 'integer', min: 1, max: 100 }, NextToken: { type: 'string', min: 4, max: 1024 } },
  run(qldb, input) {
    const all = qldb.ledgers.list().map((e) => ({ Name: e.metadata.name, State: e.metadata.state, CreationDateTime: new Date(e.metadata.creationDateTime) }));
    return { Ledgers: all.slice(0, input.MaxResults ?? 100) };
  },
});
