import { compileEventPattern, requireEventPatternLength } from './compile';
import { patternErrors } from './errors';
import { JsonSyntaxError, type JsonValue, parseJson } from './json';
import { matchesEventPattern } from './match';

/**
 * The envelope fields TestEventPattern insists on. The API reference also lists `resources`, but AWS answers a
 * test event without it (docs/eventbridge-patterns.md#testeventpattern).
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html
 */
const REQUIRED_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const;

/**
 * TestEventPattern's answer: whether `event` (the JSON text of a whole event) matches `pattern`.
 * Throws InvalidEventPatternException for a bad pattern and ValidationException for a bad event.
 */
export function testEventPattern(pattern: string, event: string): boolean {
  requireEventPatternLength(pattern);
  const compiled = compileEventPattern(pattern);
  const parsed = parseEvent(event);
  if (parsed?.type !== 'object' || REQUIRED_EVENT_FIELDS.some((field) => !parsed.members.has(field))) throw patternErrors.invalidEvent();
  return matchesEventPattern(compiled, parsed);
}

function parseEvent(event: string): JsonValue | undefined {
  try {
    return parseJson(event);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return undefined;
    throw error;
  }
}
