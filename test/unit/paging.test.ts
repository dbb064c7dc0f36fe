import { ServiceError } from '../../runtime/core/errors';
import { afterKeyMarkers, bareOffsetMarkers, offsetMarkers, page, type MarkerFormat } from '../../runtime/core/paging';

const invalid = () => new ServiceError('InvalidMarker', 'Invalid marker', 400);
const base64 = (text: string) => Buffer.from(text).toString('base64');
const letters = ['a', 'b', 'c', 'd', 'e'];
const byLetter = afterKeyMarkers((letter: string) => letter);

/** Every item once, following `next` from the first page. */
function walk<T>(items: T[], limit: number, format: MarkerFormat<T>): T[][] {
  const pages: T[][] = [];
  let marker: string | undefined;
  do {
    const p = page(items, marker, limit, invalid, format);
    pages.push(p.items);
    marker = p.next;
  } while (marker !== undefined);
  return pages;
}

describe('page', () => {
  it.each([
    ['offset', offsetMarkers],
    ['bare offset', bareOffsetMarkers],
    ['after key', byLetter],
  ])('walks a list a page at a time with %s markers, and gives no marker after the last page', (_name, format) => {
    expect(walk(letters, 2, format)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(walk(letters, 5, format)).toEqual([letters]);
    expect(page(letters, undefined, 5, invalid, format).next).toBeUndefined();
  });

  it('writes the markers each service has always issued', () => {
    expect(page(letters, undefined, 2, invalid).next).toBe(base64('kd1:2'));
    expect(page(letters, undefined, 2, invalid, bareOffsetMarkers).next).toBe(base64('2'));
    expect(page(letters, undefined, 2, invalid, byLetter).next).toBe(base64('kd1:b'));
  });

  it('continues after the last key returned even when the list changed in between', () => {
    const next = page(letters, undefined, 2, invalid, byLetter).next!;
    expect(page(['a', 'c', 'd'], next, 2, invalid, byLetter).items).toEqual(['c', 'd']);
    expect(page(['a', 'b'], next, 2, invalid, byLetter)).toEqual({ items: [] });
  });

  it('refuses a marker its format did not write', () => {
    expect(() => page(letters, base64('2'), 2, invalid)).toThrow('Invalid marker');
    expect(() => page(letters, base64('kd1:'), 2, invalid, byLetter)).toThrow('Invalid marker');
    expect(() => page(letters, base64('kd1:2'), 2, invalid, bareOffsetMarkers)).toThrow('Invalid marker');
  });

  it('refuses a bare offset past the list, while an offset marker past it reads as the end', () => {
    expect(() => page(letters, base64('6'), 2, invalid, bareOffsetMarkers)).toThrow('Invalid marker');
    expect(page(letters, base64('kd1:6'), 2, invalid)).toEqual({ items: [] });
  });
});
