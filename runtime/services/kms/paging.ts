import { kmsErrors } from './errors';

/**
 * KMS list operations page with Limit + an opaque Marker. Ours encodes the offset of the next item;
 * anything we did not issue is InvalidMarkerException, as in KMS.
 */
export function page<T>(items: T[], limit: number | undefined, marker: string | undefined, defaultLimit: number) {
  let start = 0;
  if (marker !== undefined) {
    const decoded = /^kd1:(\d+)$/.exec(Buffer.from(marker, 'base64').toString('utf8'));
    if (!decoded) throw kmsErrors.invalidMarker();
    start = Number(decoded[1]);
  }
  const end = start + (limit ?? defaultLimit);
  const truncated = end < items.length;
  return {
    items: items.slice(start, end),
    truncated,
    nextMarker: truncated ? Buffer.from(`kd1:${end}`).toString('base64') : undefined,
  };
}
