/**
 * The JSONPath subset EventBridge reads in InputPath and InputPathsMap (docs/eventbridge-input.md#json-paths):
 * `$`, then `.name` (letters, digits, `_`, `-`, `/`), `[index]`, `.*` or `[*]`. Dot notation only; no filters,
 * slices, unions or quoted names.
 *
 * Hand-written rather than evaluated with jsonpath-plus: that library accepts a far larger language (filters,
 * script expressions, unions) which EventBridge refuses, so the check would have to be ours anyway, and walking
 * the segments this parser produced keeps what is accepted and what is evaluated the same language.
 */

export type PathSegment = { kind: 'name'; name: string } | { kind: 'index'; index: number } | { kind: 'wildcard' };

export interface JsonPath {
  segments: readonly PathSegment[];
  /** A path with a wildcard selects a list of values, even of one or none; one without selects a single value. */
  definite: boolean;
}

/** What a path selects in a value: nothing (the path is missing), or one value. */
export type Selection = { found: false } | { found: true; value: unknown };

const SEGMENT = /\.([A-Za-z0-9_\-/]+)|\.\*|\[([0-9]+)\]|\[\*\]/y;

export function parseJsonPath(text: string): JsonPath | undefined {
  if (!text.startsWith('$')) return undefined;
  const segments: PathSegment[] = [];
  SEGMENT.lastIndex = 1;
  while (SEGMENT.lastIndex < text.length) {
    const start = SEGMENT.lastIndex;
    const match = SEGMENT.exec(text);
    if (!match || match.index !== start) return undefined;
    if (match[1] !== undefined) segments.push({ kind: 'name', name: match[1] });
    else if (match[2] !== undefined) segments.push({ kind: 'index', index: Number(match[2]) });
    else segments.push({ kind: 'wildcard' });
  }
  return { segments, definite: segments.every((s) => s.kind !== 'wildcard') };
}

export function select(path: JsonPath, root: unknown): Selection {
  let current: unknown[] = [root];
  for (const segment of path.segments) current = current.flatMap((value) => step(segment, value));
  if (!path.definite) return { found: true, value: current };
  return current.length === 0 ? { found: false } : { found: true, value: current[0] };
}

function step(segment: PathSegment, value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null) return [];
  switch (segment.kind) {
    case 'name':
      return !Array.isArray(value) && Object.hasOwn(value, segment.name) ? [(value as Record<string, unknown>)[segment.name]] : [];
    case 'index':
      return Array.isArray(value) && segment.index < value.length ? [value[segment.index]] : [];
    case 'wildcard':
      return Object.values(value);
  }
}
