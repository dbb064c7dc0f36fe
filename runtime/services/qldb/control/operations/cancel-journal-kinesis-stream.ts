import type { CancelJournalKinesisStreamRequest, CancelJournalKinesisStreamResponse } from '@aws-sdk/client-qldb';
import { STREAM_ID } from '../../streams/inputs';
import { streamLedger } from '../../streams/stream-ledger';
import { LEDGER_NAME } from '../inputs';
import { operation } from '../qldb-control';

/** Ends an ACTIVE stream for good: CANCELED, and no CONTROL COMPLETED record (docs/qldb-streams.md#stream-lifecycle). */
export const cancelJournalKinesisStream = operation<CancelJournalKinesisStreamRequest, CancelJournalKinesisStreamResponse>({
  name: 'CancelJournalKinesisStream',
  input: { LedgerName: LEDGER_NAME, StreamId: STREAM_ID },
  async run(qldb, input) {
    streamLedger(qldb, input.LedgerName);
    const stream = await qldb.streams.cancel(input.LedgerName, input.StreamId);
    return { StreamId: stream.streamId };
  },
});
