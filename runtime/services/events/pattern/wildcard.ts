/**
 * The `wildcard` operand: `*` matches any run of characters, `\*` a literal star, `\\` a literal backslash
 * (docs/eventbridge-patterns.md#wildcard).
 */

/** A literal character, or null for `*`. */
type Token = string | null;

/** More simultaneous match states than this and AWS answers "Rule is too complex" (docs/eventbridge-patterns.md#wildcard). */
const COMPLEXITY_LIMIT = 10;

type WildcardParse = { readonly regex: RegExp } | { readonly reason: string };

export function parseWildcard(text: string): WildcardParse {
  const tokens: Token[] = [];
  const chars = [...text];
  for (let position = 0; position < chars.length; position++) {
    const char = chars[position]!;
    if (char === '\\') {
      const escaped = chars[position + 1];
      if (escaped !== '*' && escaped !== '\\') return { reason: `Invalid escape character at pos ${position}` };
      tokens.push(escaped);
      position++;
    } else if (char === '*') {
      if (tokens.length > 0 && tokens[tokens.length - 1] === null && chars[position - 1] === '*') {
        return { reason: `Consecutive wildcard characters at pos ${position}` };
      }
      tokens.push(null);
    } else {
      tokens.push(char);
    }
  }
  if (complexity(tokens) > COMPLEXITY_LIMIT) {
    return {
      reason: 'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
    };
  }
  const source = tokens.map((token) => (token === null ? '.*' : token.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('');
  return { regex: new RegExp(`^${source}$`, 'su') };
}

/**
 * The largest number of states the pattern's automaton can be in at once over any input, not counting the final
 * (matched) state: what AWS bounds, after event-ruler's machine-complexity rule (docs/eventbridge-patterns.md#wildcard).
 * States are token positions; a star keeps its position active on any character and also stands at the position
 * after it. Explored by subset construction over the pattern's characters plus one other character.
 */
function complexity(tokens: readonly Token[]): number {
  const closure = (states: Iterable<number>): number[] => {
    const result = new Set<number>();
    for (let state of states) {
      result.add(state);
      while (tokens[state] === null) result.add(++state);
    }
    return [...result].sort((a, b) => a - b);
  };
  const size = (states: readonly number[]): number => states.filter((state) => state < tokens.length).length;
  const alphabet = [...new Set(tokens.filter((token): token is string => token !== null)), undefined];
  const start = closure([0]);
  const seen = new Set([start.join(',')]);
  const queue = [start];
  let largest = size(start);
  while (queue.length > 0 && largest <= COMPLEXITY_LIMIT) {
    const states = queue.pop()!;
    for (const char of alphabet) {
      const next = closure(
        states.flatMap((state) => {
          const token = tokens[state];
          if (token === null) return [state];
          return token !== undefined && token === char ? [state + 1] : [];
        }),
      );
      const key = next.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      largest = Math.max(largest, size(next));
      queue.push(next);
    }
  }
  return largest;
}
