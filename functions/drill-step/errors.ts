/**
 * The errors the drill-step function throws, by name: the state machine's Retry and Catch name them, and
 * test/statemachines checks every ErrorEquals name exists here or is a States.* / service error.
 */

export { InvalidDrillInputError } from '../domain/drills/drill-input';

/** Another drill holds the ledger's lock and its execution is still RUNNING. */
export class DrillLockHeldError extends Error {
  override readonly name = 'DrillLockHeld';
}

/** The ledger is not ready for a drill (not ACTIVE, not ENABLED). */
export class LedgerNotReadyError extends Error {
  override readonly name = 'LedgerNotReady';
}

/** The steady state does not hold: the probe cannot read, or the projection lags beyond its bound. */
export class SteadyStateNotMetError extends Error {
  override readonly name = 'SteadyStateNotMet';
}

/** The drill would act on a key that is not one of the stack's drill keys. */
export class DrillTargetRefusedError extends Error {
  override readonly name = 'DrillTargetRefused';
}

/** A dry run found a permission or precondition missing. */
export class DrillPreconditionFailedError extends Error {
  override readonly name = 'DrillPreconditionFailed';
}

/** A step ran without what an earlier step records (no BASELINE for the run). */
export class DrillStateMissingError extends Error {
  override readonly name = 'DrillStateMissing';
}

/** A disruption step in flight after its branch was aborted found the rollback under way, and did nothing. */
export class DrillRollingBackError extends Error {
  override readonly name = 'DrillRollingBack';
}

/** Rollback restored what it could, and something is still changed (the message names it). */
export class RollbackIncompleteError extends Error {
  override readonly name = 'DrillRollbackIncomplete';
}

export const DRILL_STEP_ERROR_NAMES = [
  'InvalidDrillInput',
  'DrillLockHeld',
  'LedgerNotReady',
  'SteadyStateNotMet',
  'DrillTargetRefused',
  'DrillPreconditionFailed',
  'DrillStateMissing',
  'DrillRollingBack',
  'DrillRollbackIncomplete',
] as const;
