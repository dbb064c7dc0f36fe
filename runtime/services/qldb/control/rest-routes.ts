import type { RestJsonBinding } from '../../../protocol/rest-json';

/** The QLDB control plane's restJson1 routes, as @aws-sdk/client-qldb sends them (qldb-spec §4.1). */
export const QLDB_REST_BINDING: RestJsonBinding = {
  service: 'qldb',
  routes: [
    { method: 'POST', path: '/ledgers', operation: 'CreateLedger' },
    { method: 'GET', path: '/ledgers', operation: 'ListLedgers', query: { max_results: { member: 'MaxResults', kind: 'integer' }, next_token: { member: 'NextToken' } } },
    { method: 'GET', path: '/ledgers/{Name}', operation: 'DescribeLedger' },
    { method: 'PATCH', path: '/ledgers/{Name}', operation: 'UpdateLedger' },
    { method: 'DELETE', path: '/ledgers/{Name}', operation: 'DeleteLedger' },
  ],
};
