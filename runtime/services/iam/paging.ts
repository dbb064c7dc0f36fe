import { iamErrors } from './errors';

/** IAM's MaxItems when a list call gives none. */
const DEFAULT_MAX_ITEMS = 100;

/**
 * One page of an IAM list: up to MaxItems items after the Marker, with IsTruncated and the next Marker.
 * Our Marker encodes the offset of the next item; one we did not issue is refused.
 */
export function page<T>(items: T[], marker: string | undefined, maxItems: number | undefined): { items: T[]; IsTruncated: boolean; Marker?: string } {
  let start = 0;
  if (marker !== undefined) {
    const decoded = /^kd1:(\d+)$/.exec(Buffer.from(marker, 'base64').toString('utf8'));
    if (!decoded) throw iamErrors.invalidMarker();
    start = Number(decoded[1]);
  }
  const end = start + (maxItems ?? DEFAULT_MAX_ITEMS);
  const truncated = end < items.length;
  return { items: items.slice(start, end), IsTruncated: truncated, ...(truncated ? { Marker: Buffer.from(`kd1:${end}`).toString('base64') } : {}) };
}

/** Lists are kept in name order, so the offset a Marker encodes names the same place on the next call. */
export const byName = <T>(name: (item: T) => string) => (a: T, b: T) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);
