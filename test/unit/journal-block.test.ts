import { dumpBinary, dumpText, load } from 'ion-js';
import {
  blockHashProblem,
  blockSummaryRevisions,
  blockToIon,
  type DocumentRevision,
  encode,
  redactionInfoHash,
  revisionHash,
  revisionToIon,
  transactionInfoHash,
  writeBlockFields,
} from '../../runtime/services/qldb/journal/block';
import { writeStruct } from '../../runtime/services/qldb/journal/ion-writing';
import { decodeBlock, encodeBlock } from '../../runtime/services/qldb/journal/block-codec';
import { dot, EMPTY_HASH, ionHash, merkleRoot } from '../../runtime/services/qldb/journal/hash';
import { ChainBuilder, documentId, sampleChain, STRAND_ID } from '../fixtures/qldb/journal-chain';

const hex = (hash: Uint8Array): string => Buffer.from(hash).toString('hex');

describe('buildBlock', () => {
  it('hashes revisions, entries and the block as docs/qldb-journal.md#hash-rules says, with the documented entriesHashList order', () => {
    const chain = new ChainBuilder();
    const first = chain.next({ internal: ['{ kind: "table" }'] });
    const block = chain.next({ writes: [{ documentId: documentId(1), data: '{ a: 1 }' }, { documentId: documentId(2), data: '{ b: "x" }' }], internal: ['{ kind: "index" }'] });
    const [one, two, internal] = block.revisions as [DocumentRevision, DocumentRevision, { hash: Uint8Array }];
    expect(hex(one.hash)).toBe(hex(revisionHash(one.metadata, ionHash(load('{ a: 1 }')!))));
    expect(hex(internal.hash)).toBe(hex(ionHash(load('{ kind: "index" }')!)));
    expect(block.entriesHashList.map(hex)).toEqual([merkleRoot([one.hash, two.hash, internal.hash]), transactionInfoHash(block.transactionInfo)].map(hex));
    expect(hex(block.entriesHash)).toBe(hex(merkleRoot(block.entriesHashList)));
    expect(hex(block.previousBlockHash)).toBe(hex(first.blockHash));
    expect(hex(block.blockHash)).toBe(hex(dot(block.entriesHash, first.blockHash)));
    expect(first.previousBlockHash).toEqual(EMPTY_HASH);
    expect(hex(first.blockHash)).toBe(hex(first.entriesHash));
  });

  it('makes a block for a read-only transaction: no documents, no revisions, entriesHashList = [H(transactionInfo)]', () => {
    const chain = new ChainBuilder();
    chain.next();
    const block = chain.next();
    expect(block.revisions).toEqual([]);
    expect(block.entriesHashList.map(hex)).toEqual([hex(transactionInfoHash(block.transactionInfo))]);
    const ion = blockToIon(block, { withRevisions: true });
    expect(ion.get('transactionInfo', 'documents')).toBeNull();
    expect(ion.get('revisions')).toBeNull();
    expect(blockSummaryRevisions(block)).toEqual([]);
  });

  it('hashes a delete revision as H(metadata)', () => {
    const chain = new ChainBuilder();
    chain.next({ writes: [{ documentId: documentId(1), data: '{ a: 1 }' }] });
    const deletion = chain.next({ writes: [{ documentId: documentId(1) }] }).revisions[0] as DocumentRevision;
    expect(deletion.data).toBeUndefined();
    expect(deletion.metadata.version).toBe(1);
    expect(hex(deletion.hash)).toBe(hex(revisionHash(deletion.metadata, undefined)));
  });

  it('puts H(redactionInfo) between the revisions root and H(transactionInfo)', () => {
    const chain = new ChainBuilder();
    chain.next({ writes: [{ documentId: documentId(1), data: '{ a: 1 }' }] });
    const redactionInfo = { revisions: [{ blockAddress: { strandId: STRAND_ID, sequenceNo: 0 }, tableId: 'T', documentId: documentId(1), version: 0 }] };
    const block = chain.next({ redactionInfo });
    expect(block.entriesHashList.map(hex)).toEqual([redactionInfoHash(redactionInfo), transactionInfoHash(block.transactionInfo)].map(hex));
    expect(blockHashProblem(block, 'full')).toBeUndefined();
    expect(blockHashProblem({ ...block, redactionInfo: { revisions: [] } }, 'full')).toMatch(/entriesHashList/);
  });
});

describe('blockHashProblem', () => {
  const block = sampleChain(3)[2]!;

  it('accepts a built block at both depths', () => {
    expect(blockHashProblem(block, 'links')).toBeUndefined();
    expect(blockHashProblem(block, 'full')).toBeUndefined();
  });

  it('finds a changed hash at either depth', () => {
    const blockHash = block.blockHash.slice();
    blockHash[0]! ^= 1;
    expect(blockHashProblem({ ...block, blockHash }, 'links')).toMatch(/blockHash/);
    const revisions = [{ ...block.revisions[0]!, hash: block.revisions[1]!.hash }, ...block.revisions.slice(1)];
    expect(blockHashProblem({ ...block, revisions }, 'links')).toMatch(/entriesHashList/);
  });

  it('finds changed content only when it recomputes Ion hashes', () => {
    const revisions = [{ ...(block.revisions[0] as DocumentRevision), data: load('{ n: 666 }')! }, ...block.revisions.slice(1)];
    expect(blockHashProblem({ ...block, revisions }, 'links')).toBeUndefined();
    expect(blockHashProblem({ ...block, revisions }, 'full')).toMatch(/revision 0/);
    const statements = [{ ...block.transactionInfo.statements[0]!, statement: 'DELETE FROM Person' }];
    expect(blockHashProblem({ ...block, transactionInfo: { ...block.transactionInfo, statements } }, 'full')).toMatch(/entriesHashList/);
  });
});

describe('Ion views', () => {
  const chain = new ChainBuilder();
  chain.next({ internal: ['{ kind: "table" }'] });
  const block = chain.next({ writes: [{ documentId: documentId(7), data: '{ name: "Ana", d: 1.50 }' }], internal: ['{ kind: "index" }'] });
  const revision = block.revisions[0] as DocumentRevision;

  it('shows a block as GetBlock does, fields in the stream order, timestamps in ms UTC', () => {
    const ion = blockToIon(block, { withRevisions: false });
    expect(ion.fieldNames()).toEqual(['blockAddress', 'transactionId', 'blockTimestamp', 'blockHash', 'entriesHash', 'previousBlockHash', 'entriesHashList', 'transactionInfo']);
    expect(dumpText(ion.get('blockAddress'))).toBe(`{strandId:"${STRAND_ID}",sequenceNo:1}`);
    expect(dumpText(ion.get('blockTimestamp'))).toBe('2024-05-01T10:00:02.002Z');
    expect(hex(ion.get('blockHash')!.uInt8ArrayValue()!)).toBe(hex(block.blockHash));
    expect(dumpText(ion.get('transactionInfo', 'documents'))).toBe(`{${documentId(7)}:{tableName:"Person",tableId:"1SUXCa3wwV0GD7kV78RbSg",statements:[0]}}`);
  });

  it('lists revisions on request: user revisions in full, internal ones by hash only', () => {
    const revisions = blockToIon(block, { withRevisions: true }).get('revisions')!.elements();
    expect(revisions.map((r) => r.fieldNames())).toEqual([['blockAddress', 'hash', 'data', 'metadata'], ['hash']]);
    expect(blockSummaryRevisions(block).map((s) => ({ ...s, hash: hex(s.hash) }))).toEqual([
      { hash: hex(revision.hash), documentId: documentId(7) },
      { hash: hex(block.revisions[1]!.hash) },
    ]);
  });

  it('shows a revision as GetRevision does, and dataHash in place of data once redacted', () => {
    const ion = revisionToIon(block.blockAddress, revision);
    expect(dumpText(ion.get('data'))).toBe('{name:"Ana",d:1.50}');
    expect(dumpText(ion.get('metadata'))).toBe(`{id:"${documentId(7)}",version:0,txTime:2024-05-01T10:00:02.002Z,txId:"${block.transactionId}"}`);
    const redacted = revisionToIon(block.blockAddress, { ...revision, data: undefined, dataHash: ionHash(revision.data!) });
    expect(redacted.fieldNames()).toEqual(['blockAddress', 'hash', 'dataHash', 'metadata']);
  });
});

describe('block codec', () => {
  it('round-trips every block exactly, Ion types included, decoding data only when read', () => {
    for (const block of sampleChain(12)) {
      const decoded = decodeBlock(encodeBlock(block));
      expect(dumpText(blockToIon(decoded, { withRevisions: true }))).toBe(dumpText(blockToIon(block, { withRevisions: true })));
      expect(blockHashProblem(decoded, 'full')).toBeUndefined();
      decoded.revisions.forEach((r, i) => {
        const original = block.revisions[i]!;
        expect(r.kind).toBe(original.kind);
        if (original.data) {
          expect(Object.getOwnPropertyDescriptor(r, 'data')!.get).toBeDefined();
          expect(r.data!.equals(original.data, { epsilon: null })).toBe(true);
        }
        else expect(r.data).toBeUndefined();
      });
    }
  });

  it('refuses bytes that are not a stored block', () => {
    expect(() => decodeBlock(dumpBinary(load('{ foo: 1 }')))).toThrow(/unknown block field foo/);
    const block = sampleChain(1)[0]!;
    expect(() => decodeBlock(encode((writer) => writeStruct(writer, () => writeBlockFields(writer, block, 'blob'))))).toThrow(/revisions is missing/);
    expect(() => decodeBlock(dumpBinary(blockToIon(block, { withRevisions: true })))).toThrow(/blob/);
  });
});
