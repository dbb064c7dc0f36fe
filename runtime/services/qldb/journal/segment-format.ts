import { crc32 } from 'node:zlib';
import { isValidKeyTag } from './journal-cipher';

/**
 * The journal's segment file format (2): every record is sealed with the ledger's data key.
 *
 *   file   := "KDJL" format:u32be tagLength:u8 keyTag[tagLength] headerCrc:u32be record*
 *             headerCrc = CRC-32 of (format ‖ tagLength ‖ keyTag)
 *   record := "KDJR" length:u32be crc:u32be sealed[length]      crc = CRC-32 of (length bytes ‖ sealed)
 *   sealed := cipher.seal(block in Ion binary, recordAad(keyTag, block's sequenceNo))
 *
 * The key tag names the data key that sealed every record of the segment (never the key itself), so a
 * journal caught halfway through a re-encryption still opens. The CRC covers the sealed bytes: a torn
 * tail is told from corruption without any key, and a record that passes its CRC but not authentication
 * was written under another key or moved, never torn. The record magic lets a reader tell a torn tail
 * (a crash mid-append leaves a partial record, or zeros, and nothing valid after it) from corruption (a
 * damaged record with valid records after it).
 *
 * Format 1 (unsealed records) was only written by pre-release keydrill and is refused.
 */

export const SEGMENT_FORMAT = 2;
const SEGMENT_MAGIC = Buffer.from('KDJL', 'latin1');
const RECORD_MAGIC = Buffer.from('KDJR', 'latin1');
const AAD_MAGIC = Buffer.from('KDJ2', 'latin1');
/** Magic and format: enough to tell what the file is before reading the rest of the header. */
const FIXED_HEADER_BYTES = 8;
const RECORD_HEADER_BYTES = 12;

export interface SegmentHeader {
  keyTag: string;
  /** The header's size on disk: where the first record starts. */
  bytes: number;
}

export function segmentHeader(keyTag: string): Buffer {
  if (!isValidKeyTag(keyTag)) throw new Error(`invalid key tag ${JSON.stringify(keyTag)}`);
  const tag = Buffer.from(keyTag, 'latin1');
  const header = Buffer.alloc(FIXED_HEADER_BYTES + 1 + tag.length + 4);
  SEGMENT_MAGIC.copy(header, 0);
  header.writeUInt32BE(SEGMENT_FORMAT, 4);
  header.writeUInt8(tag.length, 8);
  tag.copy(header, 9);
  header.writeUInt32BE(crc32(header.subarray(4, 9 + tag.length)), 9 + tag.length);
  return header;
}

/**
 * What a record's seal is bound to besides its content: its key tag and its block's sequenceNo, so a
 * record copied to another position, or under another segment header, fails authentication.
 */
export function recordAad(keyTag: string, sequenceNo: number): Buffer {
  const tag = Buffer.from(keyTag, 'latin1');
  const aad = Buffer.alloc(AAD_MAGIC.length + 1 + tag.length + 8);
  AAD_MAGIC.copy(aad, 0);
  aad.writeUInt8(tag.length, AAD_MAGIC.length);
  tag.copy(aad, AAD_MAGIC.length + 1);
  aad.writeBigUInt64BE(BigInt(sequenceNo), AAD_MAGIC.length + 1 + tag.length);
  return aad;
}

export function frameRecord(sealed: Uint8Array): Buffer {
  const header = Buffer.alloc(RECORD_HEADER_BYTES);
  RECORD_MAGIC.copy(header, 0);
  header.writeUInt32BE(sealed.length, 4);
  header.writeUInt32BE(crc32(sealed, crc32(header.subarray(4, 8))), 8);
  return Buffer.concat([header, sealed]);
}

/** The sealed bytes of a framed record (as `frameRecord` made it, or a record's bytes in a segment). */
export function framedPayload(frame: Buffer): Buffer {
  return frame.subarray(RECORD_HEADER_BYTES);
}

export interface ScannedRecord {
  offset: number;
  /** Header included. */
  length: number;
  /** The sealed bytes. */
  payload: Buffer;
}

export type SegmentScan =
  | { status: 'ok'; header: SegmentHeader; records: ScannedRecord[] }
  /**
   * A partial write after the last complete record: safe to truncate at `validBytes` when it is the
   * journal's tail. `header` is undefined when the header itself is incomplete (`validBytes` is then 0).
   */
  | { status: 'torn'; header: SegmentHeader | undefined; records: ScannedRecord[]; validBytes: number }
  | { status: 'corrupt'; reason: string };

type Unusable = Exclude<SegmentScan, { status: 'ok' }>;
const notASegment = (): Unusable => ({ status: 'corrupt', reason: 'the file is not a keydrill journal segment' });
const tornHeader = (): Unusable => ({ status: 'torn', header: undefined, records: [], validBytes: 0 });

export function scanSegment(bytes: Buffer): SegmentScan {
  const header = readHeader(bytes);
  if (!('keyTag' in header)) return header;
  const records: ScannedRecord[] = [];
  let offset = header.bytes;
  while (offset < bytes.length) {
    const record = recordAt(bytes, offset);
    if (!record) {
      return validRecordAfter(bytes, offset)
        ? { status: 'corrupt', reason: `the record at byte ${offset} is damaged and valid records follow it` }
        : { status: 'torn', header, records, validBytes: offset };
    }
    records.push(record);
    offset += record.length;
  }
  return { status: 'ok', header, records };
}

function readHeader(bytes: Buffer): SegmentHeader | Unusable {
  if (bytes.length < FIXED_HEADER_BYTES) {
    const expected = Buffer.alloc(FIXED_HEADER_BYTES);
    SEGMENT_MAGIC.copy(expected, 0);
    expected.writeUInt32BE(SEGMENT_FORMAT, 4);
    return expected.subarray(0, bytes.length).equals(bytes) ? tornHeader() : notASegment();
  }
  if (!bytes.subarray(0, 4).equals(SEGMENT_MAGIC)) return notASegment();
  const format = bytes.readUInt32BE(4);
  if (format > SEGMENT_FORMAT) {
    return { status: 'corrupt', reason: `the file has format ${format}, written by a newer keydrill (this one reads up to ${SEGMENT_FORMAT})` };
  }
  if (format < SEGMENT_FORMAT) {
    return { status: 'corrupt', reason: `the file has format ${format} (an unencrypted journal of a pre-release keydrill), which this keydrill (format ${SEGMENT_FORMAT}) cannot read` };
  }
  if (bytes.length <= FIXED_HEADER_BYTES) return tornHeader();
  const tagLength = bytes.readUInt8(FIXED_HEADER_BYTES);
  const tagEnd = FIXED_HEADER_BYTES + 1 + tagLength;
  if (bytes.length < tagEnd + 4 || crc32(bytes.subarray(4, tagEnd)) !== bytes.readUInt32BE(tagEnd)) {
    // Like a torn record: damage with nothing valid after it is a header that never fully reached the disk.
    return validRecordAfter(bytes, FIXED_HEADER_BYTES) ? { status: 'corrupt', reason: 'the segment header is damaged' } : tornHeader();
  }
  const keyTag = bytes.subarray(FIXED_HEADER_BYTES + 1, tagEnd).toString('latin1');
  if (!isValidKeyTag(keyTag)) return { status: 'corrupt', reason: `the segment header names an invalid key tag ${JSON.stringify(keyTag)}` };
  return { keyTag, bytes: tagEnd + 4 };
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
