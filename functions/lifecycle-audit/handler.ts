import { GetRevisionCommand, QLDBClient } from '@aws-sdk/client-qldb';
import type { dom } from 'ion-js';
import type { DocumentBatch } from '../domain/lifecycle/batches';
import { blockAddressIonText, checkRevisionProof, ProofVerificationFailedError, type RevisionReference } from '../domain/lifecycle/proof-check';
import type { DigestAnswer } from '../domain/lifecycle/report';
import { batchStanding, ledgerName, newDriver, text } from '../lifecycle-shared/ledger';

/**
 * Verifies documents' revisions against one digest: for each, GetRevision with the digest's tip address, then
 * the proof checked here (functions/domain/lifecycle/proof-check.ts). A batch names documents by key (their
 * committed revisions are checked; erased ones are skipped); `revisions` names revisions by address, as the
 * erase step returns its redacted ones. The first revision that does not verify fails the invocation.
 */

const driver = newDriver();
const qldb = new QLDBClient({});

export interface AuditEvent {
  digest: DigestAnswer;
  batch?: DocumentBatch;
  revisions?: RevisionReference[];
}

export async function handler(event: AuditEvent): Promise<{ verified: number; erased: number; redactedVerified: number }> {
  const digest = new Uint8Array(Buffer.from(event.digest.Digest, 'base64'));
  let erased = 0;
  const references: RevisionReference[] = [];
  if (event.batch) {
    const batch = event.batch;
    const standing = await driver.executeLambda((txn) => batchStanding(txn, batch));
    for (const document of standing.documents) {
      const key = String(document[batch.key]);
      const found = standing.committed.get(key);
      if (found) references.push({ documentId: found.documentId, blockAddress: addressOf(found.blockAddress) });
      else if (standing.erased.has(key)) erased++;
      else throw new ProofVerificationFailedError(`${batch.table}: no committed document has ${batch.key} ${key}`);
    }
  }
  let verified = 0;
  for (const reference of references) {
    await verify(reference, event.digest, digest);
    verified++;
  }
  let redactedVerified = 0;
  for (const reference of event.revisions ?? []) {
    await verify(reference, event.digest, digest);
    redactedVerified++;
  }
  return { verified, erased, redactedVerified };
}

const addressOf = (value: dom.Value) => ({ strandId: text(value.get('strandId'))!, sequenceNo: value.get('sequenceNo')!.numberValue()! });

async function verify(reference: RevisionReference, answer: DigestAnswer, digest: Uint8Array): Promise<void> {
  const { Revision, Proof } = await qldb.send(
    new GetRevisionCommand({
      Name: ledgerName,
      DocumentId: reference.documentId,
      BlockAddress: { IonText: blockAddressIonText(reference.blockAddress) },
      DigestTipAddress: answer.DigestTipAddress,
    }),
  );
  const verdict = checkRevisionProof({ ...reference, revisionIonText: Revision?.IonText ?? '', proofIonText: Proof?.IonText ?? '' }, digest);
  if (!verdict.verified) throw new ProofVerificationFailedError(`document ${reference.documentId} at ${reference.blockAddress.strandId}/${reference.blockAddress.sequenceNo}: ${verdict.reason}`);
}
