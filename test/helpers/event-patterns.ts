import { ServiceError } from '../../runtime/core/errors';
import { compileEventPattern } from '../../runtime/services/events/pattern/compile';
import { parseJson } from '../../runtime/services/events/pattern/json';
import { matchesEventPattern } from '../../runtime/services/events/pattern/match';

/** Pattern and event as JSON text (to keep exact numbers) or as objects. */
export function matches(pattern: string | object, event: string | object): boolean {
  return matchesEventPattern(compileEventPattern(json(pattern)), parseJson(json(event)));
}

/** `{"a": <list>}` against `{"a": <value>}`, or `{}` when the value is undefined: one operator case. */
export function fieldMatches(list: string, value: string | undefined): boolean {
  return matches(`{"a": ${list}}`, value === undefined ? '{}' : `{"a": ${value}}`);
}

/** The error compileEventPattern throws for `pattern`. */
export function rejection(pattern: string | object): ServiceError {
  try {
    compileEventPattern(json(pattern));
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error(`pattern accepted: ${json(pattern)}`);
}

/** Only the reason of an InvalidEventPatternException, without AWS's location suffix. */
export function reasonFor(pattern: string | object): string {
  const error = rejection(pattern);
  expect(error.code).toBe('InvalidEventPatternException');
  return error.message.replace(/^Event pattern is not valid\. Reason: /, '').replace(/\n at \[Source: [\s\S]*$/, '');
}

function json(value: string | object): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
