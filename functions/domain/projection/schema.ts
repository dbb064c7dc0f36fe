/**
 * The projection's DynamoDB schema, fixed: the CDK stack (infra/constructs/journal-projection.ts) and the
 * `keydrill query` CLI are written against it.
 *
 * Projection table, key pk (S) + sk (S):
 *   DOC#<documentId> / CURRENT        the document's newest revision (a tombstone once deleted)
 *   DOC#<documentId> / V#<version>    one item per revision (history), version zero-padded to 10 digits
 *   PROGRESS / <ledgerName>           the stream's high-water mark
 * Quarantine table, key `position` (S) = <eventID>#<subSequenceNumber or 0>.
 */

export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';
export const QUARANTINE_KEY = 'position';

export const CURRENT_SORT_KEY = 'CURRENT';
export const HISTORY_SORT_PREFIX = 'V#';
export const PROGRESS_PARTITION_KEY = 'PROGRESS';

/** The projection table's global secondary indexes. */
export const PROJECTION_INDEXES = { byTable: 'byTable', byIndexedValue: 'byIndexedValue' } as const;

/** GSI `byTable` is keyed by this attribute: present only on live (not deleted) current items. */
export const LIVE_TABLE_ATTRIBUTE = 'liveTable';
/** GSI `byIndexedValue` is keyed by this attribute. */
export const INDEX_KEY_ATTRIBUTE = 'indexKey';

/** DynamoDB's item size limit (attribute names and values, UTF-8). */
export const MAX_ITEM_BYTES = 400 * 1024;
/** DynamoDB's limit for a partition key value, which a GSI key (indexKey) is too. */
export const MAX_PARTITION_KEY_BYTES = 2048;

export const documentPartitionKey = (documentId: string) => `DOC#${documentId}`;

/** Zero-padded so that history items sort by version (QLDB versions are ints from 0). */
export const historySortKey = (version: number) => `${HISTORY_SORT_PREFIX}${String(version).padStart(10, '0')}`;

export const indexKeyOf = (tableName: string, attribute: string, valueText: string) => `${tableName}#${attribute}#${valueText}`;

/** A non-aggregated Kinesis record has no subSequenceNumber: it is position 0. */
export const quarantinePosition = (eventId: string, subSequenceNumber: number | undefined) => `${eventId}#${subSequenceNumber ?? 0}`;
