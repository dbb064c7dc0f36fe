import type { GetBlockRequest, GetBlockResponse } from '@aws-sdk/client-qldb';
import { dumpText } from 'ion-js';
import type { WithStructures } from '../../../../core/validation';
import { blockToIon } from '../../journal/block';
import { blockProof } from '../../journal/proof';
import { type BlockAddresses, LEDGER_NAME, VALUE_HOLDER } from '../inputs';
import { addressedBlock, digestTip, proofText, readableJournal } from '../journal-addresses';
import { operation } from '../qldb-control';

/** The whole block, revisions included; with a DigestTipAddress also its proof, leaf = blockHash (docs/qldb-journal.md#digests-and-proofs). */
export const getBlock = operation<WithStructures<GetBlockRequest, BlockAddresses>, GetBlockResponse>({
  name: 'GetBlock',
  input: { Name: LEDGER_NAME, BlockAddress: VALUE_HOLDER(true), DigestTipAddress: VALUE_HOLDER(false) },
  run(qldb, input) {
    const ledger = readableJournal(qldb, input.Name);
    const block = addressedBlock(ledger, input.BlockAddress.IonText);
    const sequenceNo = block.blockAddress.sequenceNo;
    const Block = { IonText: dumpText(blockToIon(block, { withRevisions: true })) };
    if (!input.DigestTipAddress) return { Block };
    const tip = digestTip(ledger, input.DigestTipAddress.IonText, sequenceNo);
    return { Block, Proof: { IonText: proofText(blockProof(ledger.journal, sequenceNo, tip)) } };
  },
});
