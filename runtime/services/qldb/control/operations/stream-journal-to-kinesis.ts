import type { KinesisConfiguration, StreamJournalToKinesisRequest, StreamJournalToKinesisResponse } from '@aws-sdk/client-qldb';
import { parseArn } from '../../../../core/arn';
import type { InputTable, WithStructures } from '../../../../core/validation';
import { streamErrors } from '../../streams/errors';
import { ARN, STREAM_NAME } from '../../streams/inputs';
import { streamLedger } from '../../streams/stream-ledger';
import { kinesisStreamName } from '../../streams/stream-model';
import { LEDGER_NAME, tagKeyProblem, TAGS } from '../inputs';
import { operation } from '../qldb-control';

/** KinesisConfiguration has a table of its own, so its StreamArn narrows too. */
type StreamJournalToKinesisInput = WithStructures<StreamJournalToKinesisRequest, { KinesisConfiguration: KinesisConfiguration }>;

/**
 * Starts streaming the ledger's journal to a Kinesis data stream (docs/qldb-streams.md). The role
 * is checked here — QLDB must be able to assume it and write to the stream — so a bad role is refused at
 * once; a Kinesis stream that does not exist (yet) only impairs the journal stream until it does.
 */
export const streamJournalToKinesis = operation<StreamJournalToKinesisInput, StreamJournalToKinesisResponse>({
  name: 'StreamJournalToKinesis',
  input: {
    LedgerName: LEDGER_NAME,
    RoleArn: ARN,
    Tags: TAGS,
    InclusiveStartTime: { type: 'timestamp', required: true },
    ExclusiveEndTime: { type: 'timestamp' },
    KinesisConfiguration: {
      type: 'structure',
      required: true,
      members: { StreamArn: ARN, AggregationEnabled: { type: 'boolean' } } satisfies InputTable<KinesisConfiguration>,
    },
    StreamName: STREAM_NAME,
  },
  run(qldb, input) {
    const entry = streamLedger(qldb, input.LedgerName);
    const streamArn = input.KinesisConfiguration.StreamArn;
    checkKinesisStreamArn(streamArn, entry.metadata.arn);
    const role = parseArn(input.RoleArn);
    if (role?.service !== 'iam' || !role.resource.startsWith('role/')) throw streamErrors.invalidParameter(`The RoleArn ${input.RoleArn} is not an IAM role ARN`);
    const keyProblem = tagKeyProblem(input.Tags);
    if (keyProblem) throw streamErrors.invalidParameter(keyProblem);
    const now = qldb.clock.now();
    const start = input.InclusiveStartTime;
    if (start.getTime() > now.getTime()) throw streamErrors.invalidParameter('The InclusiveStartTime cannot be in the future');
    if (input.ExclusiveEndTime && input.ExclusiveEndTime.getTime() <= start.getTime()) {
      throw streamErrors.invalidParameter('The ExclusiveEndTime must be after the InclusiveStartTime');
    }
    // A start before the ledger existed means the ledger's creation (StreamJournalToKinesis' documentation);
    // Describe shows the start actually used.
    const created = new Date(entry.metadata.creationDateTime);
    const stream = qldb.streams.create({
      ledger: entry,
      streamName: input.StreamName,
      roleArn: input.RoleArn,
      kinesisStreamArn: streamArn,
      aggregationEnabled: input.KinesisConfiguration.AggregationEnabled ?? true,
      inclusiveStartTime: start.getTime() < created.getTime() ? created : start,
      exclusiveEndTime: input.ExclusiveEndTime,
      tags: Object.fromEntries(Object.entries(input.Tags ?? {}).map(([k, v]) => [k, v ?? ''])),
    });
    return { StreamId: stream.streamId };
  },
});

/** The destination must be a Kinesis stream ARN in the ledger's account and Region (the runtime serves one of each). */
function checkKinesisStreamArn(streamArn: string, ledgerArn: string): void {
  const parsed = parseArn(streamArn);
  const ledger = parseArn(ledgerArn)!;
  if (!parsed || parsed.service !== 'kinesis' || !kinesisStreamName(streamArn)) {
    throw streamErrors.invalidParameter(`The KinesisConfiguration.StreamArn ${streamArn} is not a Kinesis data stream ARN`);
  }
  if (parsed.account !== ledger.account || parsed.region !== ledger.region) {
    throw streamErrors.invalidParameter(`The Kinesis stream ${streamArn} must be in the ledger's account ${ledger.account} and Region ${ledger.region}`);
  }
}
