import type { CancelJournalKinesisStreamRequest, CancelJournalKinesisStreamResponse } from '@aws-sdk/client-qldb';
import type { OperationDefinition } from '../../../../core/operation';
import { STREAM_ID } from '../../streams/stream-shapes';
import { LEDGER_NAME } from '../ledger-shapes';
import type { QldbControl } from '../qldb-control';
import { streamLedger } from '../../streams/stream-ledger';

/** Ends an ACTIVE stream for good: CANCELED, and no CONTROL COMPLETED record (docs/qldb-streams.md#stream-lifecycle). */
export const cancelJournalKinesisStream: OperationDefinition<QldbControl, CancelJournalKinesisStreamRequest, CancelJournalKinesisStreamResponse> = {
  name: 'CancelJournalKinesisStream',
  input: { LedgerName: LEDGER_NAME, StreamId: STREAM_ID },
  async run(qldb, input) {
    streamLedger(qldb, input.LedgerName!);
    const stream = await qldb.streams.cancel(input.LedgerName!, input.StreamId!);
    return { StreamId: stream.streamId };
  },
};
