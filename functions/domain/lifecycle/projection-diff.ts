import type { AttributeValue, Item } from '../projection/ion-to-dynamodb';

/**
 * Does the projection equal the ledger's committed view? Both sides in DynamoDB's attribute form: the ledger's
 * documents mapped through the projector's own Ion mapping (functions/domain/projection/ion-to-dynamodb.ts),
 * the projection's live current items as DynamoDB returns them.
 */

export interface CommittedDocument {
  documentId: string;
  version: number;
  data: Item;
}

export interface ProjectedDocument {
  documentId: string;
  version: number;
  data?: Item;
}

export interface ProjectionComparison {
  /** Ledger documents the projection holds at their committed version and data. */
  projected: number;
  total: number;
  /** The first differences, in words (at most `limit`). */
  differences: string[];
}

/** Text of an attribute value that ignores map order: DynamoDB keeps none. */
export function canonicalAttribute(value: AttributeValue): string {
  if ('S' in value) return JSON.stringify(value.S);
  if ('N' in value) return `n:${value.N}`;
  if ('B' in value) return `b:${Buffer.from(value.B).toString('base64')}`;
  if ('BOOL' in value) return String(value.BOOL);
  if ('NULL' in value) return 'null';
  if ('L' in value) return `[${value.L.map(canonicalAttribute).join(',')}]`;
  return canonicalItem(value.M);
}

export const canonicalItem = (item: Item): string =>
  `{${Object.keys(item)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalAttribute(item[k]!)}`)
    .join(',')}}`;

export function compareProjection(table: string, committed: readonly CommittedDocument[], projected: readonly ProjectedDocument[], limit = 5): ProjectionComparison {
  const differences: string[] = [];
  const note = (text: string) => {
    if (differences.length < limit) differences.push(text);
  };
  const live = new Map(projected.map((p) => [p.documentId, p]));
  let matching = 0;
  for (const doc of committed) {
    const copy = live.get(doc.documentId);
    live.delete(doc.documentId);
    if (!copy) note(`${table}/${doc.documentId}: version ${doc.version} committed, not in the projection`);
    else if (copy.version !== doc.version) note(`${table}/${doc.documentId}: version ${doc.version} committed, ${copy.version} projected`);
    else if (!copy.data || canonicalItem(copy.data) !== canonicalItem(doc.data)) note(`${table}/${doc.documentId}: version ${doc.version} data differs (ledger ${canonicalItem(doc.data)}, projection ${copy.data ? canonicalItem(copy.data) : 'none'})`);
    else matching++;
  }
  for (const extra of live.values()) note(`${table}/${extra.documentId}: live in the projection at version ${extra.version}, not in the ledger's committed view`);
  return { projected: matching, total: committed.length, differences };
}
