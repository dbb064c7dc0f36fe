import { dot, hashesEqual } from './hash';

/**
 * Client-side proof check, as the AWS samples and the QLDB console do it (docs/qldb-journal.md#digests-and-proofs): fold every
 * proof hash onto the leaf with ⊙ and compare with the digest. Leaf = revision.hash (GetRevision) or
 * blockHash (GetBlock). Imports nothing from the store, so clients can use it on their own.
 */
export function verifyProof(leafHash: Uint8Array, proof: readonly Uint8Array[], digest: Uint8Array): boolean {
  return hashesEqual(proof.reduce(dot, leafHash), digest);
}
