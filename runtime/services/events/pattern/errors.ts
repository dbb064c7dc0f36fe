import { ServiceError } from '../../../core/errors';

/**
 * Why a pattern is refused, in AWS's words, and the offset just past the value at fault: compile.ts turns it into
 * InvalidEventPatternException with AWS's location suffix. `offset` is undefined where AWS gives no location.
 */
export class PatternReason extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number | undefined,
  ) {
    super(reason);
  }
}

/**
 * The errors of PutRule / TestEventPattern pattern checks (docs/eventbridge-patterns.md#validation-errors).
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html#API_PutRule_Errors
 */
export const patternErrors = {
  invalidEventPattern: (pattern: string, reason: string, offset: number | undefined) =>
    new ServiceError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}${location(pattern, offset)}`, 400),
  patternTooLong: (pattern: string, maximum: number) =>
    new ServiceError(
      'ValidationException',
      `1 validation error detected: Value '${pattern}' at 'eventPattern' failed to satisfy constraint: Member must have length less than or equal to ${maximum}`,
      400,
    ),
  invalidEvent: () => new ServiceError('ValidationException', 'Parameter Event is not valid.', 400),
};

/** Jackson's location suffix: a 1-based line, and the column of the last character read. */
function location(pattern: string, offset: number | undefined): string {
  if (offset === undefined) return '';
  const before = pattern.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1);
  return `\n at [Source: (String)"${pattern}"; line: ${line}, column: ${column}]`;
}
