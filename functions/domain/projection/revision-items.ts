import { MAX_PARTITION_KEY_BYTES, CURRENT_SORT_KEY, documentPartitionKey, historySortKey, indexKeyOf, INDEX_KEY_ATTRIBUTE, LIVE_TABLE_ATTRIBUTE, PARTITION_KEY, SORT_KEY } from './schema';
import type { ProjectionConfig } from './config';
import { ionStructToItem, scalarText, type AttributeValue, type Item } from './ion-to-dynamodb';
import type { BlockAddress, RevisionDetailsRecord } from './stream-record';

/** The items one revision becomes: its history item and the document's current item (schema.ts). */

export const historyKey = (documentId: string, version: number): Item => ({
  [PARTITION_KEY]: { S: documentPartitionKey(documentId) },
  [SORT_KEY]: { S: historySortKey(version) },
});

export const currentKey = (documentId: string): Item => ({
  [PARTITION_KEY]: { S: documentPartitionKey(documentId) },
  [SORT_KEY]: { S: CURRENT_SORT_KEY },
});

export const blockAddressValue = (address: BlockAddress): AttributeValue => ({
  M: { strandId: { S: address.strandId }, sequenceNo: { N: String(address.sequenceNo) } },
});

/** The attributes every item of a revision carries, whatever became of its data. */
export function revisionAttributes(revision: RevisionDetailsRecord, projectedAt: Date): Item {
  return {
    documentId: { S: revision.metadata.id },
    tableName: { S: revision.tableName },
    tableId: { S: revision.tableId },
    version: { N: String(revision.metadata.version) },
    txTime: { S: revision.metadata.txTime },
    txId: { S: revision.metadata.txId },
    blockAddress: blockAddressValue(revision.blockAddress),
    revisionHash: { B: revision.revisionHash },
    projectedAt: { S: projectedAt.toISOString() },
  };
}

/** data, or the marks of a delete (deleted) or a redaction (redacted, dataHash). */
function contentAttributes(revision: RevisionDetailsRecord): Item {
  if (revision.data) return { data: { M: ionStructToItem(revision.data, 1) } };
  if (revision.dataHash) return { redacted: { BOOL: true }, dataHash: { B: revision.dataHash } };
  return { deleted: { BOOL: true } };
}

export function historyItem(revision: RevisionDetailsRecord, projectedAt: Date): Item {
  return { ...historyKey(revision.metadata.id, revision.metadata.version), ...revisionAttributes(revision, projectedAt), ...contentAttributes(revision) };
}

/**
 * The current item: as the history item, plus the GSI keys of a live document — liveTable (byTable) and,
 * when the table has an indexed attribute holding a scalar, indexKey (byIndexedValue). A tombstone has
 * neither, so deleted documents drop out of both indexes. An indexKey over DynamoDB's 2048-byte key limit
 * is left out rather than failing the write forever.
 */
export function currentItem(revision: RevisionDetailsRecord, projectedAt: Date, config: ProjectionConfig): Item {
  const item: Item = { ...currentKey(revision.metadata.id), ...revisionAttributes(revision, projectedAt), ...contentAttributes(revision) };
  const deleted = !revision.data && !revision.dataHash;
  if (deleted) return item;
  item[LIVE_TABLE_ATTRIBUTE] = { S: revision.tableName };
  const attribute = config.indexedAttributes.get(revision.tableName);
  const value = attribute && revision.data?.get(attribute);
  const valueText = value ? scalarText(value) : undefined;
  if (attribute && valueText !== undefined) {
    const indexKey = indexKeyOf(revision.tableName, attribute, valueText);
    if (Buffer.byteLength(indexKey) <= MAX_PARTITION_KEY_BYTES) item[INDEX_KEY_ATTRIBUTE] = { S: indexKey };
  }
  return item;
}
