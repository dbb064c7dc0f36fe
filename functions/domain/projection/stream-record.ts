import { loadAll, type dom } from 'ion-js';

/**
 * A QLDB journal stream record (docs/qldb-streams.md): one standalone Ion binary value
 * `{qldbStreamArn, recordType: CONTROL | BLOCK_SUMMARY | REVISION_DETAILS, payload}`,
 * reduced to what the projection needs.
 */

export interface StreamRef {
  streamArn: string;
  ledgerName: string;
  streamId: string;
}

export interface BlockAddress {
  strandId: string;
  sequenceNo: number;
}

export interface ControlRecord {
  recordType: 'CONTROL';
  stream: StreamRef;
  controlRecordType: 'CREATED' | 'COMPLETED';
}

export interface RedactedRevision {
  blockAddress: BlockAddress;
  tableId: string;
  documentId: string;
  version: number;
  /** When the redaction block's transactionInfo names the document's table. */
  tableName?: string;
}

export interface BlockSummaryRecord {
  recordType: 'BLOCK_SUMMARY';
  stream: StreamRef;
  blockAddress: BlockAddress;
  /** Ion text form. */
  blockTimestamp: string;
  blockTimestampMs: number;
  redactions: RedactedRevision[];
}

export interface RevisionMetadata {
  id: string;
  version: number;
  /** Ion text form. */
  txTime: string;
  txId: string;
}

export interface RevisionDetailsRecord {
  recordType: 'REVISION_DETAILS';
  stream: StreamRef;
  tableName: string;
  tableId: string;
  blockAddress: BlockAddress;
  revisionHash: Uint8Array;
  /** Absent for a delete revision and for a redacted one. */
  data?: dom.Value;
  /** H(data), in place of data once the revision was redacted (docs/qldb-journal.md#revision). */
  dataHash?: Uint8Array;
  metadata: RevisionMetadata;
}

export type StreamRecord = ControlRecord | BlockSummaryRecord | RevisionDetailsRecord;

export type DecodeResult = { ok: true; record: StreamRecord } | { ok: false; reason: 'undecodable' | 'unknown-shape'; detail: string };

/** Every QLDB stream record is Ion binary (docs/qldb-streams.md#stream-records); ion-js would otherwise read stray bytes as Ion text. */
const ION_BVM = [0xe0, 0x01, 0x00, 0xea];
const STREAM_ARN = /^arn:[^:]+:qldb:[^:]*:[^:]*:stream\/([^/]+)\/([^/]+)$/;

class ShapeError extends Error {}

export function decodeStreamRecord(bytes: Uint8Array): DecodeResult {
  if (bytes.length < ION_BVM.length || ION_BVM.some((b, i) => bytes[i] !== b)) return { ok: false, reason: 'undecodable', detail: 'not an Ion binary value (no Ion version marker)' };
  let values: dom.Value[];
  try {
    values = loadAll(bytes);
  } catch (e) {
    return { ok: false, reason: 'undecodable', detail: `invalid Ion: ${(e as Error).message}` };
  }
  try {
    if (values.length !== 1) throw new ShapeError(`expected one Ion value, found ${values.length}`);
    return { ok: true, record: envelope(values[0]) };
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, reason: 'unknown-shape', detail: e.message };
    throw e;
  }
}

function envelope(value: dom.Value): StreamRecord {
  const root = struct(value, 'the record');
  const streamArn = text(root, 'qldbStreamArn');
  const arn = STREAM_ARN.exec(streamArn);
  if (!arn) throw new ShapeError(`qldbStreamArn ${streamArn} is not a QLDB stream ARN`);
  const stream = { streamArn, ledgerName: arn[1], streamId: arn[2] };
  const recordType = text(root, 'recordType');
  const payload = struct(root.get('payload'), 'payload');
  switch (recordType) {
    case 'CONTROL': {
      const controlRecordType = text(payload, 'controlRecordType');
      // CANCELLED / IMPAIRED control records are undocumented (docs/qldb-streams.md#control-records): unknown, so quarantined.
      if (controlRecordType !== 'CREATED' && controlRecordType !== 'COMPLETED') throw new ShapeError(`unknown controlRecordType ${controlRecordType}`);
      return { recordType, stream, controlRecordType };
    }
    case 'BLOCK_SUMMARY':
      return blockSummary(stream, payload);
    case 'REVISION_DETAILS':
      return revisionDetails(stream, payload);
  }
  throw new ShapeError(`unknown recordType ${recordType}`);
}

function blockSummary(stream: StreamRef, payload: dom.Value): BlockSummaryRecord {
  const timestamp = payload.get('blockTimestamp');
  if (!timestamp || timestamp.isNull() || timestamp.getType().name !== 'timestamp') throw new ShapeError('blockTimestamp must be a timestamp');
  const tablesByDocument = new Map<string, string>();
  const documents = payload.get('transactionInfo', 'documents');
  if (documents && !documents.isNull()) {
    for (const [documentId, info] of struct(documents, 'transactionInfo.documents').fields()) {
      const tableName = info.get('tableName');
      if (tableName && !tableName.isNull()) tablesByDocument.set(documentId, String(tableName.stringValue()));
    }
  }
  const redactions: RedactedRevision[] = [];
  const revisions = payload.get('redactionInfo', 'revisions');
  if (revisions && !revisions.isNull()) {
    for (const entry of revisions.elements()) {
      const ref = struct(entry, 'redactionInfo.revisions[]');
      const documentId = text(ref, 'documentId');
      redactions.push({
        blockAddress: blockAddress(ref),
        tableId: text(ref, 'tableId'),
        documentId,
        version: count(ref, 'version'),
        tableName: tablesByDocument.get(documentId),
      });
    }
  }
  const time = timestamp.timestampValue()!;
  return {
    recordType: 'BLOCK_SUMMARY',
    stream,
    blockAddress: blockAddress(payload),
    blockTimestamp: time.toString(),
    blockTimestampMs: time.getDate().getTime(),
    redactions,
  };
}

function revisionDetails(stream: StreamRef, payload: dom.Value): RevisionDetailsRecord {
  const tableInfo = struct(payload.get('tableInfo'), 'tableInfo');
  const revision = struct(payload.get('revision'), 'revision');
  const metadata = struct(revision.get('metadata'), 'revision.metadata');
  const txTime = metadata.get('txTime');
  if (!txTime || txTime.isNull() || txTime.getType().name !== 'timestamp') throw new ShapeError('revision.metadata.txTime must be a timestamp');
  const data = present(revision.get('data'));
  const dataHash = present(revision.get('dataHash'));
  if (data && data.getType().name !== 'struct') throw new ShapeError('revision.data must be a struct');
  if (data && dataHash) throw new ShapeError('a revision has data or dataHash, not both');
  return {
    recordType: 'REVISION_DETAILS',
    stream,
    tableName: text(tableInfo, 'tableName'),
    tableId: text(tableInfo, 'tableId'),
    blockAddress: blockAddress(revision),
    revisionHash: bytes(revision, 'hash'),
    data,
    dataHash: dataHash && bytes(revision, 'dataHash'),
    metadata: { id: text(metadata, 'id'), version: count(metadata, 'version'), txTime: txTime.timestampValue()!.toString(), txId: text(metadata, 'txId') },
  };
}

const present = (value: dom.Value | null) => (value && !value.isNull() ? value : undefined);

function struct(value: dom.Value | null | undefined, what: string): dom.Value {
  if (!value || value.isNull() || value.getType().name !== 'struct') throw new ShapeError(`${what} must be a struct`);
  return value;
}

function text(parent: dom.Value, name: string): string {
  const value = parent.get(name);
  const type = value?.getType().name;
  if (!value || value.isNull() || (type !== 'string' && type !== 'symbol')) throw new ShapeError(`${name} must be a string`);
  return value.stringValue()!;
}

/** A non-negative int that fits a JS number (versions, sequence numbers). */
function count(parent: dom.Value, name: string): number {
  const value = parent.get(name);
  if (!value || value.isNull() || value.getType().name !== 'int') throw new ShapeError(`${name} must be an int`);
  const n = value.numberValue()!;
  if (!Number.isSafeInteger(n) || n < 0) throw new ShapeError(`${name} ${n} is out of range`);
  return n;
}

function bytes(parent: dom.Value, name: string): Uint8Array {
  const value = parent.get(name);
  if (!value || value.isNull() || value.getType().name !== 'blob') throw new ShapeError(`${name} must be a blob`);
  return new Uint8Array(value.uInt8ArrayValue()!);
}

function blockAddress(parent: dom.Value): BlockAddress {
  const address = struct(parent.get('blockAddress'), 'blockAddress');
  return { strandId: text(address, 'strandId'), sequenceNo: count(address, 'sequenceNo') };
}
