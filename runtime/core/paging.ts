import type { ServiceError } from './errors';

/**
 * How a list operation's continuation marker (Marker, NextMarker, NextToken) says where the next page starts.
 * The format is the service's wire format: markers already handed out must keep working.
 */
export interface MarkerFormat<T> {
  /** The marker for the page that starts at `items[next]`. */
  write(items: readonly T[], next: number): string;
  /** Where in `items` the page `marker` continues starts, or undefined for a marker this format never wrote. */
  read(marker: string, items: readonly T[]): number | undefined;
}

const base64 = (text: string) => Buffer.from(text).toString('base64');
const unbase64 = (marker: string) => Buffer.from(marker, 'base64').toString('utf8');

/** The offset of the next item, as base64 of `kd1:<offset>` (KMS, IAM). */
export const offsetMarkers: MarkerFormat<unknown> = {
  write: (_items, next) => base64(`kd1:${next}`),
  read(marker) {
    const decoded = /^kd1:(\d+)$/.exec(unbase64(marker));
    return decoded ? Number(decoded[1]) : undefined;
  },
};

/** The offset of the next item, as base64 of the bare number (Lambda); an offset past the list is refused. */
export const bareOffsetMarkers: MarkerFormat<unknown> = {
  write: (_items, next) => base64(String(next)),
  read(marker, items) {
    const start = Number.parseInt(unbase64(marker), 10);
    return Number.isInteger(start) && start >= 0 && start <= items.length ? start : undefined;
  },
};

/**
 * The key of the last item returned, as base64 of `kd1:<key>` (CloudFormation, SQS): the next page starts after
 * that key even if the list changed in between. `items` must be in ascending order of `keyOf`.
 */
export const afterKeyMarkers = <T>(keyOf: (item: T) => string): MarkerFormat<T> => ({
  write: (items, next) => base64(`kd1:${keyOf(items[next - 1])}`),
  read(marker, items) {
    const after = /^kd1:(.+)$/.exec(unbase64(marker))?.[1];
    if (after === undefined) return undefined;
    const start = items.findIndex((item) => keyOf(item) > after);
    return start < 0 ? items.length : start;
  },
});

/**
 * One page of a list: up to `limit` items from where `marker` says (the start without one), and the marker of
 * the page after it when there is one. A marker the format cannot read is refused with `invalid()`.
 */
export function page<T>(
  items: readonly T[],
  marker: string | undefined,
  limit: number,
  invalid: () => ServiceError,
  format: MarkerFormat<NoInfer<T>> = offsetMarkers,
): { items: T[]; next?: string } {
  const start = marker === undefined ? 0 : format.read(marker, items);
  if (start === undefined) throw invalid();
  const end = start + limit;
  return { items: items.slice(start, end), ...(end < items.length ? { next: format.write(items, end) } : {}) };
}
