import type { BlockAddress } from '../ledger/ledger-view';
import type { Block } from './block';
import { merkleRoot } from './hash';

/**
 * GetDigest, and the proofs GetBlock / GetRevision return with a DigestTipAddress (docs/qldb-journal.md#digests-and-proofs).
 * The digest is the Merkle root of the blockHash of blocks 0…tip; a proof is the list of hashes that,
 * folded with ⊙ onto the leaf, reproduces it (see verify-proof.ts).
 */

/** What proofs need from the journal (JournalStore provides it). */
export interface JournalView {
  readonly length: number;
  block(sequenceNo: number): Block | undefined;
}

export interface LedgerDigest {
  digest: Uint8Array;
  tipAddress: BlockAddress;
}

export function digest(journal: JournalView, tipSequenceNo = journal.length - 1): LedgerDigest {
  const tip = blockAt(journal, tipSequenceNo);
  return { digest: merkleRoot(blockHashes(journal, tipSequenceNo)), tipAddress: tip.blockAddress };
}

/** Proof for GetBlock: the block's path in the block-hash tree of blocks 0…tip. */
export function blockProof(journal: JournalView, sequenceNo: number, tipSequenceNo: number): Uint8Array[] {
  blockAt(journal, sequenceNo);
  if (sequenceNo > tipSequenceNo) throw new RangeError(`block ${sequenceNo} is after the digest tip ${tipSequenceNo}`);
  return merklePath(blockHashes(journal, tipSequenceNo), sequenceNo);
}

/**
 * Proof for GetRevision, leaf = revision.hash: its path in the block's revisions tree, then the
 * revisionsRoot's path in the entriesHashList tree (reaching entriesHash), then previousBlockHash
 * (reaching blockHash; block 0 has none), then the block proof.
 */
export function revisionProof(journal: JournalView, sequenceNo: number, documentId: string, tipSequenceNo: number): Uint8Array[] {
  const block = blockAt(journal, sequenceNo);
  const index = block.revisions.findIndex((r) => r.kind === 'document' && r.metadata.id === documentId);
  if (index < 0) throw new RangeError(`block ${sequenceNo} has no revision of document ${documentId}`);
  return [
    ...merklePath(block.revisions.map((revision) => revision.hash), index),
    // keydrill puts revisionsRoot first in entriesHashList (block.ts).
    ...merklePath(block.entriesHashList, 0),
    ...(block.previousBlockHash.length > 0 ? [block.previousBlockHash] : []),
    ...blockProof(journal, sequenceNo, tipSequenceNo),
  ];
}

/**
 * The siblings met walking from leaf `index` to the root of merkleRoot(leaves): at each level the pair
 * partner, none when the node is an odd last one carried up unchanged.
 */
export function merklePath(leaves: readonly Uint8Array[], index: number): Uint8Array[] {
  const path: Uint8Array[] = [];
  let level = leaves;
  let position = index;
  while (level.length > 1) {
    const partner = position % 2 === 0 ? position + 1 : position - 1;
    if (partner < level.length) path.push(level[partner]!);
    level = parentLevel(level);
    position = Math.floor(position / 2);
  }
  return path;
}

function parentLevel(level: readonly Uint8Array[]): Uint8Array[] {
  const parents: Uint8Array[] = [];
  for (let i = 0; i < level.length; i += 2) parents.push(i + 1 < level.length ? merkleRoot([level[i]!, level[i + 1]!]) : level[i]!);
  return parents;
}

function blockHashes(journal: JournalView, tipSequenceNo: number): Uint8Array[] {
  blockAt(journal, tipSequenceNo);
  return Array.from({ length: tipSequenceNo + 1 }, (_, sequenceNo) => journal.block(sequenceNo)!.blockHash);
}

function blockAt(journal: JournalView, sequenceNo: number): Block {
  const block = journal.block(sequenceNo);
  if (!block) throw new RangeError(`the journal has no block ${sequenceNo}`);
  return block;
}
