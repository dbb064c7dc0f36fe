import { statementTooExpensive } from './errors';

/**
 * Units of work one statement may spend: one per row combination a FROM clause considers and one per
 * expression evaluated. Counting rows alone did not bound a statement: a join at a 100,000-row budget whose
 * WHERE was 50 ORed comparisons evaluated 15 million expressions and took 14 s.
 * QLDB bounds statement cost too, with its 30-second transaction timeout
 * (docs/qldb-partiql.md#quotas); AWS documents no finer limit.
 */
export const STATEMENT_WORK_BUDGET = 100_000;

/**
 * Units each row of a statement's outermost FROM source adds to its budget. Reading a table costs in proportion
 * to the data the user put there, which is theirs to ask for (a lifecycle verifying 15,000 documents scans them
 * all); what the budget is for is work out of proportion to the data — joins, whose inner rows add nothing here.
 */
export const WORK_PER_SCANNED_ROW = 32;

/**
 * How long a statement runs before it lets the event loop serve everyone else. Evaluation shares the loop with
 * every client of the runtime, so this, not the statement's length, is how long it can keep them waiting
 * (bench/partiql-budget.bench.ts measures both).
 */
export const TURN_MS = 5;

/** What a statement's evaluation yields at a point where it may be resumed later: its turn is over. */
export const PAUSE: unique symbol = Symbol('pause');

/**
 * A statement's evaluation as a coroutine: it yields PAUSE whenever it has had its turn and returns its result.
 * A generator keeps its state (nested FROM loops, partial results) across a pause with no other bookkeeping,
 * and between pauses runs as plain synchronous code, so no row costs a promise.
 */
export type Cooperative<T> = Generator<typeof PAUSE, T, void>;

interface Meter {
  remaining: number;
  /** Units spent so far, and at how many the clock is next read: reading it for every row cost 13% of a join. */
  spent: number;
  nextClockReading: number;
  turnEndsAt: number;
}

/** Units between two readings of the clock. A row spends at least one, so a turn overruns by at most this many rows. */
const UNITS_PER_CLOCK_READING = 32;

/** The meter of the statement whose turn it is; none between turns. */
let active: Meter | undefined;

/**
 * Runs one statement's evaluation with a fresh budget, its meter active on every turn. Each resumption of
 * `evaluation` is a turn of its own: other statements may run between them, each with its own meter.
 */
export function* metered<T>(evaluation: Cooperative<T>): Cooperative<T> {
  const meter: Meter = { remaining: STATEMENT_WORK_BUDGET, spent: 0, nextClockReading: 0, turnEndsAt: 0 };
  for (;;) {
    const outer = active;
    active = meter;
    meter.turnEndsAt = performance.now() + TURN_MS;
    let step: IteratorResult<typeof PAUSE, T>;
    try {
      step = evaluation.next();
    } finally {
      active = outer;
    }
    if (step.done) return step.value;
    yield PAUSE;
  }
}

/** Runs a statement to its end, letting the event loop serve other work at each of its pauses. */
export async function runCooperatively<T>(evaluation: Cooperative<T>): Promise<T> {
  for (;;) {
    const step = evaluation.next();
    if (step.done) return step.value;
    await new Promise<void>((resume) => setImmediate(resume));
  }
}

function meter(): Meter {
  if (!active) throw new Error('PartiQL evaluation ran outside metered()');
  return active;
}

/** Spends one unit; throws the statement's BadRequestException when the budget is spent. */
export function spendWork(): void {
  const current = meter();
  current.spent++;
  if (--current.remaining < 0) throw statementTooExpensive(STATEMENT_WORK_BUDGET, WORK_PER_SCANNED_ROW);
}

/** A row of the outermost FROM source was read: its allowance joins the budget. */
export function allowWorkForScannedRow(): void {
  meter().remaining += WORK_PER_SCANNED_ROW;
}

/** Whether the statement has had its turn: it should yield PAUSE at its next point that can be resumed. */
export function turnIsOver(): boolean {
  const current = meter();
  if (current.spent < current.nextClockReading) return false;
  current.nextClockReading = current.spent + UNITS_PER_CLOCK_READING;
  return performance.now() >= current.turnEndsAt;
}
