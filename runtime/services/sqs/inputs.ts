import type { Constraint } from '../../core/validation';
import { sqsErrors } from './errors';

/**
 * Constraint fragments shared by SQS operations, from the SQS service model (types and required members).
 * They keep their literal types, so each operation's table is checked against its input type.
 */
export const queueUrlShape = { type: 'string', required: true } satisfies Constraint;
export const queueNameShape = { type: 'string', required: true } satisfies Constraint;
export const attributeMap = { type: 'map', value: { type: 'string' } } satisfies Constraint;
export const attributeNameList = { type: 'list', member: { type: 'string' } } satisfies Constraint;
export const receiptHandleShape = { type: 'string', required: true } satisfies Constraint;
export const messageBody = { type: 'string', required: true } satisfies Constraint;
export const optionalInteger = { type: 'integer' } satisfies Constraint;
export const messageAttributes = {
  type: 'map',
  value: {
    type: 'structure',
    members: {
      DataType: { type: 'string', required: true },
      StringValue: { type: 'string' },
      BinaryValue: { type: 'blob' },
      StringListValues: { type: 'list', member: { type: 'string' } },
      BinaryListValues: { type: 'list', member: { type: 'blob' } },
    },
  },
} satisfies Constraint;

/** Request parameters SQS range-checks itself, with its InvalidParameterValue message (`reason` is AWS's wording). */
export function checkParameter(name: string, value: number | undefined, min: number, max: number, reason = `Must be between ${min} and ${max}, if provided.`): void {
  if (value !== undefined && (value < min || value > max)) throw sqsErrors.invalidParameter(name, value, reason);
}
