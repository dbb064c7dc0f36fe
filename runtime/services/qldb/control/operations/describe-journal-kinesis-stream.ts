import type { DescribeJournalKinesisStreamRequest, DescribeJournalKinesisStreamResponse } from '@aws-sdk/client-qldb';
import { STREAM_ID } from '../../streams/inputs';
import { streamLedger } from '../../streams/stream-ledger';
import { describeStream } from '../../streams/views';
import { LEDGER_NAME } from '../inputs';
import { operation } from '../qldb-control';

export const describeJournalKinesisStream = operation<DescribeJournalKinesisStreamRequest, DescribeJournalKinesisStreamResponse>({
  name: 'DescribeJournalKinesisStream',
  input: { LedgerName: LEDGER_NAME, StreamId: STREAM_ID },
  run(qldb, input) {
    streamLedger(qldb, input.LedgerName);
    return { Stream: describeStream(qldb.streams.get(input.LedgerName, input.StreamId)) };
  },
});
