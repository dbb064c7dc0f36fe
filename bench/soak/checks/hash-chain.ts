import { GetBlockCommand, GetDigestCommand, GetRevisionCommand, QLDBClient } from '@aws-sdk/client-qldb';
import { type dom, dumpText, load } from 'ion-js';
import type { Runtime } from '../../../runtime';
import { verifyProof } from '../../../runtime/services/qldb/journal/verify-proof';
import { driverDot, driverHash } from '../../../test/helpers/qldb';
import { clientConfig } from '../../../test/helpers/runtime';
import type { Figures, Restart, SoakCheck, SoakRuntime } from '../check';
import { canonical, ledgerOf, type LedgerRevision } from '../ledger-workload';

/** Revisions proven after each restart: against the digest now and against the one taken before the kill. */
const SAMPLE = 8;

interface Digest {
  digest: Uint8Array;
  tip: string;
  sequenceNo: number;
}

const proofOf = (ionText: string | undefined): Uint8Array[] =>
  load(ionText!)!
    .elements()
    .map((h) => h.uInt8ArrayValue()!);

/** H(metadata) ⊙ H(data) with the driver's own hashing, never the runtime's (docs/qldb-journal.md#revision). */
function recomputedHash(revision: dom.Value): Uint8Array {
  const metadata = driverHash(revision.get('metadata')!);
  const data = revision.get('data');
  return data ? driverDot(metadata, driverHash(data)) : metadata;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/**
 * The ledger's hash chain verifies as a client audits QLDB (developer guide, "Verifying data"): for a sample of
 * revisions, GetRevision's proof folds onto the revision hash to give GetDigest's digest, the hash is recomputed
 * from the returned revision, and GetBlock's proof of its block verifies too. The sample is proven against the
 * digest taken before the kill as well: the journal the runtime recovered still holds what it had digested.
 */
export class HashChainCheck implements SoakCheck {
  readonly name = 'hash chain';
  private beforeKill: Digest | undefined;
  private proofsVerified = 0;

  constructor(private readonly history: (restart: Restart) => Promise<LedgerRevision[]>) {}

  async begin(runtime: SoakRuntime): Promise<void> {
    this.beforeKill = await this.withClient(runtime, (qldb) => this.digest(qldb, ledgerOf(runtime)));
  }

  async verify(restart: Restart): Promise<string[]> {
    const revisions = await this.history(restart);
    const ledger = ledgerOf(restart.runtime);
    return this.withClient(restart.runtime, async (qldb) => {
      const now = await this.digest(qldb, ledger);
      const breaches: string[] = [];
      const sample = Array.from({ length: Math.min(SAMPLE, revisions.length) }, () => revisions[Math.floor(Math.random() * revisions.length)]);
      const before = this.beforeKill;
      for (const revision of sample) {
        const address = dumpText(revision.blockAddress);
        const sequenceNo = revision.blockAddress.get('sequenceNo')!.numberValue()!;
        const digests = before && sequenceNo <= before.sequenceNo ? [now, before] : [now];
        for (const digest of digests) {
          const out = await qldb.send(new GetRevisionCommand({ Name: ledger, BlockAddress: { IonText: address }, DocumentId: revision.documentId, DigestTipAddress: { IonText: digest.tip } }));
          const returned = load(out.Revision!.IonText!)!;
          const leaf = returned.get('hash')!.uInt8ArrayValue()!;
          const what = `revision ${revision.documentId} v${revision.version} at ${address} against the digest at ${digest.tip}`;
          if (!verifyProof(leaf, proofOf(out.Proof?.IonText), digest.digest)) breaches.push(`${what}: the proof does not verify`);
          if (hex(recomputedHash(returned)) !== hex(leaf)) breaches.push(`${what}: its hash is not H(metadata) ⊙ H(data)`);
          if (hex(leaf) !== hex(revision.hash)) breaches.push(`${what}: GetRevision's hash differs from history()'s`);
          if (canonical(JSON.parse(JSON.stringify(returned.get('data') ?? null))) !== canonical(revision.data ?? null)) breaches.push(`${what}: GetRevision's data differs from history()'s`);
          const block = await qldb.send(new GetBlockCommand({ Name: ledger, BlockAddress: { IonText: address }, DigestTipAddress: { IonText: digest.tip } }));
          const blockHash = load(block.Block!.IonText!)!.get('blockHash')!.uInt8ArrayValue()!;
          if (!verifyProof(blockHash, proofOf(block.Proof?.IonText), digest.digest)) breaches.push(`block ${address} against the digest at ${digest.tip}: the proof does not verify`);
          this.proofsVerified += 2;
        }
      }
      return breaches;
    });
  }

  figures(): Figures {
    return { 'proofs verified (GetRevision + GetBlock)': this.proofsVerified };
  }

  private async digest(qldb: QLDBClient, ledger: string): Promise<Digest> {
    const out = await qldb.send(new GetDigestCommand({ Name: ledger }));
    const tip = out.DigestTipAddress!.IonText!;
    return { digest: out.Digest!, tip, sequenceNo: load(tip)!.get('sequenceNo')!.numberValue()! };
  }

  private async withClient<T>(runtime: SoakRuntime, use: (qldb: QLDBClient) => Promise<T>): Promise<T> {
    const qldb = new QLDBClient(clientConfig(runtime as Runtime));
    try {
      return await use(qldb);
    } finally {
      qldb.destroy();
    }
  }
}
