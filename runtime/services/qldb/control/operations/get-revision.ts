import type { GetRevisionRequest, GetRevisionResponse } from '@aws-sdk/client-qldb';
import { dumpText } from 'ion-js';
import type { WithStructures } from '../../../../core/validation';
import { type DocumentRevision, revisionToIon } from '../../journal/block';
import { revisionProof } from '../../journal/proof';
import { controlErrors } from '../errors';
import { type BlockAddresses, LEDGER_NAME, VALUE_HOLDER } from '../inputs';
import { addressedBlock, digestTip, proofText, readableJournal } from '../journal-addresses';
import { operation } from '../qldb-control';

/**
 * The revision of DocumentId that the block at BlockAddress wrote (with dataHash in place of data once
 * redacted); with a DigestTipAddress also its proof, leaf = revision.hash (docs/qldb-journal.md#digests-and-proofs).
 */
export const getRevision = operation<WithStructures<GetRevisionRequest, BlockAddresses>, GetRevisionResponse>({
  name: 'GetRevision',
  input: {
    Name: LEDGER_NAME,
    BlockAddress: VALUE_HOLDER(true),
    DocumentId: { type: 'string', required: true, min: 22, max: 22, pattern: /^[A-Za-z-0-9]+$/ },
    DigestTipAddress: VALUE_HOLDER(false),
  },
  run(qldb, input) {
    const ledger = readableJournal(qldb, input.Name);
    const block = addressedBlock(ledger, input.BlockAddress.IonText);
    const sequenceNo = block.blockAddress.sequenceNo;
    const revision = block.revisions.find((r): r is DocumentRevision => r.kind === 'document' && r.metadata.id === input.DocumentId);
    if (!revision) throw controlErrors.invalidParameter(`The block at sequenceNo ${sequenceNo} has no revision of document ${input.DocumentId}`);
    const Revision = { IonText: dumpText(revisionToIon(block.blockAddress, revision)) };
    if (!input.DigestTipAddress) return { Revision };
    const tip = digestTip(ledger, input.DigestTipAddress.IonText, sequenceNo);
    return { Revision, Proof: { IonText: proofText(revisionProof(ledger.journal, sequenceNo, input.DocumentId, tip)) } };
  },
});
