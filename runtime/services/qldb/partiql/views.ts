import type { dom } from 'ion-js';
import type { Revision, TableInfo } from '../ledger/ledger-view';
import { ionBlob, ionInt, ionList, ionString, ionStruct, ionTimestamp, type PValue } from './values';

/** The prefix of a table's committed view (developer guide, "Querying the committed view"). */
export const COMMITTED_VIEW_PREFIX = '_ql_committed_';

/**
 * A revision as the committed view and history() show it: `{blockAddress, hash, data, metadata}`.
 * blockAddress and hash do not exist yet for a revision of the open transaction; a delete revision has
 * no data; a redacted one has dataHash instead (docs/qldb-journal.md#revision).
 */
export function revisionRow(revision: Revision): dom.Value {
  const { blockAddress, hash, data, dataHash, metadata } = revision;
  const fields: [string, PValue][] = [];
  if (blockAddress) {
    fields.push(['blockAddress', ionStruct([['strandId', ionString(blockAddress.strandId)], ['sequenceNo', ionInt(blockAddress.sequenceNo)]])]);
  }
  if (hash) fields.push(['hash', ionBlob(hash)]);
  if (data) fields.push(['data', data]);
  else if (dataHash) fields.push(['dataHash', ionBlob(dataHash)]);
  fields.push([
    'metadata',
    ionStruct([
      ['id', ionString(metadata.id)],
      ['version', ionInt(metadata.version)],
      ['txTime', ionTimestamp(metadata.txTime)],
      ['txId', ionString(metadata.txId)],
    ]),
  ]);
  return ionStruct(fields);
}

/** A row of `information_schema.user_tables` (developer guide, "Querying the system catalog"). */
export function catalogRow(table: TableInfo): dom.Value {
  return ionStruct([
    ['name', ionString(table.name)],
    ['tableId', ionString(table.tableId)],
    ['status', ionString(table.status)],
    [
      'indexes',
      ionList(
        table.indexes.map((index) =>
          ionStruct([
            ['indexId', ionString(index.indexId)],
            ['expr', ionString(`[${index.field}]`)],
            ['status', ionString(index.status)],
          ]),
        ),
      ),
    ],
  ]);
}

/**
 * history() keeps the revisions *active* in [start, end], both inclusive: a revision is active from its
 * txTime until the next revision of the same document (developer guide, "Querying revision history").
 */
export function activeRevisions(revisions: Iterable<Revision>, start: Date | undefined, end: Date | undefined): Revision[] {
  const all = [...revisions];
  if (!start && !end) return all;
  const nextTime = new Map<Revision, number>();
  const latest = new Map<string, Revision>();
  for (const revision of all) {
    const previous = latest.get(revision.metadata.id);
    if (previous) nextTime.set(previous, revision.metadata.txTime.getTime());
    latest.set(revision.metadata.id, revision);
  }
  return all.filter((revision) => {
    const from = revision.metadata.txTime.getTime();
    const until = nextTime.get(revision) ?? Infinity;
    return (!end || from <= end.getTime()) && (!start || until > start.getTime());
  });
}
