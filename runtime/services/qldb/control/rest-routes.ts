import type { RestJsonBinding } from '../../../protocol/rest-json';

/** The QLDB control plane's restJson1 routes, as @aws-sdk/client-qldb sends them (docs/qldb-control.md#operations-and-routes). */
export const QLDB_REST_BINDING: RestJsonBinding = {
  service: 'qldb',
  routes: [
    { method: 'POST', path: '/ledgers', operation: 'CreateLedger' },
    { method: 'GET', path: '/ledgers', operation: 'ListLedgers', query: { max_results: { member: 'MaxResults', kind: 'integer' }, next_token: { member: 'NextToken' } } },
    { method: 'GET', path: '/ledgers/{Name}', operation: 'DescribeLedger' },
    { method: 'PATCH', path: '/ledgers/{Name}', operation: 'UpdateLedger' },
    { method: 'DELETE', path: '/ledgers/{Name}', operation: 'DeleteLedger' },
    { method: 'PATCH', path: '/ledgers/{Name}/permissions-mode', operation: 'UpdateLedgerPermissionsMode' },
    { method: 'POST', path: '/ledgers/{Name}/digest', operation: 'GetDigest' },
    { method: 'POST', path: '/ledgers/{Name}/block', operation: 'GetBlock' },
    { method: 'POST', path: '/ledgers/{Name}/revision', operation: 'GetRevision' },
    { method: 'POST', path: '/ledgers/{LedgerName}/journal-kinesis-streams', operation: 'StreamJournalToKinesis' },
    {
      method: 'GET',
      path: '/ledgers/{LedgerName}/journal-kinesis-streams',
      operation: 'ListJournalKinesisStreamsForLedger',
      query: { max_results: { member: 'MaxResults', kind: 'integer' }, next_token: { member: 'NextToken' } },
    },
    { method: 'GET', path: '/ledgers/{LedgerName}/journal-kinesis-streams/{StreamId}', operation: 'DescribeJournalKinesisStream' },
    { method: 'DELETE', path: '/ledgers/{LedgerName}/journal-kinesis-streams/{StreamId}', operation: 'CancelJournalKinesisStream' },
    { method: 'POST', path: '/tags/{ResourceArn}', operation: 'TagResource' },
    { method: 'DELETE', path: '/tags/{ResourceArn}', operation: 'UntagResource', query: { tagKeys: { member: 'TagKeys', kind: 'list' } } },
    { method: 'GET', path: '/tags/{ResourceArn}', operation: 'ListTagsForResource' },
  ],
};
