import { cloudformationErrors } from './errors';

/** CloudFormation does not document its page sizes; keydrill's list calls return 100 items a page. */
const PAGE_SIZE = 100;

/**
 * CloudFormation's list calls page through an opaque NextToken. Ours names the last key returned, so a page
 * continues after it even if the list changed in between; a token keydrill did not issue is refused.
 * `items` come in ascending order of `keyOf`.
 */
export function page<T>(items: T[], keyOf: (item: T) => string, nextToken: string | undefined, size = PAGE_SIZE): { items: T[]; NextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    const after = /^kd1:(.+)$/.exec(Buffer.from(nextToken, 'base64').toString('utf8'))?.[1];
    if (after === undefined) throw cloudformationErrors.invalidNextToken();
    start = items.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = items.length;
  }
  const pageItems = items.slice(start, start + size);
  const more = start + size < items.length;
  return { items: pageItems, ...(more ? { NextToken: Buffer.from(`kd1:${keyOf(pageItems[pageItems.length - 1])}`).toString('base64') } : {}) };
}
