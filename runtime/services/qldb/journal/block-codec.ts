import { load, makeReader, type Reader } from 'ion-js';
import type { BlockAddress, RevisionMetadata } from '../ledger/ledger-view';
import type { Block, DocumentInfo, DocumentRevision, InternalRevision, JournalRevision, RedactedRevisionRef, StatementInfo, TransactionInfo } from './block';
import { encode, writeBlob, writeBlockFields } from './block';
import { decodedFrom, ionBinary } from './hash';
import { writeList, writeMetadata, writeStruct } from './ion-writing';

/**
 * How one block is stored: one Ion binary struct — the GetBlock fields (docs/qldb-journal.md#block) plus every revision with
 * what the engine needs to replay it. Revision data and transactionInfo are nested as Ion binary
 * *blobs* so that opening the journal reads only what chain verification and replay need; they are
 * decoded the first time someone reads them (ion-js needs ~45 µs per document: seconds for 100,000).
 *
 *   { blockAddress, …, entriesHashList, transactionInfo: {{Ion binary}}, redactionInfo?,
 *     revisions: [ { hash, tableId, tableName, metadata, data: {{Ion binary}} | dataHash: {{…}} }
 *                | { hash, internal: {{Ion binary}} } ] }
 */

export function encodeBlock(block: Block): Uint8Array {
  return encode((writer) =>
    writeStruct(writer, () => {
      writeBlockFields(writer, block, 'blob');
      writer.writeFieldName('revisions');
      writeList(writer, block.revisions, (revision) =>
        writeStruct(writer, () => {
          writeBlob(writer, 'hash', revision.hash);
          if (revision.kind === 'internal') {
            writeBlob(writer, 'internal', ionBinary(revision.data));
            return;
          }
          writer.writeFieldName('tableId');
          writer.writeString(revision.tableId);
          writer.writeFieldName('tableName');
          writer.writeString(revision.tableName);
          writer.writeFieldName('metadata');
          writeMetadata(writer, revision.metadata);
          if (revision.dataHash) writeBlob(writer, 'dataHash', revision.dataHash);
          else if (revision.data !== undefined) writeBlob(writer, 'data', ionBinary(revision.data));
        }),
      );
    }),
  );
}

/** Throws when the bytes are not a stored block; the store turns that into a StateFileError. */
export function decodeBlock(bytes: Uint8Array): Block {
  const reader = makeReader(bytes);
  if (reader.next() === null) throw new Error('empty record');
  const block: Partial<Block> = {};
  readStruct(reader, (name) => {
    switch (name) {
      case 'blockAddress': return void (block.blockAddress = readBlockAddress(reader));
      case 'transactionId': return void (block.transactionId = string(reader));
      case 'blockTimestamp': return void (block.blockTimestamp = date(reader));
      case 'blockHash': return void (block.blockHash = blob(reader));
      case 'entriesHash': return void (block.entriesHash = blob(reader));
      case 'previousBlockHash': return void (block.previousBlockHash = blob(reader));
      case 'entriesHashList': return void (block.entriesHashList = readList(reader, () => blob(reader)));
      case 'transactionInfo': return void lazily(block, 'transactionInfo', blob(reader), readTransactionInfo);
      case 'redactionInfo': return void (block.redactionInfo = { revisions: readRedactionInfo(reader) });
      case 'revisions': return void (block.revisions = readList(reader, () => readRevision(reader)));
      default: throw new Error(`unknown block field ${name}`);
    }
  });
  const required = ['blockAddress', 'transactionId', 'blockTimestamp', 'blockHash', 'entriesHash', 'previousBlockHash', 'entriesHashList', 'transactionInfo', 'revisions'] as const;
  const missing = required.find((field) => block[field] === undefined);
  if (missing) throw new Error(`block field ${missing} is missing`);
  return block as Block;
}

function readRevision(reader: Reader): JournalRevision {
  let hash: Uint8Array | undefined;
  let internal: Uint8Array | undefined;
  let data: Uint8Array | undefined;
  let dataHash: Uint8Array | undefined;
  let tableId: string | undefined;
  let tableName: string | undefined;
  let metadata: RevisionMetadata | undefined;
  readStruct(reader, (name) => {
    switch (name) {
      case 'hash': return void (hash = blob(reader));
      case 'internal': return void (internal = blob(reader));
      case 'data': return void (data = blob(reader));
      case 'dataHash': return void (dataHash = blob(reader));
      case 'tableId': return void (tableId = string(reader));
      case 'tableName': return void (tableName = string(reader));
      case 'metadata': return void (metadata = readMetadata(reader));
      default: throw new Error(`unknown revision field ${name}`);
    }
  });
  if (!hash) throw new Error('revision without hash');
  if (internal) return lazily({ kind: 'internal', hash } as InternalRevision, 'data', internal, (nested) => load(nested)!);
  if (tableId === undefined || tableName === undefined || !metadata) throw new Error('incomplete revision');
  const revision: DocumentRevision = { kind: 'document', tableId, tableName, hash, metadata, ...(dataHash ? { dataHash } : {}) };
  return data ? lazily(revision, 'data', data, (nested) => decodedFrom(load(nested)!, nested)) : revision;
}

/** Defines `key` as a getter that decodes the nested Ion bytes once, on first use. */
function lazily<T, K extends keyof T>(target: T, key: K, bytes: Uint8Array, decode: (bytes: Uint8Array) => T[K]): T {
  let value: T[K] | undefined;
  Object.defineProperty(target, key, { enumerable: true, configurable: true, get: () => (value ??= decode(bytes)) });
  return target;
}

function readTransactionInfo(bytes: Uint8Array): TransactionInfo {
  const reader = makeReader(bytes);
  if (reader.next() === null) throw new Error('empty transactionInfo');
  const info: TransactionInfo = { statements: [], documents: {} };
  readStruct(reader, (name) => {
    if (name === 'statements') info.statements = readList(reader, () => readStatement(reader));
    else if (name === 'documents') readStruct(reader, (documentId) => (info.documents[documentId] = readDocument(reader)));
    else throw new Error(`unknown transactionInfo field ${name}`);
  });
  return info;
}

function readStatement(reader: Reader): StatementInfo {
  const statement: Partial<StatementInfo> = {};
  readStruct(reader, (name) => {
    if (name === 'statement') statement.statement = string(reader);
    else if (name === 'startTime') statement.startTime = date(reader);
    else if (name === 'statementDigest') statement.statementDigest = blob(reader);
    else throw new Error(`unknown statement field ${name}`);
  });
  return statement as StatementInfo;
}

function readDocument(reader: Reader): DocumentInfo {
  const document: Partial<DocumentInfo> = {};
  readStruct(reader, (name) => {
    if (name === 'tableName') document.tableName = string(reader);
    else if (name === 'tableId') document.tableId = string(reader);
    else if (name === 'statements') document.statements = readList(reader, () => int(reader));
    else throw new Error(`unknown document field ${name}`);
  });
  return document as DocumentInfo;
}

function readRedactionInfo(reader: Reader): RedactedRevisionRef[] {
  let refs: RedactedRevisionRef[] = [];
  readStruct(reader, (name) => {
    if (name !== 'revisions') throw new Error(`unknown redactionInfo field ${name}`);
    refs = readList(reader, () => {
      const ref: Partial<RedactedRevisionRef> = {};
      readStruct(reader, (field) => {
        if (field === 'blockAddress') ref.blockAddress = readBlockAddress(reader);
        else if (field === 'tableId') ref.tableId = string(reader);
        else if (field === 'documentId') ref.documentId = string(reader);
        else if (field === 'version') ref.version = int(reader);
        else throw new Error(`unknown redactionInfo revision field ${field}`);
      });
      return ref as RedactedRevisionRef;
    });
  });
  return refs;
}

function readMetadata(reader: Reader): RevisionMetadata {
  const metadata: Partial<RevisionMetadata> = {};
  readStruct(reader, (name) => {
    if (name === 'id') metadata.id = string(reader);
    else if (name === 'version') metadata.version = int(reader);
    else if (name === 'txTime') metadata.txTime = date(reader);
    else if (name === 'txId') metadata.txId = string(reader);
    else throw new Error(`unknown metadata field ${name}`);
  });
  return metadata as RevisionMetadata;
}

function readBlockAddress(reader: Reader): BlockAddress {
  const address: Partial<BlockAddress> = {};
  readStruct(reader, (name) => {
    if (name === 'strandId') address.strandId = string(reader);
    else if (name === 'sequenceNo') address.sequenceNo = int(reader);
    else throw new Error(`unknown blockAddress field ${name}`);
  });
  return address as BlockAddress;
}

function readStruct(reader: Reader, onField: (name: string) => void): void {
  reader.stepIn();
  while (reader.next() !== null) onField(reader.fieldName()!);
  reader.stepOut();
}

function readList<T>(reader: Reader, readItem: () => T): T[] {
  const items: T[] = [];
  reader.stepIn();
  while (reader.next() !== null) items.push(readItem());
  reader.stepOut();
  return items;
}

function string(reader: Reader): string {
  const value = reader.stringValue();
  if (value === null) throw new Error('expected a string');
  return value;
}

function int(reader: Reader): number {
  const value = reader.numberValue();
  if (value === null || !Number.isInteger(value)) throw new Error('expected an int');
  return value;
}

function date(reader: Reader): Date {
  const value = reader.timestampValue();
  if (value === null) throw new Error('expected a timestamp');
  return value.getDate();
}

/** Copied, so that no decoded block pins the bytes of a whole segment file in memory. */
function blob(reader: Reader): Uint8Array {
  const value = reader.uInt8ArrayValue();
  if (value === null) throw new Error('expected a blob');
  return value.slice();
}
