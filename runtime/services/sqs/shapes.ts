import type { Constraint } from '../../core/validation';
import { sqsErrors } from './errors';

/** Constraint fragments shared by SQS operations, from the SQS service model (types and required members). */
export const queueUrlShape: Constraint = { type: 'string', required: true };
export const queueNameShape: Constraint = { type: 'string', required: true };
export const attributeMap: Constraint = { type: 'map', value: { type: 'string' } };
export const attributeNameList: Constraint = { type: 'list', member: { type: 'string' } };
export const receiptHandleShape: Constraint = { type: 'string', required: true };
export const messageBody: Constraint = { type: 'string', required: true };
export const optionalInteger: Constraint = { type: 'integer' };
export const messageAttributes: Constraint = {
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
};

/** Request parameters SQS range-checks itself, with its InvalidParameterValue message (`reason` is AWS's wording). */
export function checkParameter(name: string, value: number | undefined, min: number, max: number, reason = `Must be between ${min} and ${max}, if provided.`): void {
  if (value !== undefined && (value < min || value > max)) throw sqsErrors.invalidParameter(name, value, reason);
}
