import type { ListJournalKinesisStreamsForLedgerRequest, ListJournalKinesisStreamsForLedgerResponse } from '@aws-sdk/client-qldb';
import { streamErrors } from '../../streams/errors';
import { MAX_RESULTS, NEXT_TOKEN } from '../../streams/inputs';
import { streamLedger } from '../../streams/stream-ledger';
import type { StoredStream } from '../../streams/stream-model';
import { describeStream } from '../../streams/views';
import { LEDGER_NAME } from '../inputs';
import { operation } from '../qldb-control';

/** NextToken is opaque to clients: keydrill's names the last stream of the previous page and when it was created. */
const tokenAfter = (stream: StoredStream) => Buffer.from(`${stream.creationTime}|${stream.streamId}`).toString('base64');

/** Where the page after the token starts; a stream that expired meanwhile is passed by its creation time. */
function pageStart(streams: StoredStream[], token: string): number {
  const [creationTime, streamId, ...rest] = Buffer.from(token, 'base64').toString().split('|');
  if (!streamId || rest.length > 0 || Number.isNaN(Date.parse(creationTime!))) throw streamErrors.invalidParameter('The NextToken is not valid');
  const index = streams.findIndex((s) => s.streamId === streamId);
  if (index >= 0) return index + 1;
  const later = streams.findIndex((s) => s.creationTime > creationTime!);
  return later >= 0 ? later : streams.length;
}

/** The ledger's streams, oldest first, terminal ones included until they expire (7 days). */
export const listJournalKinesisStreamsForLedger = operation<ListJournalKinesisStreamsForLedgerRequest, ListJournalKinesisStreamsForLedgerResponse>({
  name: 'ListJournalKinesisStreamsForLedger',
  input: { LedgerName: LEDGER_NAME, MaxResults: MAX_RESULTS, NextToken: NEXT_TOKEN },
  run(qldb, input) {
    streamLedger(qldb, input.LedgerName);
    const all = qldb.streams.visible(input.LedgerName);
    const from = input.NextToken === undefined ? 0 : pageStart(all, input.NextToken);
    const page = all.slice(from, from + (input.MaxResults ?? 100));
    const more = from + page.length < all.length;
    return { Streams: page.map(describeStream), ...(more ? { NextToken: tokenAfter(page[page.length - 1]!) } : {}) };
  },
});
