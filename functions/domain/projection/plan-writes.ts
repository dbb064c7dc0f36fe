import { isProjected, type ProjectionConfig } from './config';
import type { Item } from './ion-to-dynamodb';
import type { Redact, WriteIntent } from './intents';
import { itemSize } from './item-size';
import { blockAddressValue, currentItem, currentKey, historyItem, historyKey, revisionAttributes } from './revision-items';
import { INDEX_KEY_ATTRIBUTE, MAX_ITEM_BYTES, PARTITION_KEY, PROGRESS_PARTITION_KEY, SORT_KEY } from './schema';
import type { BlockSummaryRecord, ControlRecord, RedactedRevision, RevisionDetailsRecord, StreamRecord } from './stream-record';

export class OversizeError extends Error {
  override readonly name = 'OversizeError';
}

/**
 * The writes that project one stream record. Records arrive in any order and any number of times
 * (docs/qldb-streams.md#kinesis-delivery), so every write is conditional or commutative, and the result depends only on which
 * records arrived, never on their order:
 *
 * - A revision: (1) the current item, put if newer (`version < :v`), so an older or repeated revision is a
 *   no-op and a tombstone cannot be overwritten by a late older revision; then (2) its history item, put
 *   if absent.
 * - A redaction (redactionInfo in a BLOCK_SUMMARY, or a REVISION_DETAILS carrying dataHash): (1) the
 *   history item is upserted as redacted (data removed, redacted=true); then (2) the current item is
 *   redacted if it holds that version.
 *
 * Why this order: a revision writes the current item before it looks at the history item, and a redaction
 * writes the history item before it looks at the current item. With DynamoDB's per-item linearizability,
 * whichever of the two comes second sees the other: either the redaction finds the current item at that
 * version and redacts it, or the revision's history put finds a redacted item and then (`whenRedacted`)
 * completes that history item without data and redacts the current item. A redaction that arrives first
 * therefore wins over the later arrival of the unredacted revision, also when different shards race.
 *
 * dataHash is only known when the stream carried the redacted revision itself (a replay after the
 * redaction): QLDB's redactionInfo has no hash, and the projector does not re-hash data it drops.
 */
export function planWrites(record: StreamRecord, config: ProjectionConfig, now: Date): WriteIntent[] {
  switch (record.recordType) {
    case 'CONTROL':
      return [controlProgress(record, now)];
    case 'BLOCK_SUMMARY':
      return [blockProgress(record, now), ...record.redactions.filter((r) => !r.tableName || isProjected(config, r.tableName)).flatMap((r) => summaryRedaction(r, now))];
    case 'REVISION_DETAILS':
      return isProjected(config, record.tableName) ? revisionWrites(record, config, now) : [];
  }
}

const progressKey = (ledgerName: string): Item => ({ [PARTITION_KEY]: { S: PROGRESS_PARTITION_KEY }, [SORT_KEY]: { S: ledgerName } });

function blockProgress(record: BlockSummaryRecord, now: Date): WriteIntent {
  return {
    kind: 'advance-progress',
    key: progressKey(record.stream.ledgerName),
    set: {
      lastBlockSequenceNo: { N: String(record.blockAddress.sequenceNo) },
      lastBlockTimestamp: { S: record.blockTimestamp },
      lagMs: { N: String(Math.max(0, now.getTime() - record.blockTimestampMs)) },
      projectedAt: { S: now.toISOString() },
      streamId: { S: record.stream.streamId },
    },
    setIfAbsent: {},
    blockSequenceNo: record.blockAddress.sequenceNo,
  };
}

/** The first sighting of CREATED / COMPLETED is kept: a replayed control record does not move it. */
function controlProgress(record: ControlRecord, now: Date): WriteIntent {
  const attribute = record.controlRecordType === 'CREATED' ? 'streamCreatedAt' : 'streamCompletedAt';
  return {
    kind: 'advance-progress',
    key: progressKey(record.stream.ledgerName),
    set: { streamId: { S: record.stream.streamId } },
    setIfAbsent: { [attribute]: { S: now.toISOString() } },
  };
}

const REDACTED_CONTENT = ['data'];

/** The current item loses its data (and with it the indexKey derived from it) if it holds that version. */
function redactCurrent(documentId: string, version: number, dataHash?: Uint8Array): Redact {
  return {
    kind: 'redact',
    key: currentKey(documentId),
    set: { redacted: { BOOL: true }, ...(dataHash ? { dataHash: { B: dataHash } } : {}) },
    remove: [...REDACTED_CONTENT, INDEX_KEY_ATTRIBUTE],
    ifVersion: version,
  };
}

function summaryRedaction(redaction: RedactedRevision, now: Date): WriteIntent[] {
  return [
    {
      kind: 'redact',
      key: historyKey(redaction.documentId, redaction.version),
      set: {
        documentId: { S: redaction.documentId },
        tableId: { S: redaction.tableId },
        ...(redaction.tableName ? { tableName: { S: redaction.tableName } } : {}),
        version: { N: String(redaction.version) },
        blockAddress: blockAddressValue(redaction.blockAddress),
        redacted: { BOOL: true },
        projectedAt: { S: now.toISOString() },
      },
      remove: REDACTED_CONTENT,
    },
    redactCurrent(redaction.documentId, redaction.version),
  ];
}

function revisionWrites(revision: RevisionDetailsRecord, config: ProjectionConfig, now: Date): WriteIntent[] {
  const { id, version } = revision.metadata;
  const current = currentItem(revision, now, config);
  const size = itemSize(current);
  if (size > MAX_ITEM_BYTES) throw new OversizeError(`document ${id} version ${version} would be a ${size}-byte item; DynamoDB's limit is ${MAX_ITEM_BYTES}`);
  const history = historyItem(revision, now);
  if (revision.dataHash) {
    const { [PARTITION_KEY]: _pk, [SORT_KEY]: _sk, ...attributes } = history;
    return [
      { kind: 'put-if-newer', item: current, version },
      { kind: 'redact', key: historyKey(id, version), set: attributes, remove: REDACTED_CONTENT },
      redactCurrent(id, version, revision.dataHash),
    ];
  }
  return [
    { kind: 'put-if-newer', item: current, version },
    {
      kind: 'put-if-absent',
      item: history,
      whenRedacted: revision.data
        ? [{ kind: 'redact', key: historyKey(id, version), set: revisionAttributes(revision, now), remove: REDACTED_CONTENT }, redactCurrent(id, version)]
        : undefined,
    },
  ];
}
