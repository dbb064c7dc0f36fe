/**
 * The errors ASL states raise, by the names Retry and Catch match on
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-error-representation).
 */

export const ERRORS = {
  all: 'States.ALL',
  dataLimitExceeded: 'States.DataLimitExceeded',
  exceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  heartbeatTimeout: 'States.HeartbeatTimeout',
  intrinsicFailure: 'States.IntrinsicFailure',
  noChoiceMatched: 'States.NoChoiceMatched',
  queryEvaluationError: 'States.QueryEvaluationError',
  resultPathMatchFailure: 'States.ResultPathMatchFailure',
  runtime: 'States.Runtime',
  taskFailed: 'States.TaskFailed',
  timeout: 'States.Timeout',
} as const;

/** A state's failure as ASL sees it: what Retry and Catch match, and what ExecutionFailed reports. */
export class StateFailure extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string | undefined,
  ) {
    super(cause === undefined ? error : `${error}: ${cause}`);
    this.name = 'StateFailure';
  }
}

/** The execution was stopped or timed out while this work was in flight: no state may record anything more. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}
