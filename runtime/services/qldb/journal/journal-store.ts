import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { type FileHandle, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { StateFileError } from '../../../core/durable-file';
import type { BlockAddress } from '../ledger-view';
import { type Block, blockHashProblem, type DocumentRevision } from './block';
import { decodeBlock, encodeBlock } from './block-codec';
import { EMPTY_HASH, hashesEqual, ionHash } from './hash';
import { frameRecord, scanSegment, SEGMENT_HEADER_BYTES, segmentHeader } from './segment-format';

/**
 * The ledger's journal: an append-only chain of blocks, durable and crash-safe.
 *
 * On disk: `<dir>/segment-<first sequenceNo, 12 digits>.kdj` files (format in segment-format.ts), each
 * block one CRC-framed Ion binary record (block-codec.ts). Appends go to the newest segment; a new one
 * starts once it passes `segmentBytes`, which bounds what a redaction has to rewrite.
 */

/** Redaction rewrites a whole segment, so segments stay small. */
export const DEFAULT_SEGMENT_BYTES = 4 * 1024 * 1024;
const SEGMENT_NAME = /^segment-(\d{12})\.kdj$/;

export interface JournalOpenOptions {
  /**
   * 'links' (default) checks every record's CRC, the chain linkage and, with SHA-256 only, each block's
   * revisions tree, entriesHash and blockHash. 'full' also recomputes every Ion hash from the stored
   * content; ion-hash-js needs ~0.3 ms per value, i.e. about a minute for 100,000 revisions, so it is an
   * audit, not a start-up step. The CRC already catches accidental damage to any byte of content.
   */
  verify?: 'links' | 'full';
  /** A new segment starts once the newest one reaches this size (DEFAULT_SEGMENT_BYTES). */
  segmentBytes?: number;
}

interface Segment {
  path: string;
  /** Bytes on disk, header included. */
  size: number;
  /** The blocks it holds, in order, with where their records sit. */
  records: { sequenceNo: number; offset: number; length: number }[];
}

interface PendingAppend {
  block: Block;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class JournalStore {
  private readonly chain: Block[] = [];
  private readonly segments: Segment[] = [];
  /** Which segment holds each block (by sequenceNo), once it is on disk. */
  private readonly segmentOf: Segment[] = [];
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  /** Every disk operation runs on this one lane, so appends and segment rewrites never interleave. */
  private lane: Promise<void> = Promise.resolve();
  private handle: FileHandle | undefined;
  /** After a failed write the disk may be behind memory: the store refuses further writes. */
  private failure: Error | undefined;

  private constructor(
    private readonly dir: string | undefined,
    private readonly segmentBytes: number,
  ) {}

  /** Loads and verifies the journal in `dir` (created if missing); `undefined` keeps it in memory only. */
  static open(dir: string | undefined, options: JournalOpenOptions = {}): JournalStore {
    const store = new JournalStore(dir, options.segmentBytes ?? DEFAULT_SEGMENT_BYTES);
    if (dir) store.load(dir, options.verify ?? 'links');
    return store;
  }

  get length(): number {
    return this.chain.length;
  }

  blocks(): readonly Block[] {
    return this.chain;
  }

  block(sequenceNo: number): Block | undefined {
    return this.chain[sequenceNo];
  }

  tip(): Block | undefined {
    return this.chain[this.chain.length - 1];
  }

  /**
   * Adds the next block of the chain. It is visible at once (the next block chains to it); the promise
   * resolves only once it is durable (fsync), and callers acknowledge the commit only then. Concurrent
   * appends share one write and one fsync (group commit). Throws at once when the block does not extend
   * the chain (a caller bug); rejects for good after any write failure, since disk may then lag memory.
   */
  append(block: Block): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const tip = this.tip();
    if (block.blockAddress.sequenceNo !== this.chain.length) {
      throw new Error(`block ${block.blockAddress.sequenceNo} cannot follow block ${this.chain.length - 1}`);
    }
    if (!hashesEqual(block.previousBlockHash, tip?.blockHash ?? EMPTY_HASH) || (tip && tip.blockAddress.strandId !== block.blockAddress.strandId)) {
      throw new Error(`block ${block.blockAddress.sequenceNo} does not chain to the journal's tip`);
    }
    this.chain.push(block);
    if (!this.dir) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.pending.push({ block, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        this.lane = this.lane.then(() => this.flushPending());
      }
    });
  }

  /**
   * Replaces a user revision's data by its dataHash — in memory and on disk, where the segment holding
   * it is rewritten atomically — so the plaintext is gone from the data directory while every hash still
   * verifies (§5.2). Redacting an already redacted revision does nothing.
   */
  redact(address: BlockAddress, documentId: string, version: number): Promise<void> {
    const block = this.chain[address.sequenceNo];
    const index = block?.revisions.findIndex((r) => r.kind === 'document' && r.metadata.id === documentId && r.metadata.version === version) ?? -1;
    if (!block || index < 0) throw new Error(`no revision ${documentId} version ${version} in block ${address.sequenceNo}`);
    const revision = block.revisions[index] as DocumentRevision;
    if (revision.dataHash || revision.data === undefined) return Promise.resolve();
    block.revisions[index] = {
      kind: 'document',
      tableId: revision.tableId,
      tableName: revision.tableName,
      hash: revision.hash,
      metadata: revision.metadata,
      dataHash: ionHash(revision.data),
    };
    if (!this.dir) return Promise.resolve();
    return this.onLane(() => this.rewriteSegmentOf(address.sequenceNo));
  }

  /** Waits for every write in flight, then releases the segment file (also after a failure). */
  async close(): Promise<void> {
    await this.lane;
    await this.handle?.close();
    this.handle = undefined;
  }

  private onLane(operation: () => Promise<void>): Promise<void> {
    const run = this.lane.then(() => {
      if (this.failure) throw this.failure;
      return operation();
    });
    this.lane = run.catch((error: Error) => {
      this.failure ??= error;
    });
    return run;
  }

  /** Never rejects: after a failed write it rejects the appends it carried, and all later ones. */
  private async flushPending(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    try {
      if (this.failure) throw this.failure;
      await this.writeBatch(batch.map((append) => append.block));
    } catch (error) {
      this.failure ??= error as Error;
      for (const append of [...batch, ...this.pending]) append.reject(this.failure);
      this.pending = [];
      return;
    }
    for (const append of batch) append.resolve();
  }

  private async writeBatch(blocks: Block[]): Promise<void> {
    const dir = this.dir!;
    let segment = this.segments[this.segments.length - 1];
    const fresh = !segment || segment.size >= this.segmentBytes;
    if (fresh) {
      await this.handle?.close();
      segment = { path: join(dir, segmentName(blocks[0]!.blockAddress.sequenceNo)), size: SEGMENT_HEADER_BYTES, records: [] };
      this.handle = await open(segment.path, 'a');
      await this.handle.write(segmentHeader());
      this.segments.push(segment);
    }
    this.handle ??= await open(segment!.path, 'a');
    const frames = blocks.map((block) => frameRecord(encodeBlock(block)));
    await this.handle!.write(Buffer.concat(frames));
    await this.handle!.datasync();
    if (fresh) await syncDirectory(dir);
    blocks.forEach((block, i) => {
      segment!.records.push({ sequenceNo: block.blockAddress.sequenceNo, offset: segment!.size, length: frames[i]!.length });
      segment!.size += frames[i]!.length;
      this.segmentOf[block.blockAddress.sequenceNo] = segment!;
    });
  }

  /** Write a temp file, fsync it, rename it over the segment, fsync the directory: old or new, never torn. */
  private async rewriteSegmentOf(sequenceNo: number): Promise<void> {
    const segment = this.segmentOf[sequenceNo];
    if (!segment) return; // Still pending: the append encodes the block as it is now, already redacted.
    const old = await readFile(segment.path);
    const parts: Buffer[] = [old.subarray(0, SEGMENT_HEADER_BYTES)];
    let size = SEGMENT_HEADER_BYTES;
    const records = segment.records.map((record) => {
      const bytes = record.sequenceNo === sequenceNo ? frameRecord(encodeBlock(this.chain[sequenceNo]!)) : old.subarray(record.offset, record.offset + record.length);
      parts.push(bytes);
      const moved = { sequenceNo: record.sequenceNo, offset: size, length: bytes.length };
      size += bytes.length;
      return moved;
    });
    const temp = `${segment.path}.tmp`;
    await writeDurably(temp, Buffer.concat(parts));
    const active = segment === this.segments[this.segments.length - 1];
    if (active) {
      await this.handle?.close();
      this.handle = undefined;
    }
    await rename(temp, segment.path);
    await syncDirectory(this.dir!);
    segment.records = records;
    segment.size = size;
    if (active) this.handle = await open(segment.path, 'a');
  }

  private load(dir: string, verify: 'links' | 'full'): void {
    mkdirSync(dir, { recursive: true });
    const names = readdirSync(dir);
    // A temp file is a rewrite that never reached its rename: the segment it was meant to replace is intact.
    for (const name of names.filter((n) => n.endsWith('.kdj.tmp'))) rmSync(join(dir, name));
    const segmentNames = names.filter((n) => SEGMENT_NAME.test(n)).sort();
    segmentNames.forEach((name, i) => {
      const path = join(dir, name);
      const isLast = i === segmentNames.length - 1;
      const scan = scanSegment(readFileSync(path));
      if (scan.status === 'corrupt') throw new StateFileError(path, scan.reason);
      if (scan.status === 'torn') {
        if (!isLast) throw new StateFileError(path, `the record at byte ${scan.validBytes} is incomplete and later segments exist`);
        cutTornTail(dir, path, scan.validBytes);
        if (scan.validBytes === 0) return;
      }
      const firstSequenceNo = Number(SEGMENT_NAME.exec(name)![1]);
      if (firstSequenceNo !== this.chain.length) throw new StateFileError(path, `the segment should start at block ${this.chain.length}`);
      const segment: Segment = { path, size: SEGMENT_HEADER_BYTES, records: [] };
      for (const record of scan.records) {
        const block = this.verifiedNext(path, record.offset, record.payload, verify);
        this.chain.push(block);
        this.segmentOf.push(segment);
        segment.records.push({ sequenceNo: block.blockAddress.sequenceNo, offset: record.offset, length: record.length });
        segment.size = record.offset + record.length;
      }
      this.segments.push(segment);
    });
  }

  private verifiedNext(path: string, offset: number, payload: Buffer, verify: 'links' | 'full'): Block {
    let block: Block;
    try {
      block = decodeBlock(payload);
    } catch (error) {
      throw new StateFileError(path, `the record at byte ${offset} is not a journal block (${(error as Error).message})`);
    }
    const sequenceNo = this.chain.length;
    const previous = this.tip();
    const where = `block ${sequenceNo} (byte ${offset})`;
    if (block.blockAddress.sequenceNo !== sequenceNo) throw new StateFileError(path, `${where} has sequenceNo ${block.blockAddress.sequenceNo}`);
    if (previous && block.blockAddress.strandId !== previous.blockAddress.strandId) throw new StateFileError(path, `${where} is on another strand`);
    if (!hashesEqual(block.previousBlockHash, previous?.blockHash ?? EMPTY_HASH)) {
      throw new StateFileError(path, `${where} does not chain to the previous block's hash`);
    }
    const problem = blockHashProblem(block, verify);
    if (problem) throw new StateFileError(path, `${where} fails verification: ${problem}`);
    return block;
  }
}

function segmentName(firstSequenceNo: number): string {
  return `segment-${String(firstSequenceNo).padStart(12, '0')}.kdj`;
}

/**
 * Only the journal's very end can be torn, by a crash during an append that was never acknowledged
 * (the append resolves after fsync). Cutting it restores the last acknowledged state.
 */
function cutTornTail(dir: string, path: string, validBytes: number): void {
  if (validBytes === 0) rmSync(path);
  else {
    truncateSync(path, validBytes);
    const fd = openSync(path, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

async function writeDurably(path: string, bytes: Buffer): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.write(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
