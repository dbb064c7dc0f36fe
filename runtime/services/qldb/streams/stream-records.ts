import type { Writer } from 'ion-js';
import { blockSummaryRevisions, encode, writeBlob, writeBlockFields, writeRevision, type Block, type DocumentRevision } from '../journal/block';
import { writeList, writeStruct } from '../journal/ion-writing';

/**
 * The records a journal stream writes to Kinesis (docs/qldb-streams.md#stream-records). Each is a standalone Ion binary
 * stream — version marker, local symbol table, one struct — so a consumer can decode any record alone.
 * Field names reach the symbol table in the order they are first written, which is the order of the
 * real records: qldbStreamArn, recordType, payload, then the payload's fields.
 */

export type RecordType = 'CONTROL' | 'BLOCK_SUMMARY' | 'REVISION_DETAILS';

/** The documented control records: no CANCELED or IMPAIRED record exists (docs/qldb-streams.md#control-records). */
export type ControlRecordType = 'CREATED' | 'COMPLETED';

function envelope(streamArn: string, recordType: RecordType, writePayload: (writer: Writer) => void): Uint8Array {
  return encode((writer) =>
    writeStruct(writer, () => {
      writer.writeFieldName('qldbStreamArn');
      writer.writeString(streamArn);
      writer.writeFieldName('recordType');
      writer.writeString(recordType);
      writer.writeFieldName('payload');
      writeStruct(writer, () => writePayload(writer));
    }),
  );
}

export function controlRecord(streamArn: string, controlRecordType: ControlRecordType): Uint8Array {
  return envelope(streamArn, 'CONTROL', (writer) => {
    writer.writeFieldName('controlRecordType');
    writer.writeString(controlRecordType);
  });
}

/**
 * BLOCK_SUMMARY: the block without its revisions, plus revisionSummaries — hash-only for internal
 * (catalog) revisions, absent altogether when the block wrote nothing (a read-only transaction).
 */
export function blockSummaryRecord(streamArn: string, block: Block): Uint8Array {
  return envelope(streamArn, 'BLOCK_SUMMARY', (writer) => {
    writeBlockFields(writer, block);
    const summaries = blockSummaryRevisions(block);
    if (summaries.length === 0) return;
    writer.writeFieldName('revisionSummaries');
    writeList(writer, summaries, (summary) =>
      writeStruct(writer, () => {
        writeBlob(writer, 'hash', summary.hash);
        if (summary.documentId !== undefined) {
          writer.writeFieldName('documentId');
          writer.writeString(summary.documentId);
        }
      }),
    );
  });
}

/**
 * REVISION_DETAILS for one user revision, as GetRevision shows it (block.ts revisionToIon): `data` for a
 * live revision, `dataHash` once redacted, metadata only for a delete. The stream reads the journal as it
 * is when the block is sent, so a revision redacted before then is streamed redacted. The revision is
 * written straight into the record (block.ts writeRevision) rather than through revisionToIon's Ion value,
 * which costs five times as much on the delivery path.
 */
export function revisionDetailsRecord(streamArn: string, block: Block, revision: DocumentRevision): Uint8Array {
  return envelope(streamArn, 'REVISION_DETAILS', (writer) => {
    writer.writeFieldName('tableInfo');
    writeStruct(writer, () => {
      writer.writeFieldName('tableName');
      writer.writeString(revision.tableName);
      writer.writeFieldName('tableId');
      writer.writeString(revision.tableId);
    });
    writer.writeFieldName('revision');
    writeRevision(writer, block.blockAddress, revision);
  });
}

export function blockRecords(streamArn: string, block: Block): Uint8Array[] {
  const details = block.revisions.filter((r): r is DocumentRevision => r.kind === 'document').map((r) => revisionDetailsRecord(streamArn, block, r));
  return [blockSummaryRecord(streamArn, block), ...details];
}
