import { crc32 } from 'node:zlib';

/**
 * The journal's segment file format.
 *
 *   file   := "KDJL" format:u32be record*
 *   record := "KDJR" length:u32be crc:u32be payload[length]      crc = CRC-32 of (length bytes ‖ payload)
 *
 * The record magic lets a reader tell a torn tail (a crash mid-append leaves a partial record, or zeros,
 * and nothing valid after it) from corruption (a damaged record with valid records after it).
 */

export const SEGMENT_FORMAT = 1;
const SEGMENT_MAGIC = Buffer.from('KDJL', 'latin1');
const RECORD_MAGIC = Buffer.from('KDJR', 'latin1');
export const SEGMENT_HEADER_BYTES = 8;
const RECORD_HEADER_BYTES = 12;

export function segmentHeader(): Buffer {
  const header = Buffer.alloc(SEGMENT_HEADER_BYTES);
  SEGMENT_MAGIC.copy(header, 0);
  header.writeUInt32BE(SEGMENT_FORMAT, 4);
  return header;
}

export function frameRecord(payload: Uint8Array): Buffer {
  const header = Buffer.alloc(RECORD_HEADER_BYTES);
  RECORD_MAGIC.copy(header, 0);
  header.writeUInt32BE(payload.length, 4);
  header.writeUInt32BE(crc32(payload, crc32(header.subarray(4, 8))), 8);
  return Buffer.concat([header, payload]);
}

export interface ScannedRecord {
  offset: number;
  /** Header included. */
  length: number;
  payload: Buffer;
}

export type SegmentScan =
  | { status: 'ok'; records: ScannedRecord[] }
  /** A partial write after the last complete record: safe to truncate at `validBytes` when it is the journal's tail. */
  | { status: 'torn'; records: ScannedRecord[]; validBytes: number }
  | { status: 'corrupt'; reason: string };

export function scanSegment(bytes: Buffer): SegmentScan {
  if (bytes.length < SEGMENT_HEADER_BYTES) {
    return SEGMENT_MAGIC.subarray(0, bytes.length).equals(bytes)
      ? { status: 'torn', records: [], validBytes: 0 }
      : { status: 'corrupt', reason: 'the file is not a keydrill journal segment' };
  }
  if (!bytes.subarray(0, 4).equals(SEGMENT_MAGIC)) return { status: 'corrupt', reason: 'the file is not a keydrill journal segment' };
  const format = bytes.readUInt32BE(4);
  if (format > SEGMENT_FORMAT) {
    return { status: 'corrupt', reason: `the file has format ${format}, written by a newer keydrill (this one reads up to ${SEGMENT_FORMAT})` };
  }
  if (format < SEGMENT_FORMAT) return { status: 'corrupt', reason: `the file has format ${format}, which this keydrill cannot read` };

  const records: ScannedRecord[] = [];
  let offset = SEGMENT_HEADER_BYTES;
  while (offset < bytes.length) {
    const record = recordAt(bytes, offset);
    if (!record) {
      return validRecordAfter(bytes, offset)
        ? { status: 'corrupt', reason: `the record at byte ${offset} is damaged and valid records follow it` }
        : { status: 'torn', records, validBytes: offset };
    }
    records.push(record);
    offset += record.length;
  }
  return { status: 'ok', records };
}

function recordAt(bytes: Buffer, offset: number): ScannedRecord | undefined {
  if (offset + RECORD_HEADER_BYTES > bytes.length || !bytes.subarray(offset, offset + 4).equals(RECORD_MAGIC)) return undefined;
  const payloadLength = bytes.readUInt32BE(offset + 4);
  const end = offset + RECORD_HEADER_BYTES + payloadLength;
  if (payloadLength === 0 || end > bytes.length) return undefined;
  const payload = bytes.subarray(offset + RECORD_HEADER_BYTES, end);
  if (crc32(payload, crc32(bytes.subarray(offset + 4, offset + 8))) !== bytes.readUInt32BE(offset + 8)) return undefined;
  return { offset, length: end - offset, payload };
}

function validRecordAfter(bytes: Buffer, damagedAt: number): boolean {
  for (let at = bytes.indexOf(RECORD_MAGIC, damagedAt + 1); at >= 0; at = bytes.indexOf(RECORD_MAGIC, at + 1)) {
    if (recordAt(bytes, at)) return true;
  }
  return false;
}
