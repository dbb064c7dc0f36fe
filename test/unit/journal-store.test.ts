import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { type FileHandle, open as openHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { dumpText } from 'ion-js';
import { StateFileError } from '../../runtime/core/durable-file';
import { type Block, blockHashProblem, blockToIon, buildBlock, type DocumentRevision } from '../../runtime/services/qldb/journal/block';
import { decodeBlock, encodeBlock } from '../../runtime/services/qldb/journal/block-codec';
import { ionHash } from '../../runtime/services/qldb/journal/hash';
import { AesGcmCipher } from '../../runtime/services/qldb/journal/journal-cipher';
import { JournalStore } from '../../runtime/services/qldb/journal/journal-store';
import { frameRecord, recordAad, scanSegment, segmentHeader } from '../../runtime/services/qldb/journal/segment-format';
import { ChainBuilder, documentId, sampleChain } from '../fixtures/qldb/journal-chain';
import { tempDataDir } from '../helpers/temp-data-dir';

let dir: string;
const opened: JournalStore[] = [];

beforeEach(() => {
  dir = tempDataDir('journal');
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

const key = new AesGcmCipher(Buffer.alloc(32, 7), 'test-key');

function open(options: Parameters<typeof JournalStore.open>[1] = {}): JournalStore {
  const store = JournalStore.open(dir, { ciphers: [key], ...options });
  opened.push(store);
  return store;
}

/** A block's record as the store writes it. */
const record = (block: Block): Buffer => frameRecord(key.seal(encodeBlock(block), recordAad(key.keyTag, block.blockAddress.sequenceNo)));
const segmentOf = (blocks: Block[]): Buffer => Buffer.concat([segmentHeader(key.keyTag), ...blocks.map(record)]);

const hex = (hash: Uint8Array): string => Buffer.from(hash).toString('hex');
const segmentFiles = (): string[] => readdirSync(dir).filter((name) => name.endsWith('.kdj')).sort().map((name) => join(dir, name));
const asText = (blocks: readonly Block[]): string[] => blocks.map((block) => dumpText(blockToIon(block, { withRevisions: true })));

async function writeChain(blocks: Block[], options: Parameters<typeof JournalStore.open>[1] = {}): Promise<void> {
  const store = open(options);
  for (const block of blocks) await store.append(block);
  await store.close();
}

describe('JournalStore', () => {
  it('keeps a memory-only journal when given no directory', async () => {
    const store = JournalStore.open(undefined);
    const blocks = sampleChain(4);
    for (const block of blocks) await store.append(block);
    expect(store.length).toBe(4);
    expect(store.tip()).toBe(blocks[3]);
    expect(store.block(1)).toBe(blocks[1]);
    expect(store.block(4)).toBeUndefined();
  });

  it('reopens exactly what was appended, data included', async () => {
    const blocks = sampleChain(15);
    await writeChain(blocks);
    const reopened = open({ verify: 'full' });
    expect(reopened.length).toBe(15);
    expect(asText(reopened.blocks())).toEqual(asText(blocks));
    expect(reopened.tip()!.blockAddress.sequenceNo).toBe(14);
  });

  it('counts a block as durable only once its write is fsynced, and everything reopened as durable', async () => {
    const blocks = sampleChain(3);
    const store = open();
    const appended = blocks.map((block) => store.append(block));
    expect([store.length, store.durableLength]).toEqual([3, 0]);
    await Promise.all(appended);
    expect(store.durableLength).toBe(3);
    await store.close();
    expect(open().durableLength).toBe(3);
  });

  it('commits concurrent appends together (one fsync) and keeps them all', async () => {
    const probe = await openHandle(join(dir, 'probe'), 'w');
    const datasync = jest.spyOn(Object.getPrototypeOf(probe) as FileHandle, 'datasync');
    await probe.close();
    const store = open();
    const blocks = sampleChain(40);
    try {
      await Promise.all(blocks.map((block) => store.append(block)));
      expect(datasync).toHaveBeenCalledTimes(1);
    } finally {
      datasync.mockRestore();
    }
    await store.close();
    expect(asText(open().blocks())).toEqual(asText(blocks));
  });

  it('rejects every append once a write has failed, because disk may lag memory', async () => {
    const store = open();
    const blocks = sampleChain(3);
    await store.append(blocks[0]!);
    const probe = await openHandle(join(dir, 'probe'), 'w');
    const write = jest.spyOn(Object.getPrototypeOf(probe) as FileHandle, 'write').mockRejectedValueOnce(new Error('ENOSPC'));
    await probe.close();
    try {
      await expect(store.append(blocks[1]!)).rejects.toThrow('ENOSPC');
      await expect(store.append(blocks[2]!)).rejects.toThrow('ENOSPC');
    } finally {
      write.mockRestore();
    }
  });

  it('refuses a block that does not chain to the tip', async () => {
    const store = open();
    const [first, second, third] = sampleChain(3) as [Block, Block, Block];
    await store.append(first);
    expect(() => store.append(third)).toThrow(/cannot follow/);
    expect(() => store.append({ ...second, previousBlockHash: third.blockHash })).toThrow(/does not chain/);
  });

  it('rolls over to new segments and reads them back in order', async () => {
    const blocks = sampleChain(30);
    await writeChain(blocks, { segmentBytes: 2000 });
    expect(segmentFiles().length).toBeGreaterThan(3);
    expect(asText(open({ segmentBytes: 2000 }).blocks())).toEqual(asText(blocks));
  });

  describe('after a crash', () => {
    it('cuts a partial last record (torn tail) and keeps appending', async () => {
      const blocks = sampleChain(6);
      await writeChain(blocks.slice(0, 5));
      const [segment] = segmentFiles() as [string];
      const sizeBefore = statSync(segment).size;
      appendFileSync(segment, record(blocks[5]!).subarray(0, 40));
      const store = open();
      expect(store.length).toBe(5);
      expect(statSync(segment).size).toBe(sizeBefore);
      await store.append(blocks[5]!);
      await store.close();
      expect(asText(open().blocks())).toEqual(asText(blocks));
    });

    it('cuts a zero-filled tail and a complete last record whose checksum fails', async () => {
      const blocks = sampleChain(3);
      await writeChain(blocks);
      const [segment] = segmentFiles() as [string];
      appendFileSync(segment, Buffer.alloc(4096));
      expect(open().length).toBe(3);
      const lastRecord = record(sampleChain(4)[3]!);
      lastRecord[lastRecord.length - 1]! ^= 0xff;
      appendFileSync(segment, lastRecord);
      expect(open().length).toBe(3);
    });

    it.each([3, 8, 12, segmentHeader(key.keyTag).length - 1, segmentHeader(key.keyTag).length])(
      'drops a new segment whose header (%i bytes of it) is all that reached the disk',
      async (headerBytes) => {
        await writeChain(sampleChain(3));
        writeFileSync(join(dir, 'segment-000000000003.kdj'), segmentHeader(key.keyTag).subarray(0, headerBytes));
        expect(open().length).toBe(3);
        expect(segmentFiles()).toHaveLength(1);
      },
    );

    it('drops a new segment whose first record is torn', async () => {
      const blocks = sampleChain(4);
      await writeChain(blocks.slice(0, 3));
      writeFileSync(join(dir, 'segment-000000000003.kdj'), Buffer.concat([segmentHeader(key.keyTag), record(blocks[3]!).subarray(0, 30)]));
      expect(open().length).toBe(3);
      expect(segmentFiles()).toHaveLength(1);
    });
  });

  describe('refuses to start on damage', () => {
    it('a damaged record followed by good ones: StateFileError naming the file', async () => {
      await writeChain(sampleChain(5));
      const [segment] = segmentFiles() as [string];
      const bytes = readFileSync(segment);
      bytes[Math.floor(bytes.length / 3)]! ^= 0x01;
      writeFileSync(segment, bytes);
      expect(() => open()).toThrow(StateFileError);
      expect(() => open()).toThrow(new RegExp(`${segment}.*damaged and valid records follow.*keydrill will not start`));
    });

    it('damage in a segment that is not the last one', async () => {
      await writeChain(sampleChain(20), { segmentBytes: 2000 });
      const first = segmentFiles()[0]!;
      writeFileSync(first, readFileSync(first).subarray(0, statSync(first).size - 10));
      expect(() => open()).toThrow(new RegExp(`${first}.*incomplete and later segments exist`));
    });

    it('a block whose hash does not verify, although its record checksum is right', async () => {
      const blocks = sampleChain(4);
      const tampered = { ...blocks[2]!, blockHash: blocks[2]!.blockHash.map((byte, i) => (i === 0 ? byte ^ 1 : byte)) };
      const segment = join(dir, 'segment-000000000000.kdj');
      writeFileSync(segment, segmentOf([blocks[0]!, blocks[1]!, tampered, blocks[3]!]));
      expect(() => open()).toThrow(new RegExp(`${segment}: block 2 .*blockHash is not entriesHash`));
    });

    it('a broken chain: a valid block that does not link to its predecessor', async () => {
      const blocks = sampleChain(3);
      const stranger = buildBlock({ ...inputOf(blocks[2]!), previousBlockHash: blocks[0]!.blockHash });
      writeFileSync(join(dir, 'segment-000000000000.kdj'), segmentOf([blocks[0]!, blocks[1]!, stranger]));
      expect(blockHashProblem(stranger, 'full')).toBeUndefined();
      expect(() => open()).toThrow(/block 2 .*does not chain/);
    });

    it('changed document data with a recomputed checksum: caught by full verification', async () => {
      const blocks = sampleChain(3);
      const record = decodeBlock(encodeBlock(blocks[2]!));
      const revision = record.revisions[0] as DocumentRevision;
      const forged = { ...record, revisions: [{ ...revision, data: decodeBlock(encodeBlock(blocks[1]!)).revisions[0]!.data }, ...record.revisions.slice(1)] };
      writeFileSync(join(dir, 'segment-000000000000.kdj'), segmentOf([blocks[0]!, blocks[1]!, forged as Block]));
      expect(open().length).toBe(3);
      expect(() => open({ verify: 'full' })).toThrow(/block 2 .*revision 0 does not match its hash/);
    });

    it('a segment written by a newer keydrill', async () => {
      const header = segmentHeader(key.keyTag);
      header.writeUInt32BE(3, 4);
      writeFileSync(join(dir, 'segment-000000000000.kdj'), header);
      expect(() => open()).toThrow(/format 3, written by a newer keydrill/);
    });

    it('an unencrypted segment of a pre-release keydrill (format 1)', async () => {
      const blocks = sampleChain(2);
      const legacyHeader = Buffer.from('KDJL\0\0\0\x01', 'latin1');
      writeFileSync(join(dir, 'segment-000000000000.kdj'), Buffer.concat([legacyHeader, ...blocks.map((b) => frameRecord(encodeBlock(b)))]));
      expect(() => open()).toThrow(StateFileError);
      expect(() => open()).toThrow(/format 1 \(an unencrypted journal of a pre-release keydrill\), which this keydrill \(format 2\) cannot read/);
    });

    it('a damaged segment header with records after it', async () => {
      await writeChain(sampleChain(3));
      const [segment] = segmentFiles() as [string];
      const bytes = readFileSync(segment);
      bytes[10]! ^= 0x20;
      writeFileSync(segment, bytes);
      expect(() => open()).toThrow(new RegExp(`${segment}: the segment header is damaged`));
    });
  });

  describe('redaction', () => {
    const secret = 'SECRET-PLAINTEXT-4711';
    const secretSymbol = 'secretsymbol9137';

    function chainWithSecret(): Block[] {
      const chain = new ChainBuilder();
      const blocks = sampleChain(1).map(() => chain.next({ internal: ['{ kind: "table" }'] }));
      blocks.push(chain.next({ writes: [{ documentId: documentId(1), data: `{ name: "${secret}", code: ${secretSymbol}, n: 1 }` }, { documentId: documentId(2), data: '{ name: "public" }' }] }));
      blocks.push(chain.next({ writes: [{ documentId: documentId(1), data: '{ name: "changed", n: 2 }' }] }));
      for (let i = 0; i < 10; i++) blocks.push(chain.next({ writes: [{ documentId: documentId(100 + i), data: `{ n: ${i} }` }] }));
      return blocks;
    }

    const filesContain = (text: string): string[] => readdirSync(dir).filter((name) => readFileSync(join(dir, name)).includes(text));
    /** The segments whose records, once decrypted, contain `text`: redaction must erase it from the plaintext, not only hide it under the key. */
    const recordsContain = (text: string): string[] =>
      segmentFiles().filter((path) => {
        const scan = scanSegment(readFileSync(path));
        if (scan.status !== 'ok') throw new Error(`${path}: ${scan.status}`);
        const first = Number(/segment-(\d+)\.kdj$/.exec(path)![1]);
        return scan.records.some((r, i) => Buffer.from(key.open(r.payload, recordAad(scan.header.keyTag, first + i))).includes(text));
      });

    it.each([
      ['in the active segment', 1024 * 1024, true],
      ['in an older segment', 600, false],
    ])('erases the data from every file %s; every hash still verifies', async (_, segmentBytes, inActiveSegment) => {
      const blocks = chainWithSecret();
      await writeChain(blocks, { segmentBytes });
      expect(filesContain(secret)).toEqual([]);
      const holders = recordsContain(secret);
      expect(holders).toHaveLength(1);
      expect(holders[0] === segmentFiles().at(-1)).toBe(inActiveSegment);
      expect(recordsContain(secretSymbol)).toEqual(holders);
      const store = open({ segmentBytes });
      const address = blocks[1]!.blockAddress;
      await store.redact(address, documentId(1), 0);
      expect(recordsContain(secret)).toEqual([]);
      expect(recordsContain(secretSymbol)).toEqual([]);
      expect(recordsContain('public')).toHaveLength(1);
      expect(filesContain(secret)).toEqual([]);
      await store.close();

      const reopened = open({ verify: 'full', segmentBytes });
      const redacted = reopened.block(1)!.revisions[0] as DocumentRevision;
      expect(redacted.data).toBeUndefined();
      expect(hex(redacted.dataHash!)).toBe(hex(ionHash((blocks[1]!.revisions[0] as DocumentRevision).data!)));
      expect(hex(redacted.hash)).toBe(hex(blocks[1]!.revisions[0]!.hash));
      expect((reopened.block(1)!.revisions[1] as DocumentRevision).data!.get('name')!.stringValue()).toBe('public');
      expect(reopened.length).toBe(blocks.length);
    });

    it('keeps appending to the active segment after rewriting it', async () => {
      const blocks = chainWithSecret();
      const store = open();
      for (const block of blocks.slice(0, -1)) await store.append(block);
      await Promise.all([store.redact(blocks[1]!.blockAddress, documentId(1), 0), store.append(blocks[blocks.length - 1]!)]);
      await store.close();
      expect(recordsContain(secret)).toEqual([]);
      expect(open({ verify: 'full' }).length).toBe(blocks.length);
    });

    it('redacts in memory, and refuses an unknown revision', async () => {
      const store = JournalStore.open(undefined);
      for (const block of chainWithSecret()) await store.append(block);
      await store.redact({ strandId: 'x', sequenceNo: 1 }, documentId(1), 0);
      expect((store.block(1)!.revisions[0] as DocumentRevision).data).toBeUndefined();
      expect(blockHashProblem(store.block(1)!, 'full')).toBeUndefined();
      expect(() => store.redact({ strandId: 'x', sequenceNo: 1 }, documentId(1), 1)).toThrow(/no revision/);
    });
  });
});

function inputOf(block: Block): Parameters<typeof buildBlock>[0] {
  return {
    strandId: block.blockAddress.strandId,
    sequenceNo: block.blockAddress.sequenceNo,
    transactionId: block.transactionId,
    timestamp: block.blockTimestamp,
    previousBlockHash: block.previousBlockHash,
    statements: block.transactionInfo.statements,
    documents: block.transactionInfo.documents,
    revisions: block.revisions.flatMap((r) => (r.kind === 'document' ? [{ tableId: r.tableId, tableName: r.tableName, ...(r.data ? { data: r.data } : {}), metadata: r.metadata }] : [])),
    internal: block.revisions.flatMap((r) => (r.kind === 'internal' ? [r.data] : [])),
  };
}
