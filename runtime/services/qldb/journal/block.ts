import { dom, load, makeBinaryWriter, type Writer } from 'ion-js';
import type { BlockAddress, RevisionMetadata } from '../ledger/ledger-view';
import { dot, hashesEqual, ionHash, merkleRoot } from './hash';
import { journalTimestamp, writeBlockAddress, writeList, writeMetadata, writeStruct } from './ion-writing';

/**
 * One committed transaction as QLDB journals it (docs/qldb-journal.md#blocks-and-revisions): the block model, how its hashes
 * are computed, and how GetBlock / GetRevision / the stream show it.
 */

export interface StatementInfo {
  /** The PartiQL text with `?` placeholders, as received. */
  statement: string;
  startTime: Date;
  /** S for this statement (docs/qldb-session.md#commit-digest): it includes the parameter hashes. */
  statementDigest: Uint8Array;
}

export interface DocumentInfo {
  tableName: string;
  tableId: string;
  /** Indexes into `statements` of the statements that wrote the document. */
  statements: number[];
}

export interface TransactionInfo {
  statements: StatementInfo[];
  /** Empty for a read-only transaction; QLDB then omits the field (docs/qldb-journal.md#block). */
  documents: Record<string, DocumentInfo>;
}

export interface RedactedRevisionRef {
  blockAddress: BlockAddress;
  tableId: string;
  documentId: string;
  version: number;
}

export interface RedactionInfo {
  revisions: RedactedRevisionRef[];
}

/** A user document revision. */
export interface DocumentRevision {
  kind: 'document';
  tableId: string;
  tableName: string;
  hash: Uint8Array;
  metadata: RevisionMetadata;
  /** Absent for a delete revision and once redacted. */
  data?: dom.Value;
  /** H(data), present instead of data once the revision has been redacted (docs/qldb-journal.md#revision). */
  dataHash?: Uint8Array;
}

/**
 * An engine-internal catalog record (table or index creation, drop…). QLDB journals such records as
 * hash-only revisions that users never see (docs/qldb-journal.md#hash-rules rule 2, docs/qldb-streams.md#block-summary); keydrill keeps their data so the engine
 * can replay its catalog from the journal.
 */
export interface InternalRevision {
  kind: 'internal';
  hash: Uint8Array;
  data: dom.Value;
}

export type JournalRevision = DocumentRevision | InternalRevision;

export interface Block {
  blockAddress: BlockAddress;
  transactionId: string;
  blockTimestamp: Date;
  blockHash: Uint8Array;
  entriesHash: Uint8Array;
  /** Empty for block 0. */
  previousBlockHash: Uint8Array;
  entriesHashList: Uint8Array[];
  transactionInfo: TransactionInfo;
  redactionInfo?: RedactionInfo;
  /** Document revisions first, in the order given, then internal revisions: the order of the revisions tree. */
  revisions: JournalRevision[];
}

export interface BlockInput {
  strandId: string;
  sequenceNo: number;
  transactionId: string;
  timestamp: Date;
  /** Empty for block 0. */
  previousBlockHash: Uint8Array;
  statements: StatementInfo[];
  documents: Record<string, DocumentInfo>;
  /** User revisions; `data` absent means a delete revision. */
  revisions: { tableId: string; tableName: string; data?: dom.Value; metadata: RevisionMetadata }[];
  internal: dom.Value[];
  redactionInfo?: RedactionInfo;
}

export function buildBlock(input: BlockInput): Block {
  const revisions: JournalRevision[] = [
    ...input.revisions.map((revision): DocumentRevision => ({
      kind: 'document',
      tableId: revision.tableId,
      tableName: revision.tableName,
      hash: revisionHash(revision.metadata, revision.data === undefined ? undefined : ionHash(revision.data)),
      metadata: revision.metadata,
      ...(revision.data === undefined ? {} : { data: revision.data }),
    })),
    ...input.internal.map((data): InternalRevision => ({ kind: 'internal', hash: ionHash(data), data })),
  ];
  const transactionInfo: TransactionInfo = { statements: input.statements, documents: input.documents };
  const entriesHashList = entriesHashListOf(
    revisions.map((revision) => revision.hash),
    transactionInfoHash(transactionInfo),
    input.redactionInfo && redactionInfoHash(input.redactionInfo),
  );
  const entriesHash = merkleRoot(entriesHashList);
  return {
    blockAddress: { strandId: input.strandId, sequenceNo: input.sequenceNo },
    transactionId: input.transactionId,
    blockTimestamp: input.timestamp,
    blockHash: dot(entriesHash, input.previousBlockHash),
    entriesHash,
    previousBlockHash: input.previousBlockHash,
    entriesHashList,
    transactionInfo,
    ...(input.redactionInfo ? { redactionInfo: input.redactionInfo } : {}),
    revisions,
  };
}

/**
 * keydrill's entriesHashList order: [revisionsRoot (only when the block has revisions), H(redactionInfo)
 * (only when present), H(transactionInfo)]. Real QLDB lists revisionsRoot before H(transactionInfo) and
 * ends with H(transactionInfo), plus internal hashes nobody can recompute (docs/qldb-journal.md#hash-rules rule 3); verifiers only
 * check membership, so keydrill keeps that relative order and adds no internal entries.
 */
function entriesHashListOf(revisionHashes: Uint8Array[], transactionInfoDigest: Uint8Array, redactionDigest: Uint8Array | undefined): Uint8Array[] {
  return [
    ...(revisionHashes.length > 0 ? [merkleRoot(revisionHashes)] : []),
    ...(redactionDigest ? [redactionDigest] : []),
    transactionInfoDigest,
  ];
}

/** H(metadata) ⊙ H(data) (docs/qldb-journal.md#hash-rules rule 1); a delete revision has no data, so its hash is H(metadata) (docs/qldb-journal.md#revision). */
export function revisionHash(metadata: RevisionMetadata, dataHash: Uint8Array | undefined): Uint8Array {
  // Built as a value rather than encoded and read back: the hash only needs the data model.
  const metadataValue = new dom.Struct([
    ['id', new dom.String(metadata.id)],
    ['version', new dom.Integer(metadata.version)],
    ['txTime', new dom.Timestamp(journalTimestamp(metadata.txTime))],
    ['txId', new dom.String(metadata.txId)],
  ]);
  const metadataHash = ionHash(metadataValue);
  return dataHash === undefined ? metadataHash : dot(metadataHash, dataHash);
}

export function transactionInfoHash(info: TransactionInfo): Uint8Array {
  return ionHash(encode((writer) => writeTransactionInfo(writer, info)));
}

export function redactionInfoHash(info: RedactionInfo): Uint8Array {
  return ionHash(encode((writer) => writeRedactionInfo(writer, info)));
}

/**
 * Checks a block's hashes. 'links' uses SHA-256 only: the revisions tree over the stored revision hashes,
 * its root's place in entriesHashList, entriesHash and blockHash. 'full' also recomputes every Ion hash
 * from content (revision metadata and data, transactionInfo, redactionInfo), which costs ~0.3 ms per
 * value with ion-hash-js. Returns what is wrong, or undefined.
 */
export function blockHashProblem(block: Block, depth: 'links' | 'full'): string | undefined {
  const revisionHashes = block.revisions.map((revision) => revision.hash);
  if (depth === 'full') {
    const stale = block.revisions.findIndex((revision) => !hashesEqual(revision.hash, recomputedRevisionHash(revision)));
    if (stale >= 0) return `revision ${stale} does not match its hash`;
  }
  const expectedList = entriesHashListOf(
    revisionHashes,
    depth === 'full' ? transactionInfoHash(block.transactionInfo) : block.entriesHashList[block.entriesHashList.length - 1]!,
    block.redactionInfo && (depth === 'full' ? redactionInfoHash(block.redactionInfo) : block.entriesHashList[revisionHashes.length > 0 ? 1 : 0]!),
  );
  if (expectedList.length !== block.entriesHashList.length || expectedList.some((hash, i) => !hashesEqual(hash, block.entriesHashList[i]!))) {
    return 'entriesHashList does not match the block content';
  }
  if (!hashesEqual(merkleRoot(block.entriesHashList), block.entriesHash)) return 'entriesHash is not the Merkle root of entriesHashList';
  if (!hashesEqual(dot(block.entriesHash, block.previousBlockHash), block.blockHash)) return 'blockHash is not entriesHash ⊙ previousBlockHash';
  return undefined;
}

function recomputedRevisionHash(revision: JournalRevision): Uint8Array {
  if (revision.kind === 'internal') return ionHash(revision.data);
  return revisionHash(revision.metadata, revision.dataHash ?? (revision.data === undefined ? undefined : ionHash(revision.data)));
}

/** The block as GetBlock's `Block.IonText` shows it (docs/qldb-journal.md#block); revisions only when asked for. */
export function blockToIon(block: Block, options: { withRevisions: boolean }): dom.Value {
  return load(
    encode((writer) =>
      writeStruct(writer, () => {
        writeBlockFields(writer, block);
        if (options.withRevisions && block.revisions.length > 0) {
          writer.writeFieldName('revisions');
          writeList(writer, block.revisions, (revision) => {
            if (revision.kind === 'internal') writeStruct(writer, () => writeBlob(writer, 'hash', revision.hash));
            else writeRevision(writer, block.blockAddress, revision);
          });
        }
      }),
    ),
  )!;
}

/** A user revision as GetRevision and REVISION_DETAILS show it (docs/qldb-journal.md#revision): `dataHash` in place of `data` once redacted. */
export function revisionToIon(blockAddress: BlockAddress, revision: DocumentRevision): dom.Value {
  return load(encode((writer) => writeRevision(writer, blockAddress, revision)))!;
}

/** BLOCK_SUMMARY's revisionSummaries (docs/qldb-streams.md#block-summary): internal revisions show their hash only. */
export function blockSummaryRevisions(block: Block): { hash: Uint8Array; documentId?: string }[] {
  return block.revisions.map((revision) => (revision.kind === 'internal' ? { hash: revision.hash } : { hash: revision.hash, documentId: revision.metadata.id }));
}

/**
 * The fields every block form shares, in the stream's order (docs/qldb-streams.md#block-summary): blockAddress … transactionInfo,
 * [redactionInfo]. `transactionInfoAs: 'blob'` nests transactionInfo as Ion binary (the stored form).
 */
export function writeBlockFields(writer: Writer, block: Block, transactionInfoAs: 'struct' | 'blob' = 'struct'): void {
  writer.writeFieldName('blockAddress');
  writeBlockAddress(writer, block.blockAddress);
  writer.writeFieldName('transactionId');
  writer.writeString(block.transactionId);
  writer.writeFieldName('blockTimestamp');
  writer.writeTimestamp(journalTimestamp(block.blockTimestamp));
  writeBlob(writer, 'blockHash', block.blockHash);
  writeBlob(writer, 'entriesHash', block.entriesHash);
  writeBlob(writer, 'previousBlockHash', block.previousBlockHash);
  writer.writeFieldName('entriesHashList');
  writeList(writer, block.entriesHashList, (hash) => writer.writeBlob(hash));
  if (transactionInfoAs === 'blob') writeBlob(writer, 'transactionInfo', encode((nested) => writeTransactionInfo(nested, block.transactionInfo)));
  else {
    writer.writeFieldName('transactionInfo');
    writeTransactionInfo(writer, block.transactionInfo);
  }
  if (block.redactionInfo) {
    writer.writeFieldName('redactionInfo');
    writeRedactionInfo(writer, block.redactionInfo);
  }
}

/** A user revision's fields (docs/qldb-journal.md#revision), written straight to `writer`: GetRevision, GetBlock and REVISION_DETAILS share it. */
export function writeRevision(writer: Writer, blockAddress: BlockAddress, revision: DocumentRevision): void {
  writeStruct(writer, () => {
    writer.writeFieldName('blockAddress');
    writeBlockAddress(writer, blockAddress);
    writeBlob(writer, 'hash', revision.hash);
    if (revision.dataHash) writeBlob(writer, 'dataHash', revision.dataHash);
    else if (revision.data !== undefined) {
      writer.writeFieldName('data');
      revision.data.writeTo(writer);
    }
    writer.writeFieldName('metadata');
    writeMetadata(writer, revision.metadata);
  });
}

function writeTransactionInfo(writer: Writer, info: TransactionInfo): void {
  writeStruct(writer, () => {
    writer.writeFieldName('statements');
    writeList(writer, info.statements, (statement) =>
      writeStruct(writer, () => {
        writer.writeFieldName('statement');
        writer.writeString(statement.statement);
        writer.writeFieldName('startTime');
        writer.writeTimestamp(journalTimestamp(statement.startTime));
        writeBlob(writer, 'statementDigest', statement.statementDigest);
      }),
    );
    const documents = Object.entries(info.documents);
    if (documents.length === 0) return;
    writer.writeFieldName('documents');
    writeStruct(writer, () => {
      for (const [documentId, document] of documents) {
        writer.writeFieldName(documentId);
        writeStruct(writer, () => {
          writer.writeFieldName('tableName');
          writer.writeString(document.tableName);
          writer.writeFieldName('tableId');
          writer.writeString(document.tableId);
          writer.writeFieldName('statements');
          writeList(writer, document.statements, (index) => writer.writeInt(index));
        });
      }
    });
  });
}

function writeRedactionInfo(writer: Writer, info: RedactionInfo): void {
  writeStruct(writer, () => {
    writer.writeFieldName('revisions');
    writeList(writer, info.revisions, (ref) =>
      writeStruct(writer, () => {
        writer.writeFieldName('blockAddress');
        writeBlockAddress(writer, ref.blockAddress);
        writer.writeFieldName('tableId');
        writer.writeString(ref.tableId);
        writer.writeFieldName('documentId');
        writer.writeString(ref.documentId);
        writer.writeFieldName('version');
        writer.writeInt(ref.version);
      }),
    );
  });
}

export function writeBlob(writer: Writer, fieldName: string, bytes: Uint8Array): void {
  writer.writeFieldName(fieldName);
  writer.writeBlob(bytes);
}

/** Ion binary of whatever `write` writes. */
export function encode(write: (writer: Writer) => void): Uint8Array {
  const writer = makeBinaryWriter();
  write(writer);
  writer.close();
  return writer.getBytes();
}
