import { createHash } from 'node:crypto';
import { cryptoHasherProvider, makeHashReader } from 'ion-hash-js';
import { dumpBinary, load, makeReader, type dom } from 'ion-js';

/**
 * Checks a GetRevision answer against a digest, as a client must (docs/qldb-journal.md#digests-and-proofs,
 * https://docs.aws.amazon.com/qldb/latest/developerguide/verification.html): the revision is the one asked
 * for, its hash is recomputed from its metadata and data (rule 1 of docs/qldb-journal.md#hash-rules, a
 * redacted revision's dataHash standing in for its data), and folding the proof onto that hash gives the
 * digest. Written here rather than imported from the runtime, which functions never depend on.
 */

/** A revision, named as GetRevision names it. */
export interface RevisionReference {
  documentId: string;
  blockAddress: { strandId: string; sequenceNo: number };
}

/** A block address as GetRevision takes it: Ion text (docs/qldb-journal.md#getblock-and-getrevision). Strand ids are base62. */
export const blockAddressIonText = (address: RevisionReference['blockAddress']) => `{strandId:${JSON.stringify(address.strandId)},sequenceNo:${address.sequenceNo}}`;

export interface RevisionToCheck extends RevisionReference {
  /** GetRevision's Revision.IonText and Proof.IonText. */
  revisionIonText: string;
  proofIonText: string;
}

/** A revision's proof does not lead to the digest, or GetRevision answered another revision: the audit fails. */
export class ProofVerificationFailedError extends Error {
  override readonly name = 'ProofVerificationFailed';
}

export type ProofVerdict = { verified: true } | { verified: false; reason: string };

/** H(v): the Amazon Ion Hash (SHA-256) of one value, with ion-hash-js, the driver's reference implementation. */
export function ionHash(value: dom.Value): Uint8Array {
  const reader = makeHashReader(makeReader(dumpBinary(value)), cryptoHasherProvider('sha256'));
  // The first next() positions on the value, the second steps past it, which completes its hash.
  reader.next();
  reader.next();
  return reader.digest();
}

/** QLDB compares hashes as signed bytes from the last byte down (docs/qldb-journal.md#hash-primitives). */
function compareSigned(a: Uint8Array, b: Uint8Array): number {
  for (let i = a.length - 1; i >= 0; i--) {
    const difference = ((a[i]! << 24) >> 24) - ((b[i]! << 24) >> 24);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** a ⊙ b: SHA-256 of both, smaller first; an empty one yields the other (docs/qldb-journal.md#hash-primitives). */
export function dot(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const [first, second] = compareSigned(a, b) < 0 ? [a, b] : [b, a];
  return new Uint8Array(createHash('sha256').update(first).update(second).digest());
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The proof's hashes: Ion text, a list of blobs. */
export function proofHashes(proofIonText: string): Uint8Array[] {
  const list = load(proofIonText);
  if (!list || list.getType().name !== 'list') throw new Error('the proof is not an Ion list');
  return list.elements().map((e) => {
    if (e.getType().name !== 'blob') throw new Error('the proof holds a value that is not a blob');
    return new Uint8Array(e.uInt8ArrayValue()!);
  });
}

/** A revision's hash from its content: H(metadata) ⊙ H(data), or ⊙ dataHash once redacted; H(metadata) for a deletion. */
export function revisionHash(revision: dom.Value): Uint8Array {
  const metadata = revision.get('metadata');
  if (!metadata) throw new Error('the revision has no metadata');
  const data = revision.get('data');
  const dataHash = revision.get('dataHash');
  const contentHash = data ? ionHash(data) : dataHash ? new Uint8Array(dataHash.uInt8ArrayValue()!) : new Uint8Array(0);
  return dot(ionHash(metadata), contentHash);
}

export function checkRevisionProof(revision: RevisionToCheck, digest: Uint8Array): ProofVerdict {
  let parsed: dom.Value | null;
  let proof: Uint8Array[];
  try {
    parsed = load(revision.revisionIonText);
    proof = proofHashes(revision.proofIonText);
  } catch (e) {
    return { verified: false, reason: `unreadable revision or proof: ${(e as Error).message}` };
  }
  if (!parsed) return { verified: false, reason: 'the revision is empty' };
  const id = parsed.get('metadata', 'id')?.stringValue();
  if (id !== revision.documentId) return { verified: false, reason: `GetRevision answered document ${id}, not ${revision.documentId}` };
  const strandId = parsed.get('blockAddress', 'strandId')?.stringValue();
  const sequenceNo = parsed.get('blockAddress', 'sequenceNo')?.numberValue();
  if (strandId !== revision.blockAddress.strandId || sequenceNo !== revision.blockAddress.sequenceNo) {
    return { verified: false, reason: `GetRevision answered block ${strandId}/${sequenceNo}, not ${revision.blockAddress.strandId}/${revision.blockAddress.sequenceNo}` };
  }
  const stated = parsed.get('hash');
  if (!stated) return { verified: false, reason: 'the revision has no hash' };
  const statedHash = new Uint8Array(stated.uInt8ArrayValue()!);
  let computed: Uint8Array;
  try {
    computed = revisionHash(parsed);
  } catch (e) {
    return { verified: false, reason: (e as Error).message };
  }
  if (!sameBytes(computed, statedHash)) return { verified: false, reason: `the revision's content hashes to ${hex(computed)}, its hash says ${hex(statedHash)}` };
  const folded = proof.reduce(dot, statedHash);
  if (!sameBytes(folded, digest)) return { verified: false, reason: `the proof (${proof.length} hashes) folds to ${hex(folded)}, the digest is ${hex(digest)}` };
  return { verified: true };
}
