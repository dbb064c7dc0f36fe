import type { DescribeJournalKinesisStreamRequest, DescribeJournalKinesisStreamResponse } from '@aws-sdk/client-qldb';
import type { OperationDefinition } from '../../../../core/operation';
import { describeStream } from '../../streams/stream-model';
import { STREAM_ID } from '../../streams/stream-shapes';
import { LEDGER_NAME } from '../ledger-shapes';
import type { QldbControl } from '../qldb-control';
import { streamLedger } from '../../streams/stream-ledger';

export const describeJournalKinesisStream: OperationDefinition<QldbControl, DescribeJournalKinesisStreamRequest, DescribeJournalKinesisStreamResponse> = {
  name: 'DescribeJournalKinesisStream',
  input: { LedgerName: LEDGER_NAME, StreamId: STREAM_ID },
  run(qldb, input) {
    streamLedger(qldb, input.LedgerName!);
    return { Stream: describeStream(qldb.streams.get(input.LedgerName!, input.StreamId!)) };
  },
};
