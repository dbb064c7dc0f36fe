import { type dom, dumpText, IonTypes, loadAll, makeTextWriter } from 'ion-js';
import { isServiceError } from '../../../core/errors';
import type { Block } from '../journal/block';
import type { JournalStore } from '../journal/journal-store';
import type { BlockAddress } from '../ledger/ledger-view';
import type { LedgerMetadata } from '../ledger-registry';
import { controlErrors } from './errors';
import type { QldbControl } from './qldb-control';

/**
 * The Ion text that GetDigest, GetBlock and GetRevision exchange (docs/qldb-journal.md#digests-and-proofs): block addresses
 * `{strandId:"…",sequenceNo:N}` in and out, proofs `[{{b64}},…]` out.
 */

/** A ledger's journal as the read operations see it, with the metadata naming its strand. */
export interface LedgerJournal {
  metadata: LedgerMetadata;
  journal: JournalStore;
}

/**
 * The journal of an ACTIVE ledger whose KMS key lets it serve. A ledger whose key is inaccessible
 * accepts no reads (docs/qldb-control.md#ledger-lifecycle); the control plane's model has no BadRequestException, so that is
 * ResourcePreconditionNotMetException with the session's message.
 */
export function readableJournal(qldb: QldbControl, name: string): LedgerJournal {
  const entry = qldb.ledgers.get(name);
  if (!entry) throw controlErrors.notFound(name);
  if (entry.metadata.state !== 'ACTIVE') throw controlErrors.notActive(name, entry.metadata.state);
  try {
    return { metadata: entry.metadata, journal: qldb.ledgers.requireUsable(entry).journalStore };
  } catch (e) {
    if (isServiceError(e)) throw controlErrors.precondition(e.message);
    throw e;
  }
}

/**
 * The sequenceNo of a block address given as Ion text. It must be exactly one struct with a string
 * `strandId` (the ledger's one strand) and a non-negative int `sequenceNo`; anything else is
 * InvalidParameterException, naming the member as the SDK calls it.
 */
export function parseBlockAddress(text: string, member: 'BlockAddress' | 'DigestTipAddress', strandId: string): number {
  const invalid = (why: string) => controlErrors.invalidParameter(`${member} is not a valid block address: ${why}`);
  let values: dom.Value[];
  try {
    values = loadAll(text);
  } catch {
    throw invalid('its IonText is not valid Ion');
  }
  if (values.length !== 1 || values[0]!.getType() !== IonTypes.STRUCT) throw invalid('expected one Ion struct {strandId:"…",sequenceNo:N}');
  const address = values[0]!;
  const fields = address.fieldNames();
  if (fields.some((field) => field !== 'strandId' && field !== 'sequenceNo')) throw invalid('only strandId and sequenceNo are allowed');
  const strand = address.get('strandId');
  const sequence = address.get('sequenceNo');
  if (!strand || strand.getType() !== IonTypes.STRING) throw invalid('strandId must be an Ion string');
  if (!sequence || sequence.getType() !== IonTypes.INT) throw invalid('sequenceNo must be an Ion int');
  if (strand.stringValue() !== strandId) throw invalid(`the ledger has no strand ${strand.stringValue()}`);
  const sequenceNo = sequence.bigIntValue()!;
  if (sequenceNo < 0n) throw invalid('sequenceNo must not be negative');
  return sequenceNo > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(sequenceNo);
}

/** The block a BlockAddress names; one that does not exist is InvalidParameterException (docs/qldb-journal.md#getblock-and-getrevision). */
export function addressedBlock({ metadata, journal }: LedgerJournal, text: string): Block {
  const sequenceNo = parseBlockAddress(text, 'BlockAddress', metadata.strandId);
  const block = journal.block(sequenceNo);
  if (!block) throw controlErrors.invalidParameter(`The block at sequenceNo ${sequenceNo} does not exist in the ledger ${metadata.name}`);
  return block;
}

/**
 * The sequenceNo of the digest tip a proof is asked against. It must be a block already committed
 * (ResourcePreconditionNotMetException otherwise) and not before the block being proven.
 */
export function digestTip({ metadata, journal }: LedgerJournal, text: string, provenSequenceNo: number): number {
  const tip = parseBlockAddress(text, 'DigestTipAddress', metadata.strandId);
  const latest = journal.length - 1;
  if (tip > latest) throw controlErrors.tipBeyondJournal(tip, latest);
  if (tip < provenSequenceNo) {
    throw controlErrors.invalidParameter(`The block at sequenceNo ${provenSequenceNo} is after the digest tip address sequenceNo ${tip}`);
  }
  return tip;
}

export const blockAddressText = (address: BlockAddress): string => dumpText({ strandId: address.strandId, sequenceNo: address.sequenceNo });

export function proofText(hashes: readonly Uint8Array[]): string {
  const writer = makeTextWriter();
  writer.stepIn(IonTypes.LIST);
  for (const hash of hashes) writer.writeBlob(hash);
  writer.stepOut();
  writer.close();
  return new TextDecoder().decode(writer.getBytes());
}
