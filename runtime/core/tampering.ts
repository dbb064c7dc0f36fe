/**
 * The alteration a `tamper` fault makes to a successful answer: one letter or digit of the text at a dotted path of
 * the output is replaced by another, so the text stays well-formed (a base64 hash in Ion text still parses) but
 * no longer says what the service said. What a verifier downstream must catch, as if storage or the wire had
 * been tampered with. Kept apart from the registry, which only decides which call a fault takes.
 */

/** `Proof.IonText`: member names joined by dots. */
export const TAMPER_PATH = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

const ALPHANUMERIC = /[A-Za-z0-9]/;

/** `text` with its middle-most letter or digit changed; undefined when it has none. */
export function tamperedText(text: string): string | undefined {
  const middle = Math.floor(text.length / 2);
  for (let offset = 0; offset <= middle + 1; offset++) {
    for (const at of [middle + offset, middle - offset]) {
      if (at < 0 || at >= text.length || !ALPHANUMERIC.test(text[at])) continue;
      const replacement = text[at] === 'A' ? 'B' : 'A';
      return text.slice(0, at) + replacement + text.slice(at + 1);
    }
  }
  return undefined;
}

/**
 * `output` with the text at `path` tampered with (a copy: the service's own value is untouched), or undefined when
 * the path leads to no text holding a letter or digit — the answer then goes out as the service gave it.
 */
export function tamperedAnswer(output: unknown, path: string): unknown | undefined {
  const [member, ...rest] = path.split('.');
  if (typeof output !== 'object' || output === null || Array.isArray(output) || !Object.hasOwn(output, member)) return undefined;
  const value = (output as Record<string, unknown>)[member];
  const altered = rest.length === 0 ? (typeof value === 'string' ? tamperedText(value) : undefined) : tamperedAnswer(value, rest.join('.'));
  return altered === undefined ? undefined : { ...(output as Record<string, unknown>), [member]: altered };
}
