import type { AdvanceProgress, WriteIntent } from './intents';

/**
 * The progress writes of a whole batch, coalesced: for each ledger only the newest block's advance (the
 * high-water mark would discard the others anyway), plus every CONTROL update as it is (those carry no block
 * and must not ride on a block's condition). A QLDB stream has a BLOCK_SUMMARY per transaction, so this saves
 * about one DynamoDB write in three.
 */
export class ProgressAccumulator {
  private readonly newestBlock = new Map<string, AdvanceProgress>();
  private readonly control: AdvanceProgress[] = [];

  /** Keeps the progress intents of `intents` (the others are the caller's to run). */
  add(intents: readonly WriteIntent[]): void {
    for (const intent of intents) {
      if (intent.kind !== 'advance-progress') continue;
      if (intent.blockSequenceNo === undefined) {
        this.control.push(intent);
        continue;
      }
      const ledger = JSON.stringify(intent.key);
      const kept = this.newestBlock.get(ledger);
      if (!kept || kept.blockSequenceNo! < intent.blockSequenceNo) this.newestBlock.set(ledger, intent);
    }
  }

  intents(): AdvanceProgress[] {
    return [...this.control, ...this.newestBlock.values()];
  }
}
