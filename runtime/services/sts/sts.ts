import type { Clock } from '../../core/clock';
import { defineOperation } from '../../core/operation';
import type { IdentityStore } from '../../identity/identity-store';

/** The state STS's operations work on: the runtime's identities and its clock. */
export interface Sts {
  identity: IdentityStore;
  clock: Clock;
}

/** AssumeRole's default DurationSeconds, and the cap on a chained role session. */
export const MAX_SESSION_SECONDS = 3600;

/** Declares an STS operation; its input and output types come from @aws-sdk/client-sts (types only). */
export const operation = defineOperation<Sts>();
