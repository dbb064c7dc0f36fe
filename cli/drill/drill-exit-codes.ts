import type { Verdict } from '../../functions/domain/drills/drill-record';

/**
 * `keydrill drill`'s (and `keydrill demo --exit`'s) exit code: 0 only when everything PASSED; otherwise the
 * overall verdict's, so CI can tell a failed expectation from a broken drill. Bad arguments are ERROR (2)
 * too, and so is an execution that ended without a report; an interrupt is STOPPED (3).
 */
export const VERDICT_EXIT_CODES: Record<Verdict, number> = { PASSED: 0, FAILED: 1, ERROR: 2, STOPPED: 3 };

export const EXIT_BAD_ARGUMENTS = VERDICT_EXIT_CODES.ERROR;
export const EXIT_INTERRUPTED = VERDICT_EXIT_CODES.STOPPED;

const VERDICTS = Object.keys(VERDICT_EXIT_CODES);
export const isVerdict = (value: unknown): value is Verdict => typeof value === 'string' && VERDICTS.includes(value);
