import type { CompiledPattern } from './pattern/compile';
import type { JsonValue } from './pattern/json';

/**
 * Top-level fields a rule's pattern usually pins to exact strings, most selective first: an event is then tried
 * only against the rules whose values it has there (and the rules no field pins), not against every rule of the bus.
 */
const INDEXED_FIELDS = ['detail-type', 'source'] as const;

interface Bucketed {
  field: string;
  buckets: Map<string, number[]>;
}

/**
 * The rules of one bus, by the exact strings their patterns require of one top-level field. A pattern pins a field
 * when every `$or` branch of it has that field with bare string values only: only an event with one of those strings
 * there can match, since a bare string holds for that string alone and nothing holds for a missing field.
 */
export class RuleIndex<T extends { pattern: CompiledPattern }> {
  private readonly unindexed: number[] = [];
  private readonly fields: Bucketed[] = INDEXED_FIELDS.map((field) => ({ field, buckets: new Map() }));

  constructor(private readonly entries: readonly T[]) {
    entries.forEach((entry, position) => {
      for (const { field, buckets } of this.fields) {
        const values = pinnedStrings(entry.pattern, field);
        if (!values) continue;
        for (const value of values) buckets.set(value, [...(buckets.get(value) ?? []), position]);
        return;
      }
      this.unindexed.push(position);
    });
  }

  /** The entries that may match `event` (a superset of those that do), in the order they were given. */
  candidates(event: JsonValue): T[] {
    if (event.type !== 'object') return [...this.entries];
    const positions = new Set(this.unindexed);
    for (const { field, buckets } of this.fields) {
      for (const value of stringLeaves(event.members.get(field))) for (const position of buckets.get(value) ?? []) positions.add(position);
    }
    return [...positions].sort((a, b) => a - b).map((position) => this.entries[position]);
  }
}

function pinnedStrings(pattern: CompiledPattern, field: string): Set<string> | undefined {
  const values = new Set<string>();
  for (const branch of pattern.branches) {
    const leaf = branch.fields.find((candidate) => candidate.key === field && !('branch' in candidate));
    if (!leaf || 'branch' in leaf || !leaf.conditions.every((condition) => condition.exactString !== undefined)) return undefined;
    for (const condition of leaf.conditions) values.add(condition.exactString!);
  }
  return values;
}

/** The string leaf values of an event field, as the matcher sees them (arrays flattened, objects not leaves). */
function stringLeaves(value: JsonValue | undefined): string[] {
  if (value === undefined) return [];
  if (value.type === 'string') return [value.value];
  return value.type === 'array' ? value.items.flatMap(stringLeaves) : [];
}
