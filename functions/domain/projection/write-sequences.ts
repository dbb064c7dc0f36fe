import type { WriteIntent } from './intents';
import { type HeadWrite, isTransactable, type TransactableIntent } from './write-waves';

/**
 * The write intents of a batch's user records, one sequence per user record, consumed head first
 * (write-waves.ts). A sequence ends when its last intent is done, or at its first failure: its later
 * intents must not run without the earlier ones (the redaction protocol, plan-writes.ts), and its Kinesis
 * record is reported failed and projected again.
 */
export class WriteSequences {
  private readonly queues: TransactableIntent[][];
  private readonly attempts: number[];
  private readonly errors: (Error | undefined)[];

  constructor(
    sequences: readonly (readonly WriteIntent[])[],
    /** How often one head may be sent again (cancelled by neighbours, conflicting) before its sequence fails. */
    private readonly maxAttempts: number,
  ) {
    this.queues = sequences.map((intents) => intents.filter(isTransactable));
    this.attempts = sequences.map(() => 0);
    this.errors = sequences.map(() => undefined);
  }

  /** The next write of every sequence still running, in sequence order. */
  heads(): HeadWrite[] {
    const heads: HeadWrite[] = [];
    this.queues.forEach((queue, owner) => {
      if (queue.length > 0 && !this.errors[owner]) heads.push({ owner, intent: queue[0] });
    });
    return heads;
  }

  get finished(): boolean {
    return this.queues.every((queue, owner) => queue.length === 0 || this.errors[owner] !== undefined);
  }

  /** The head is done; `next` runs before the rest of the sequence (a redaction found by a put-if-absent). */
  advance(owner: number, next: readonly WriteIntent[] = []): void {
    if (this.errors[owner]) return;
    this.queues[owner].splice(0, 1, ...next.filter(isTransactable));
    this.attempts[owner] = 0;
  }

  /** The head was not written, through no fault of its own: it stays the head, until it has been tried too often. */
  again(owner: number, reason: string): void {
    if (this.errors[owner]) return;
    this.attempts[owner] += 1;
    if (this.attempts[owner] >= this.maxAttempts) this.fail(owner, new Error(`a write was cancelled ${this.attempts[owner]} times (last: ${reason})`));
  }

  /** The first failure of a sequence is the one reported. */
  fail(owner: number, error: Error): void {
    this.errors[owner] ??= error;
  }

  /** Per sequence: undefined if every intent was written, else the error that stopped it. */
  outcomes(): (Error | undefined)[] {
    return [...this.errors];
  }
}
