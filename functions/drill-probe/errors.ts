/** The probe function's errors, by name (the state machine's Catch and test/statemachines read them). */
export class ProbeRequestInvalidError extends Error {
  override readonly name = 'ProbeRequestInvalid';
}

export const DRILL_PROBE_ERROR_NAMES = ['ProbeRequestInvalid'] as const;
