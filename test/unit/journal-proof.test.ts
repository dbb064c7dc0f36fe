import { JournalStore } from '../../runtime/services/qldb/journal/journal-store';
import { type DocumentRevision } from '../../runtime/services/qldb/journal/block';
import { dot, merkleRoot } from '../../runtime/services/qldb/journal/hash';
import { blockProof, digest, merklePath, revisionProof } from '../../runtime/services/qldb/journal/proof';
import { verifyProof } from '../../runtime/services/qldb/journal/verify-proof';
import { sampleChain } from '../fixtures/qldb/journal-chain';

const hex = (hash: Uint8Array): string => Buffer.from(hash).toString('hex');
const flipped = (hash: Uint8Array, index: number): Uint8Array => hash.map((byte, i) => (i === index ? byte ^ 0x01 : byte));

async function journalOf(blockCount: number): Promise<JournalStore> {
  const store = JournalStore.open(undefined);
  for (const block of sampleChain(blockCount)) await store.append(block);
  return store;
}

/** Every way of changing one byte must break the proof. */
function expectTamperEvident(leaf: Uint8Array, proof: Uint8Array[], ledgerDigest: Uint8Array): void {
  expect(verifyProof(leaf, proof, ledgerDigest)).toBe(true);
  for (const index of [0, 17, 31]) {
    expect(verifyProof(flipped(leaf, index), proof, ledgerDigest)).toBe(false);
    expect(verifyProof(leaf, proof, flipped(ledgerDigest, index))).toBe(false);
    proof.forEach((_, p) => {
      const tampered = proof.map((hash, q) => (q === p ? flipped(hash, index) : hash));
      expect(verifyProof(leaf, tampered, ledgerDigest)).toBe(false);
    });
  }
}

describe('digest', () => {
  it('is the Merkle root of blockHash over blocks 0…tip, with the tip address', async () => {
    const store = await journalOf(9);
    const hashes = store.blocks().map((block) => block.blockHash);
    expect(hex(digest(store).digest)).toBe(hex(merkleRoot(hashes)));
    expect(digest(store).tipAddress).toEqual(store.block(8)!.blockAddress);
    expect(hex(digest(store, 4).digest)).toBe(hex(merkleRoot(hashes.slice(0, 5))));
    expect(() => digest(store, 9)).toThrow(RangeError);
  });
});

describe('merklePath', () => {
  it('yields, for every leaf of trees of every size, the siblings that rebuild the root', () => {
    const leaves = sampleChain(13).map((block) => block.blockHash);
    for (let size = 1; size <= leaves.length; size++) {
      for (let index = 0; index < size; index++) {
        const path = merklePath(leaves.slice(0, size), index);
        expect(hex(path.reduce(dot, leaves[index]!))).toBe(hex(merkleRoot(leaves.slice(0, size))));
      }
    }
  });
});

describe('proofs', () => {
  let store: JournalStore;
  beforeAll(async () => {
    store = await journalOf(14);
  });

  it('prove every block against digests at several tips, and break on any changed byte', () => {
    for (const tip of [0, 5, 8, 13]) {
      const { digest: ledgerDigest } = digest(store, tip);
      for (let sequenceNo = 0; sequenceNo <= tip; sequenceNo++) {
        expectTamperEvident(store.block(sequenceNo)!.blockHash, blockProof(store, sequenceNo, tip), ledgerDigest);
      }
    }
  });

  it('prove every revision, and break on any changed byte', () => {
    let proved = 0;
    for (const tip of [6, 13]) {
      const { digest: ledgerDigest } = digest(store, tip);
      for (const block of store.blocks().slice(0, tip + 1)) {
        for (const revision of block.revisions.filter((r): r is DocumentRevision => r.kind === 'document')) {
          const proof = revisionProof(store, block.blockAddress.sequenceNo, revision.metadata.id, tip);
          expectTamperEvident(revision.hash, proof, ledgerDigest);
          proved++;
        }
      }
    }
    expect(proved).toBeGreaterThan(20);
  });

  it('lay out a revision proof as revisions tree, entries tree, previousBlockHash, block tree (docs/qldb-journal.md#digests-and-proofs)', () => {
    const block = store.block(9)!;
    const proof = revisionProof(store, 9, (block.revisions[0] as DocumentRevision).metadata.id, 13);
    const revisionsPart = merklePath(block.revisions.map((r) => r.hash), 0);
    const entriesPart = merklePath(block.entriesHashList, 0);
    expect(proof.map(hex)).toEqual([...revisionsPart, ...entriesPart, block.previousBlockHash, ...blockProof(store, 9, 13)].map(hex));
    // Block 9 pairs with block 8 in the block tree, whose hash is block 9's previousBlockHash: the repeat seen in real proofs.
    expect(hex(blockProof(store, 9, 13)[0]!)).toBe(hex(block.previousBlockHash));
  });

  it('refuse what cannot be proved', () => {
    expect(() => blockProof(store, 14, 13)).toThrow(RangeError);
    expect(() => blockProof(store, 5, 3)).toThrow(RangeError);
    expect(() => revisionProof(store, 3, 'NoSuchDocument00000000', 13)).toThrow(RangeError);
  });
});
