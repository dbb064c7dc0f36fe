/**
 * InputTemplate rendering (docs/eventbridge-input.md#input-templates): each `<name>` is replaced by its value,
 * written according to where it stands.
 * - In a JSON template (one that starts with `{` or `[`), a placeholder outside a string literal is a JSON value:
 *   strings are quoted, objects and arrays written as JSON, a missing path is `null`.
 * - Inside a string literal, or anywhere in a template that is not JSON, the value is text: strings unquoted and
 *   not escaped, a missing path empty; objects and arrays as JSON, with their quotes removed (`{a:b}`, `[x,y]`)
 *   unless the template is JSON.
 * A JSON template whose result is not valid JSON is not delivered; a valid one is delivered minified.
 */

/** A placeholder's value: absent when its path matched nothing in the event. */
export type PlaceholderValue = { present: false } | { present: true; value: unknown };

/** What may stand between `<` and `>`: InputPathsMap keys and the predefined `aws.events.*` names. */
const PLACEHOLDER = /<([A-Za-z0-9_.\-]+)>/g;

export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

export function isJsonTemplate(template: string): boolean {
  return /^\s*[[{]/.test(template);
}

/** The rendered template, or undefined when a JSON template renders to text that is not JSON. */
export function renderTemplate(template: string, valueOf: (name: string) => PlaceholderValue): string | undefined {
  const json = isJsonTemplate(template);
  const insideString = json ? stringLiteralMask(template) : undefined;
  const rendered = template.replace(PLACEHOLDER, (_placeholder, name: string, offset: number) => {
    const value = valueOf(name);
    if (!json) return asText(value, { stripQuotes: true });
    return insideString![offset] ? asText(value, { stripQuotes: false }) : asJsonValue(value);
  });
  if (!json) return rendered;
  return isJsonText(rendered) ? minified(rendered) : undefined;
}

function asJsonValue(value: PlaceholderValue): string {
  return value.present ? (JSON.stringify(value.value) ?? 'null') : 'null';
}

/**
 * Objects and arrays lose their quotes in a string template (AWS recorded `"payload is {acc_id:0a78…,sf_id:baz}"`)
 * but not in a string literal inside a JSON template, where AWS inserts the JSON as it is: the result is not JSON
 * and the event is not delivered.
 */
function asText(value: PlaceholderValue, { stripQuotes }: { stripQuotes: boolean }): string {
  if (!value.present) return '';
  const inner = value.value;
  if (typeof inner === 'string') return inner;
  if (typeof inner === 'object' && inner !== null) return stripQuotes ? JSON.stringify(inner).replaceAll('"', '') : JSON.stringify(inner);
  return String(inner);
}

/** For each offset of a template, whether it lies inside a JSON string literal (backslash escapes honoured). */
function stringLiteralMask(template: string): boolean[] {
  const mask: boolean[] = [];
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const char = template[i];
    if (inString && char === '\\') {
      mask.push(true, true);
      i++;
      continue;
    }
    if (char === '"') {
      mask.push(true);
      inString = !inString;
      continue;
    }
    mask.push(inString);
  }
  return mask;
}

export function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The text without the whitespace between tokens: string literals are kept byte for byte (unlike JSON.stringify(JSON.parse()), which would also round big numbers). */
function minified(json: string): string {
  const mask = stringLiteralMask(json);
  let out = '';
  for (let i = 0; i < json.length; i++) {
    const char = json[i]!;
    if (mask[i] || !/\s/.test(char)) out += char;
  }
  return out;
}
