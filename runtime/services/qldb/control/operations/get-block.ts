import type { GetBlockRequest, GetBlockResponse } from '@aws-sdk/client-qldb';
import { dumpText } from 'ion-js';
import type { OperationDefinition } from '../../../../core/operation';
import { blockToIon } from '../../journal/block';
import { blockProof } from '../../journal/proof';
import { addressedBlock, digestTip, proofText, readableJournal, VALUE_HOLDER } from '../journal-addresses';
import { LEDGER_NAME } from '../ledger-shapes';
import type { QldbControl } from '../qldb-control';

/** The whole block, revisions included; with a DigestTipAddress also its proof, leaf = blockHash (docs/qldb-journal.md#digests-and-proofs). */
export const getBlock: OperationDefinition<QldbControl, GetBlockRequest, GetBlockResponse> = {
  name: 'GetBlock',
  input: { Name: LEDGER_NAME, BlockAddress: VALUE_HOLDER(true), DigestTipAddress: VALUE_HOLDER(false) },
  run(qldb, input) {
    const ledger = readableJournal(qldb, input.Name!);
    const block = addressedBlock(ledger, input.BlockAddress!.IonText!);
    const sequenceNo = block.blockAddress.sequenceNo;
    const Block = { IonText: dumpText(blockToIon(block, { withRevisions: true })) };
    if (!input.DigestTipAddress) return { Block };
    const tip = digestTip(ledger, input.DigestTipAddress.IonText!, sequenceNo);
    return { Block, Proof: { IonText: proofText(blockProof(ledger.journal, sequenceNo, tip)) } };
  },
};
