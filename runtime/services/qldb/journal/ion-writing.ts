import { IonTypes, Timestamp, type Writer } from 'ion-js';
import type { BlockAddress, RevisionMetadata } from '../ledger/ledger-view';

/** Small helpers that keep the journal's Ion writers readable. */

/**
 * QLDB writes every journal timestamp with millisecond precision in UTC (`2019-12-11T07:20:51.245Z`,
 * docs/qldb-journal.md#block). Precision is part of the Ion hash, so this form is fixed: always three fraction digits.
 */
export function journalTimestamp(date: Date): Timestamp {
  return Timestamp.parse(date.toISOString())!;
}

export function writeStruct(writer: Writer, body: () => void): void {
  writer.stepIn(IonTypes.STRUCT);
  body();
  writer.stepOut();
}

export function writeList<T>(writer: Writer, items: readonly T[], writeItem: (item: T) => void): void {
  writer.stepIn(IonTypes.LIST);
  for (const item of items) writeItem(item);
  writer.stepOut();
}

export function writeBlockAddress(writer: Writer, address: BlockAddress): void {
  writeStruct(writer, () => {
    writer.writeFieldName('strandId');
    writer.writeString(address.strandId);
    writer.writeFieldName('sequenceNo');
    writer.writeInt(address.sequenceNo);
  });
}

/** Field order as QLDB shows it (docs/qldb-journal.md#revision); the Ion hash of a struct does not depend on it. */
export function writeMetadata(writer: Writer, metadata: RevisionMetadata): void {
  writeStruct(writer, () => {
    writer.writeFieldName('id');
    writer.writeString(metadata.id);
    writer.writeFieldName('version');
    writer.writeInt(metadata.version);
    writer.writeFieldName('txTime');
    writer.writeTimestamp(journalTimestamp(metadata.txTime));
    writer.writeFieldName('txId');
    writer.writeString(metadata.txId);
  });
}
