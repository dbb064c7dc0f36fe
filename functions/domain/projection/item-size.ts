import type { AttributeValue, Item } from './ion-to-dynamodb';

/**
 * An item's size as DynamoDB counts it against its 400 KB limit: UTF-8 names and strings, raw binary,
 * numbers at about one byte per two significant digits plus one, 1 byte for BOOL/NULL, and 3 bytes
 * plus 1 per element for maps and lists. Slightly generous on numbers, so a write this accepts fits.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
export function itemSize(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += Buffer.byteLength(name) + valueSize(value);
  return size;
}

function valueSize(value: AttributeValue): number {
  if ('S' in value) return Buffer.byteLength(value.S);
  if ('N' in value) return Math.ceil(value.N.replace(/[-.]/g, '').replace(/^0+/, '').length / 2) + 1;
  if ('B' in value) return value.B.length;
  if ('BOOL' in value || 'NULL' in value) return 1;
  if ('L' in value) return 3 + value.L.reduce((sum, element) => sum + 1 + valueSize(element), 0);
  return 3 + Object.entries(value.M).reduce((sum, [name, element]) => sum + 1 + Buffer.byteLength(name) + valueSize(element), 0);
}
