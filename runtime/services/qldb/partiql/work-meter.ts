import { statementTooExpensive } from './errors';

/**
 * Units of work one statement may spend: one per row combination a FROM clause considers and one per
 * expression evaluated. Evaluation runs synchronously on the event loop every client shares, so this bounds
 * how long one statement can keep the others waiting. Counting rows alone did not: a join at a 100,000-row
 * budget whose WHERE was 50 ORed comparisons evaluated 15 million expressions and blocked every client for
 * 14 s. At this budget the worst statements measured still block the loop 0.1–1 s on a loaded 2-core machine
 * (bench/partiql-budget.bench.ts): evaluation does not yield.
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

/** What the statement being evaluated has left. Evaluation never awaits, so one statement runs at a time. */
let remaining = Infinity;

/** Runs one statement's evaluation with a fresh budget. */
export function metered<T>(evaluation: () => T): T {
  const outer = remaining;
  remaining = STATEMENT_WORK_BUDGET;
  try {
    return evaluation();
  } finally {
    remaining = outer;
  }
}

/** Spends one unit; throws the statement's BadRequestException when the budget is spent. */
export function spendWork(): void {
  if (--remaining < 0) throw statementTooExpensive(STATEMENT_WORK_BUDGET, WORK_PER_SCANNED_ROW);
}

/** A row of the outermost FROM source was read: its allowance joins the budget. */
export function allowWorkForScannedRow(): void {
  remaining += WORK_PER_SCANNED_ROW;
}
