import { isServiceError } from '../../core/errors';
import type { DeliveryFailure } from './retry-decisions';

/** A failure a target kind reports itself (a Step Functions target when that service is not there). */
export class TargetFailure extends Error {
  constructor(readonly failure: DeliveryFailure) {
    super(failure.message);
  }
}

/**
 * What a target's error means for the delivery, in the ERROR_CODE terms of the dead-letter message
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html): missing permissions and missing
 * resources are final, throttling and every other error are retried.
 */
export function deliveryFailure(error: unknown): DeliveryFailure {
  if (error instanceof TargetFailure) return error.failure;
  if (!isServiceError(error)) return { code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error), retriable: true };
  const { code, message } = error;
  if (/AccessDenied|NotAuthorized|Forbidden/.test(code)) return { code: 'NO_PERMISSIONS', message, retriable: false };
  if (/NotFound|DoesNotExist|NonExistent/.test(code)) return { code: 'NO_RESOURCE', message, retriable: false };
  if (/Throttl|TooManyRequests|ProvisionedThroughputExceeded|LimitExceeded/.test(code)) return { code: 'THROTTLING', message, retriable: true };
  return { code, message, retriable: true };
}
