import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { type FileHandle, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { StateFileError } from '../../../core/durable-file';
import { PRIVATE_DIRECTORY, PRIVATE_FILE } from '../../../core/private-files';
import type { BlockAddress } from '../ledger/ledger-view';
import { type Block, blockHashProblem, type DocumentRevision } from './block';
import { decodeBlock, encodeBlock } from './block-codec';
import { EMPTY_HASH, hashesEqual, ionHash } from './hash';
import { isValidKeyTag, type JournalCipher, sameKey } from './journal-cipher';
import { framedPayload, frameRecord, recordAad, scanSegment, segmentHeader } from './segment-format';

/**
 * The ledger's journal: an append-only chain of blocks, durable and crash-safe.
 *
 * On disk: `<dir>/segment-<first sequenceNo, 12 digits>.kdj` files (format in segment-format.ts), each
 * block one CRC-framed record: the block in Ion binary (block-codec.ts), sealed with the ledger's data key
 * (journal-cipher.ts), so no document content, field name or statement reaches the disk in the clear.
 * Appends go to the newest segment; a new one starts once it passes `segmentBytes`, which bounds what a
 * redaction or a re-encryption step has to rewrite.
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
  /**
   * The data keys the journal's segments may be sealed with; required with a directory, since QLDB always
   * encrypts a journal. The last one seals new segments. The others open segments sealed before a re-key
   * that has not finished (a crash interrupted `reencrypt`: call it again with the last cipher).
   */
  ciphers?: readonly JournalCipher[];
}

export interface ReencryptOptions {
  /**
   * Called after each segment is re-sealed and durable: records re-sealed so far, and of how many
   * (the total can grow while appends land in a segment not yet re-sealed).
   */
  onProgress?(doneRecords: number, totalRecords: number): void;
}

interface Segment {
  path: string;
  /** Bytes on disk, header included. */
  size: number;
  /** Which data key sealed every record of the segment (its header says so). */
  keyTag: string;
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
  /** How many blocks of `chain` are on disk (fsynced). */
  private durable = 0;
  /** Every data key the store may need, by key tag. */
  private readonly ciphers = new Map<string, JournalCipher>();
  /** Seals new segments. */
  private writeCipher: JournalCipher | undefined;
  private reencryption: Promise<void> | undefined;
  private closing = false;

  private constructor(
    private readonly dir: string | undefined,
    private readonly segmentBytes: number,
  ) {}

  /**
   * Loads, decrypts and verifies the journal in `dir` (created if missing); `undefined` keeps it in memory
   * only, and needs no cipher. Throws StateFileError when a segment's data key is missing or does not
   * open its records.
   */
  static open(dir: string | undefined, options: JournalOpenOptions = {}): JournalStore {
    const ciphers = options.ciphers ?? [];
    if (dir && ciphers.length === 0) {
      throw new Error(`the journal in ${dir} is encrypted at rest: JournalStore.open needs options.ciphers (the ledger's data keys, the current one last)`);
    }
    const store = new JournalStore(dir, options.segmentBytes ?? DEFAULT_SEGMENT_BYTES);
    for (const cipher of ciphers) store.addCipher(cipher);
    store.writeCipher = ciphers.length ? store.ciphers.get(ciphers[ciphers.length - 1]!.keyTag) : undefined;
    if (dir) store.load(dir, options.verify ?? 'links');
    store.durable = store.chain.length;
    return store;
  }

  get length(): number {
    return this.chain.length;
  }

  /**
   * Blocks known to be on disk: a digest must not cover a block that a crash could still lose, or the
   * client holding it could never verify against the ledger again.
   */
  get durableLength(): number {
    return this.dir ? this.durable : this.chain.length;
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
   * The key tags of the data keys the segments on disk are sealed with, oldest segment first. A data key
   * whose tag is not listed (and that does not seal new segments) is no longer needed.
   */
  keyTags(): string[] {
    return [...new Set(this.segments.map((segment) => segment.keyTag))];
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
   * verifies (docs/qldb-journal.md#revision). Redacting an already redacted revision does nothing.
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

  /**
   * Re-seals the whole journal under `cipher`, which from now on also seals new segments (AWS re-encrypts
   * a ledger when its KMS key changes). One segment at a time, each on its own turn of the disk lane, so
   * appends and redactions go on meanwhile; each segment is replaced atomically and its header names its
   * key, so a crash leaves a journal that opens with both the old and the new ciphers, and calling
   * `reencrypt` again finishes the job. Resolves once no segment needs another key (`keyTags()`); the
   * old ciphers are then dropped. The caller must have stored the new (wrapped) data key durably before
   * calling this, and may let the old ones go only after it resolves.
   */
  reencrypt(cipher: JournalCipher, options: ReencryptOptions = {}): Promise<void> {
    if (this.reencryption) return Promise.reject(new Error('a re-encryption of this journal is already under way'));
    if (this.closing) return Promise.reject(new Error('the journal is closed'));
    try {
      this.addCipher(cipher);
    } catch (error) {
      return Promise.reject(error);
    }
    const target = this.ciphers.get(cipher.keyTag)!;
    this.writeCipher = target;
    const run = this.reencryptSegments(target, options.onProgress).finally(() => {
      this.reencryption = undefined;
    });
    this.reencryption = run.catch(() => undefined);
    return run;
  }

  /**
   * Waits for every write in flight, then releases the segment file (also after a failure). A re-encryption
   * under way stops after the segment it is re-sealing (its promise rejects); the journal stays readable
   * with the old and the new ciphers.
   */
  async close(): Promise<void> {
    this.closing = true;
    await this.reencryption;
    await this.lane;
    await this.handle?.close();
    this.handle = undefined;
  }

  private addCipher(cipher: JournalCipher): void {
    if (!isValidKeyTag(cipher.keyTag)) throw new Error(`invalid key tag ${JSON.stringify(cipher.keyTag)}: 1 to 64 printable ASCII characters, no spaces`);
    const known = this.ciphers.get(cipher.keyTag);
    if (known && !sameKey(known, cipher)) throw new Error(`two different data keys have the key tag ${cipher.keyTag}`);
    if (!known) this.ciphers.set(cipher.keyTag, cipher);
  }

  /**
   * Segments started from now on are sealed with `target` already. The next stale segment is picked on the
   * lane, never ahead of it: an append already running may still be starting a segment under the old key.
   */
  private async reencryptSegments(target: JournalCipher, onProgress: ReencryptOptions['onProgress']): Promise<void> {
    const stale = () => this.segments.filter((segment) => segment.keyTag !== target.keyTag);
    let done = 0;
    for (;;) {
      if (this.closing) {
        const left = stale().reduce((sum, segment) => sum + segment.records.length, 0);
        throw new Error(`the journal was closed before its re-encryption finished (${left} records still under their old data key)`);
      }
      // Queued only now, so that appends which arrived during the previous segment are written first.
      const more = await this.onLane(async () => {
        const segment = stale()[0];
        if (!segment) {
          const needed = new Set([...this.keyTags(), this.writeCipher!.keyTag]);
          for (const keyTag of [...this.ciphers.keys()]) if (!needed.has(keyTag)) this.ciphers.delete(keyTag);
          return false;
        }
        const records = segment.records.length;
        await this.rewriteSegment(segment, target);
        done += records;
        return true;
      });
      if (!more) return;
      onProgress?.(done, done + stale().reduce((sum, segment) => sum + segment.records.length, 0));
    }
  }

  private onLane<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.lane.then(() => {
      if (this.failure) throw this.failure;
      return operation();
    });
    this.lane = run.then(
      () => undefined,
      (error: Error) => {
        this.failure ??= error;
      },
    );
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
    this.durable += batch.length;
    for (const append of batch) append.resolve();
  }

  private async writeBatch(blocks: Block[]): Promise<void> {
    const dir = this.dir!;
    let segment = this.segments[this.segments.length - 1];
    const fresh = !segment || segment.size >= this.segmentBytes;
    if (fresh) {
      await this.handle?.close();
      const header = segmentHeader(this.writeCipher!.keyTag);
      segment = { path: join(dir, segmentName(blocks[0]!.blockAddress.sequenceNo)), size: header.length, keyTag: this.writeCipher!.keyTag, records: [] };
      this.handle = await open(segment.path, 'a', PRIVATE_FILE);
      await this.handle.write(header);
      this.segments.push(segment);
    }
    this.handle ??= await open(segment!.path, 'a', PRIVATE_FILE);
    // The segment's own key: during a re-encryption the active segment may still be under the old one.
    const { keyTag } = segment!;
    const cipher = this.ciphers.get(keyTag)!;
    const frames = blocks.map((block) => frameRecord(cipher.seal(encodeBlock(block), recordAad(keyTag, block.blockAddress.sequenceNo))));
    await this.handle!.write(Buffer.concat(frames));
    await this.handle!.datasync();
    if (fresh) await syncDirectory(dir);
    blocks.forEach((block, i) => {
      segment!.records.push({ sequenceNo: block.blockAddress.sequenceNo, offset: segment!.size, length: frames[i]!.length });
      segment!.size += frames[i]!.length;
      this.segmentOf[block.blockAddress.sequenceNo] = segment!;
    });
  }

  private async rewriteSegmentOf(sequenceNo: number): Promise<void> {
    const segment = this.segmentOf[sequenceNo];
    if (!segment) return; // Still pending: the append encodes the block as it is now, already redacted.
    await this.rewriteSegment(segment, this.ciphers.get(segment.keyTag)!, sequenceNo);
  }

  /**
   * Rewrites a segment under `target`, re-encoding block `redacted` from memory: write a temp file, fsync
   * it, rename it over the segment, fsync the directory — old or new, never torn; the temp file is sealed
   * too. Records that keep their key are copied as they are (their seal is bound to key and sequenceNo,
   * not to their offset); the others are opened with the segment's key and re-sealed with a fresh IV.
   */
  private async rewriteSegment(segment: Segment, target: JournalCipher, redacted?: number): Promise<void> {
    const source = this.ciphers.get(segment.keyTag)!;
    const old = await readFile(segment.path);
    const header = segmentHeader(target.keyTag);
    const parts: Buffer[] = [header];
    let size = header.length;
    const records = segment.records.map((record) => {
      const frame = old.subarray(record.offset, record.offset + record.length);
      const aad = recordAad(target.keyTag, record.sequenceNo);
      let bytes: Buffer = frame;
      if (record.sequenceNo === redacted) bytes = frameRecord(target.seal(encodeBlock(this.chain[redacted]!), aad));
      else if (target.keyTag !== segment.keyTag) {
        const plaintext = unseal(source, segment.keyTag, record.sequenceNo, framedPayload(frame));
        if (!plaintext) throw new Error(`${segment.path}: cannot decrypt the record at byte ${record.offset} (block ${record.sequenceNo}) with data key ${segment.keyTag} to re-encrypt it`);
        bytes = frameRecord(target.seal(plaintext, aad));
      }
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
    segment.keyTag = target.keyTag;
    if (active) this.handle = await open(segment.path, 'a', PRIVATE_FILE);
  }

  private load(dir: string, verify: 'links' | 'full'): void {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIRECTORY });
    const names = readdirSync(dir);
    // A temp file is a rewrite that never reached its rename: the segment it was meant to replace is intact.
    for (const name of names.filter((n) => n.endsWith('.kdj.tmp'))) rmSync(join(dir, name));
    const segmentNames = names.filter((n) => SEGMENT_NAME.test(n)).sort();
    segmentNames.forEach((name, i) => {
      const path = join(dir, name);
      const isLast = i === segmentNames.length - 1;
      const scan = scanSegment(readFileSync(path));
      if (scan.status === 'corrupt') throw new StateFileError(path, scan.reason);
      if (scan.status === 'torn' && !isLast) throw new StateFileError(path, `the record at byte ${scan.validBytes} is incomplete and later segments exist`);
      if (!scan.header || scan.records.length === 0) {
        if (!isLast) throw new StateFileError(path, 'the segment holds no block and later segments exist');
        // A new segment whose first append never completed: nothing in it was acknowledged.
        cutTornTail(dir, path, 0);
        return;
      }
      if (scan.status === 'torn') cutTornTail(dir, path, scan.validBytes);
      const firstSequenceNo = Number(SEGMENT_NAME.exec(name)![1]);
      if (firstSequenceNo !== this.chain.length) throw new StateFileError(path, `the segment should start at block ${this.chain.length}`);
      const { keyTag } = scan.header;
      const cipher = this.ciphers.get(keyTag);
      if (!cipher) {
        throw new StateFileError(path, `cannot decrypt the segment: it is sealed with data key ${keyTag}, and the data keys given are ${[...this.ciphers.keys()].join(', ')} — the ledger's data key does not match`);
      }
      const segment: Segment = { path, size: scan.header.bytes, keyTag, records: [] };
      for (const record of scan.records) {
        const sequenceNo = this.chain.length;
        const plaintext = unseal(cipher, keyTag, sequenceNo, record.payload);
        if (!plaintext) {
          throw new StateFileError(
            path,
            `cannot decrypt the record at byte ${record.offset} (block ${sequenceNo}) with data key ${keyTag}: the ledger's data key does not match (or the record was moved or forged)`,
          );
        }
        const block = this.verifiedNext(path, record.offset, plaintext, verify);
        this.chain.push(block);
        this.segmentOf.push(segment);
        segment.records.push({ sequenceNo: block.blockAddress.sequenceNo, offset: record.offset, length: record.length });
        segment.size = record.offset + record.length;
      }
      this.segments.push(segment);
    });
  }

  private verifiedNext(path: string, offset: number, payload: Uint8Array, verify: 'links' | 'full'): Block {
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

/** The record's plaintext, or undefined when authentication fails (another key, or moved or altered bytes). */
function unseal(cipher: JournalCipher, keyTag: string, sequenceNo: number, sealed: Uint8Array): Uint8Array | undefined {
  try {
    return cipher.open(sealed, recordAad(keyTag, sequenceNo));
  } catch {
    return undefined;
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
  const handle = await open(path, 'w', PRIVATE_FILE);
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
