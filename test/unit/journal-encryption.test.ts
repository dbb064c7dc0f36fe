import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dumpText } from 'ion-js';
import { StateFileError } from '../../runtime/core/durable-file';
import { type Block, blockToIon, type DocumentRevision } from '../../runtime/services/qldb/journal/block';
import { encodeBlock } from '../../runtime/services/qldb/journal/block-codec';
import { AesGcmCipher, type JournalCipher, keyTagOf } from '../../runtime/services/qldb/journal/journal-cipher';
import { JournalStore, type JournalOpenOptions } from '../../runtime/services/qldb/journal/journal-store';
import { frameRecord, recordAad, scanSegment, segmentHeader } from '../../runtime/services/qldb/journal/segment-format';
import { ChainBuilder, documentId, sampleChain } from '../fixtures/qldb/journal-chain';
import { tempDataDir } from '../helpers/temp-data-dir';

const MARKER = 'PLAINTEXT-MARKER-8c1f2e';
const FIELD_MARKER = 'plaintextFieldMarker41';
const SYMBOL_MARKER = 'plaintextSymbolMarker77';
/** Ion's binary version marker: every plaintext record starts with it. */
const ION_BVM = Buffer.from([0xe0, 0x01, 0x00, 0xea]);

const oldDataKey = Buffer.alloc(32, 0x11);
const newDataKey = Buffer.alloc(32, 0x22);
const oldKey = new AesGcmCipher(oldDataKey, keyTagOf(Buffer.from('wrapped old data key')));
const newKey = new AesGcmCipher(newDataKey, keyTagOf(Buffer.from('wrapped new data key')));

const opened: JournalStore[] = [];
let dir: string;

beforeEach(() => {
  dir = tempDataDir('journal-enc');
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close().catch(() => undefined)));
});

function open(ciphers: JournalCipher[], options: JournalOpenOptions = {}, at = dir): JournalStore {
  const store = JournalStore.open(at, { ...options, ciphers });
  opened.push(store);
  return store;
}

const asText = (blocks: readonly Block[]): string[] => blocks.map((block) => dumpText(blockToIon(block, { withRevisions: true })));
const segmentFiles = (at = dir): string[] => readdirSync(at).filter((name) => name.endsWith('.kdj')).sort().map((name) => join(at, name));
const firstSequenceNo = (path: string): number => Number(/segment-(\d+)\.kdj$/.exec(path)![1]);
/** Every file of the data directory whose bytes contain `needle`. */
const filesContaining = (needle: string | Buffer, at = dir): string[] => readdirSync(at).filter((name) => readFileSync(join(at, name)).includes(needle));

/** Blocks whose documents carry the markers in a value, a field name, a symbol and a nested list. */
function markedChain(count: number): Block[] {
  const chain = new ChainBuilder();
  const blocks = [chain.next({ internal: ['{ kind: "table", name: "Person" }'] })];
  for (let i = 1; i < count; i++) {
    blocks.push(chain.next({ writes: [{ documentId: documentId(i), data: `{ ${FIELD_MARKER}: "${MARKER}-${i}", code: ${SYMBOL_MARKER}, nested: { list: ["${MARKER}"] }, n: ${i} }` }] }));
  }
  return blocks;
}

function expectNoPlaintext(at = dir): void {
  for (const needle of [MARKER, FIELD_MARKER, SYMBOL_MARKER, 'INSERT INTO', 'Person', documentId(1), ION_BVM, oldDataKey, newDataKey]) {
    expect({ needle: String(needle), files: filesContaining(needle, at) }).toEqual({ needle: String(needle), files: [] });
  }
}

async function writeChain(blocks: Block[], ciphers: JournalCipher[], options: JournalOpenOptions = {}): Promise<void> {
  const store = open(ciphers, options);
  for (const block of blocks) await store.append(block);
  await store.close();
}

/** Which key opens each record on disk: the segment's key tag and whether `cipher` opens it, per record. */
function opensWith(cipher: JournalCipher, at = dir): boolean[] {
  return segmentFiles(at).flatMap((path) => {
    const scan = scanSegment(readFileSync(path));
    if (scan.status !== 'ok') throw new Error(`${path}: ${scan.status}`);
    return scan.records.map((record, i) => {
      try {
        cipher.open(record.payload, recordAad(scan.header.keyTag, firstSequenceNo(path) + i));
        return true;
      } catch {
        return false;
      }
    });
  });
}

describe('AesGcmCipher', () => {
  const aad = Buffer.from('aad');

  it('round-trips, with a fresh IV per seal', () => {
    const plaintext = Buffer.from(MARKER);
    const a = oldKey.seal(plaintext, aad);
    const b = oldKey.seal(plaintext, aad);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(Buffer.from(a).includes(MARKER)).toBe(false);
    expect(a.length).toBe(plaintext.length + 12 + 16);
    expect(Buffer.from(oldKey.open(a, aad)).toString()).toBe(MARKER);
  });

  it('refuses another key, other associated data, and any altered byte', () => {
    const sealed = Buffer.from(oldKey.seal(Buffer.from(MARKER), aad));
    expect(() => newKey.open(sealed, aad)).toThrow();
    expect(() => oldKey.open(sealed, Buffer.from('aae'))).toThrow();
    for (const at of [0, 12, sealed.length - 1]) {
      const altered = Buffer.from(sealed);
      altered[at]! ^= 1;
      expect(() => oldKey.open(altered, aad)).toThrow();
    }
    expect(() => oldKey.open(sealed.subarray(0, 20), aad)).toThrow(/too short/);
  });

  it('keeps its own copy of the key, and validates key and tag', () => {
    const dataKey = Buffer.alloc(32, 5);
    const cipher = new AesGcmCipher(dataKey, 'tag');
    const sealed = cipher.seal(Buffer.from('x'), aad);
    dataKey.fill(0);
    expect(Buffer.from(cipher.open(sealed, aad)).toString()).toBe('x');
    expect(JSON.stringify(cipher)).not.toContain('5');
    expect(() => new AesGcmCipher(Buffer.alloc(16), 'tag')).toThrow(/32 bytes, not 16/);
    expect(() => new AesGcmCipher(Buffer.alloc(32), 'has space')).toThrow(/invalid key tag/);
    expect(() => new AesGcmCipher(Buffer.alloc(32), '')).toThrow(/invalid key tag/);
  });

  it('derives key tags from the wrapped key', () => {
    expect(keyTagOf(Buffer.from('wrapped'))).toMatch(/^[0-9a-f]{16}$/);
    expect(keyTagOf(Buffer.from('wrapped'))).toBe(keyTagOf(Buffer.from('wrapped')));
    expect(keyTagOf(Buffer.from('wrapped'))).not.toBe(keyTagOf(Buffer.from('wrapped2')));
  });
});

describe('JournalStore encryption at rest', () => {
  it('needs a cipher for a directory, none in memory', async () => {
    expect(() => JournalStore.open(dir)).toThrow(/encrypted at rest: JournalStore.open needs options.ciphers/);
    expect(() => JournalStore.open(dir, { ciphers: [] })).toThrow(/needs options.ciphers/);
    const memory = JournalStore.open(undefined);
    for (const block of sampleChain(3)) await memory.append(block);
    expect(memory.length).toBe(3);
    expect(memory.keyTags()).toEqual([]);
    await memory.reencrypt(newKey);
    expect(memory.length).toBe(3);
  });

  it('reopens exactly what was appended; nothing of the content reaches the disk in the clear', async () => {
    const blocks = markedChain(25);
    await writeChain(blocks, [oldKey], { segmentBytes: 1500 });
    expect(segmentFiles().length).toBeGreaterThan(2);
    expectNoPlaintext();
    const reopened = open([oldKey], { verify: 'full', segmentBytes: 1500 });
    expect(asText(reopened.blocks())).toEqual(asText(blocks));
    expect(dumpText((reopened.block(3)!.revisions[0] as DocumentRevision).data!)).toContain(MARKER);
    expect(reopened.keyTags()).toEqual([oldKey.keyTag]);
    // The header names the key (never the key itself).
    expect(filesContaining(oldKey.keyTag)).toHaveLength(segmentFiles().length);
  });

  describe('refuses a key that does not match', () => {
    it('a data key with the right tag but other bytes: StateFileError naming the file, nothing truncated', async () => {
      await writeChain(markedChain(4), [oldKey]);
      const [segment] = segmentFiles() as [string];
      const size = statSync(segment).size;
      const impostor = new AesGcmCipher(newDataKey, oldKey.keyTag);
      expect(() => open([impostor])).toThrow(StateFileError);
      expect(() => open([impostor])).toThrow(
        new RegExp(`^${segment}: cannot decrypt the record at byte \\d+ \\(block 0\\) with data key ${oldKey.keyTag}: the ledger's data key does not match`),
      );
      expect(statSync(segment).size).toBe(size);
      expect(open([oldKey]).length).toBe(4);
    });

    it('a segment sealed with a data key that was not given', async () => {
      await writeChain(markedChain(4), [oldKey]);
      const [segment] = segmentFiles() as [string];
      expect(() => open([newKey])).toThrow(StateFileError);
      expect(() => open([newKey])).toThrow(new RegExp(`^${segment}: cannot decrypt the segment: it is sealed with data key ${oldKey.keyTag}, and the data keys given are ${newKey.keyTag}`));
    });

    it('a last record sealed with another key is an acknowledged record, not a torn tail', async () => {
      const blocks = markedChain(3);
      const seal = (cipher: JournalCipher, block: Block) => frameRecord(cipher.seal(encodeBlock(block), recordAad(oldKey.keyTag, block.blockAddress.sequenceNo)));
      const segment = join(dir, 'segment-000000000000.kdj');
      writeFileSync(segment, Buffer.concat([segmentHeader(oldKey.keyTag), seal(oldKey, blocks[0]!), seal(oldKey, blocks[1]!), seal(newKey, blocks[2]!)]));
      const size = statSync(segment).size;
      expect(() => open([oldKey])).toThrow(new RegExp(`${segment}: cannot decrypt the record at byte \\d+ \\(block 2\\)`));
      expect(statSync(segment).size).toBe(size);
    });

    it('records swapped on disk (each with a valid checksum) fail authentication', async () => {
      const blocks = markedChain(3);
      const seal = (block: Block, sequenceNo = block.blockAddress.sequenceNo) => frameRecord(oldKey.seal(encodeBlock(block), recordAad(oldKey.keyTag, sequenceNo)));
      writeFileSync(join(dir, 'segment-000000000000.kdj'), Buffer.concat([segmentHeader(oldKey.keyTag), seal(blocks[0]!), seal(blocks[2]!), seal(blocks[1]!)]));
      expect(() => open([oldKey])).toThrow(/block 1\) with data key .*does not match \(or the record was moved or forged\)/);
    });
  });

  it('cuts a torn sealed tail and keeps appending', async () => {
    const blocks = markedChain(5);
    await writeChain(blocks.slice(0, 4), [oldKey]);
    const [segment] = segmentFiles() as [string];
    const size = statSync(segment).size;
    const torn = frameRecord(oldKey.seal(encodeBlock(blocks[4]!), recordAad(oldKey.keyTag, 4)));
    writeFileSync(segment, Buffer.concat([readFileSync(segment), torn.subarray(0, torn.length - 3)]));
    const store = open([oldKey]);
    expect(store.length).toBe(4);
    expect(statSync(segment).size).toBe(size);
    await store.append(blocks[4]!);
    await store.close();
    expect(asText(open([oldKey]).blocks())).toEqual(asText(blocks));
  });

  describe('re-encryption', () => {
    it('re-seals every record under the new key: the old key alone opens nothing, the chain verifies', async () => {
      const blocks = markedChain(30);
      await writeChain(blocks, [oldKey], { segmentBytes: 1500 });
      const segments = segmentFiles().length;
      expect(segments).toBeGreaterThan(3);
      expect(opensWith(oldKey).every(Boolean)).toBe(true);

      const store = open([oldKey], { segmentBytes: 1500 });
      const progress: [number, number][] = [];
      await store.reencrypt(newKey, { onProgress: (done, total) => progress.push([done, total]) });
      expect(progress).toHaveLength(segments);
      expect(progress.at(-1)).toEqual([30, 30]);
      expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((a, b) => a - b));
      expect(store.keyTags()).toEqual([newKey.keyTag]);
      await store.close();

      expect(opensWith(oldKey).some(Boolean)).toBe(false);
      expect(opensWith(newKey)).toEqual(Array(30).fill(true));
      expect(segmentFiles()).toHaveLength(segments);
      expectNoPlaintext();
      expect(() => open([oldKey])).toThrow(StateFileError);
      const reopened = open([newKey], { verify: 'full' });
      expect(asText(reopened.blocks())).toEqual(asText(blocks));
      expect(reopened.keyTags()).toEqual([newKey.keyTag]);
    });

    it('lets appends through between segments, and seals them under the right key', async () => {
      const blocks = markedChain(50);
      await writeChain(blocks.slice(0, 40), [oldKey], { segmentBytes: 1000 });
      const store = open([oldKey], { segmentBytes: 1000 });
      let finished = false;
      let doneAtFirstAppend: number | undefined;
      let done = 0;
      const reencryption = store.reencrypt(newKey, { onProgress: (records) => void (done = records) }).then(() => void (finished = true));
      for (const block of blocks.slice(40)) {
        await store.append(block);
        doneAtFirstAppend ??= finished ? -1 : done;
      }
      await reencryption;
      expect(doneAtFirstAppend).toBeGreaterThanOrEqual(0);
      expect(doneAtFirstAppend).toBeLessThan(40);
      expect(store.keyTags()).toEqual([newKey.keyTag]);
      await store.close();
      expect(asText(open([newKey], { verify: 'full' }).blocks())).toEqual(asText(blocks));
      expect(opensWith(newKey)).toEqual(Array(50).fill(true));
      expectNoPlaintext();
    });

    it('survives a crash between two segments: opens with both keys, not with either alone, and resumes', async () => {
      const blocks = markedChain(30);
      await writeChain(blocks.slice(0, 25), [oldKey], { segmentBytes: 1500 });
      const [first, second] = segmentFiles() as [string, string];
      const crashed = tempDataDir('journal-enc');
      const store = open([oldKey], { segmentBytes: 1500 });
      let copied = false;
      await store.reencrypt(newKey, {
        onProgress: () => {
          // The disk as a crash right after the first segment's rename would leave it, mid-rewrite temp file included.
          if (copied) return;
          cpSync(dir, crashed, { recursive: true });
          writeFileSync(join(crashed, `${second.split('/').pop()}.tmp`), Buffer.concat([segmentHeader(newKey.keyTag), Buffer.alloc(100, 1)]));
          copied = true;
        },
      });

      const crashedFirst = join(crashed, first.split('/').pop()!);
      const crashedSecond = join(crashed, second.split('/').pop()!);
      expect(() => open([newKey], {}, crashed)).toThrow(new RegExp(`^${crashedSecond}: cannot decrypt the segment: it is sealed with data key ${oldKey.keyTag}`));
      expect(() => open([oldKey], {}, crashed)).toThrow(new RegExp(`^${crashedFirst}: cannot decrypt the segment: it is sealed with data key ${newKey.keyTag}`));
      const resumed = open([oldKey, newKey], { verify: 'full', segmentBytes: 1500 }, crashed);
      expect(asText(resumed.blocks())).toEqual(asText(blocks.slice(0, 25)));
      expect(resumed.keyTags()).toEqual([newKey.keyTag, oldKey.keyTag]);
      expect(readdirSync(crashed).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      await resumed.append(blocks[25]!);
      await resumed.reencrypt(newKey);
      for (const block of blocks.slice(26)) await resumed.append(block);
      expect(resumed.keyTags()).toEqual([newKey.keyTag]);
      await resumed.close();
      expect(asText(open([newKey], { verify: 'full' }, crashed).blocks())).toEqual(asText(blocks));
      expectNoPlaintext(crashed);
    });

    it('stops between segments when the journal is closed, leaving a journal that opens with both keys', async () => {
      const blocks = markedChain(30);
      await writeChain(blocks, [oldKey], { segmentBytes: 1000 });
      const store = open([oldKey], { segmentBytes: 1000 });
      let closing: Promise<void> | undefined;
      const reencryption = store.reencrypt(newKey, { onProgress: () => void (closing ??= store.close()) });
      await expect(reencryption).rejects.toThrow(/closed before its re-encryption finished \(\d+ records still under their old data key\)/);
      await closing;
      const opens = opensWith(newKey);
      expect(opens.some(Boolean) && !opens.every(Boolean)).toBe(true);
      expect(asText(open([oldKey, newKey], { verify: 'full' }).blocks())).toEqual(asText(blocks));
    });

    it('erases a redacted revision while re-encrypting', async () => {
      const blocks = markedChain(20);
      await writeChain(blocks, [oldKey], { segmentBytes: 1000 });
      const store = open([oldKey], { segmentBytes: 1000 });
      const target = blocks[15]!;
      const secret = `${MARKER}-15`;
      await Promise.all([store.reencrypt(newKey), store.redact(target.blockAddress, documentId(15), 0)]);
      await store.close();
      const plaintexts = segmentFiles().flatMap((path) => {
        const scan = scanSegment(readFileSync(path));
        if (scan.status !== 'ok') throw new Error(scan.status);
        return scan.records.map((record, i) => Buffer.from(newKey.open(record.payload, recordAad(scan.header.keyTag, firstSequenceNo(path) + i))));
      });
      expect(plaintexts).toHaveLength(20);
      expect(plaintexts.filter((plaintext) => plaintext.includes(secret))).toHaveLength(0);
      expect(plaintexts.filter((plaintext) => plaintext.includes(`${MARKER}-14`))).toHaveLength(1);
      const reopened = open([newKey], { verify: 'full' });
      expect((reopened.block(15)!.revisions[0] as DocumentRevision).data).toBeUndefined();
      expect(reopened.length).toBe(20);
    });

    it('refuses a second run at once, and a different key under a known tag; the same key is a no-op', async () => {
      await writeChain(markedChain(5), [oldKey]);
      const store = open([oldKey]);
      const running = store.reencrypt(newKey);
      await expect(store.reencrypt(newKey)).rejects.toThrow(/already under way/);
      await running;
      await expect(store.reencrypt(new AesGcmCipher(oldDataKey, newKey.keyTag))).rejects.toThrow(/two different data keys have the key tag/);
      const before = segmentFiles().map((path) => readFileSync(path));
      await store.reencrypt(new AesGcmCipher(newDataKey, newKey.keyTag));
      expect(segmentFiles().map((path) => readFileSync(path))).toEqual(before);
    });
  });
});
