import { lambdaErrors } from './errors';

/** Lambda's list operations: `Marker` continues where `NextMarker` left off; MaxItems defaults to 50. */
export function page<T>(items: T[], marker: string | undefined, maxItems = 50): { items: T[]; nextMarker?: string } {
  const start = marker === undefined ? 0 : Number.parseInt(Buffer.from(marker, 'base64').toString('utf8'), 10);
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw lambdaErrors.invalidParameter('Invalid marker');
  const end = start + maxItems;
  return { items: items.slice(start, end), nextMarker: end < items.length ? Buffer.from(String(end)).toString('base64') : undefined };
}
