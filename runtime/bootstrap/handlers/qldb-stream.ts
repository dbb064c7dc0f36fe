import type { StreamJournalToKinesisResponse } from '@aws-sdk/client-qldb';
import { found, ignoring, replace, tagMap, type DeployContext, type Props, type ResourceHandler } from '../resource-handler';
import type { DeployedResource } from '../template';

/** CloudFormation gives the times as ISO 8601 text; the operation takes Dates. */
const time = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

/** What identifies the stream: every property but Tags. */
const replacementKey = ({ Tags: _tags, ...rest }: Props) => JSON.stringify(rest);

/**
 * AWS::QLDB::Stream: Ref is the stream id, GetAtt Arn and Id. Every property but Tags requires
 * replacement, as on CloudFormation; a new stream replays the journal from its InclusiveStartTime.
 * A change of Tags alone is accepted and not applied (keydrill does not serve TagResource on streams).
 */
export const qldbStream: ResourceHandler = {
  async create({ props }, ctx) {
    const { StreamId } = await ctx.call<StreamJournalToKinesisResponse>('qldb', 'StreamJournalToKinesis', {
      LedgerName: props.LedgerName,
      StreamName: props.StreamName,
      RoleArn: props.RoleArn,
      InclusiveStartTime: time(props.InclusiveStartTime),
      ExclusiveEndTime: time(props.ExclusiveEndTime),
      KinesisConfiguration: { StreamArn: props.KinesisConfiguration?.StreamArn, AggregationEnabled: props.KinesisConfiguration?.AggregationEnabled },
      Tags: tagMap(props.Tags),
    });
    return streamResource(ctx, props, StreamId!);
  },
  async update(req, ctx) {
    if (req.previous.state?.replacementKey === replacementKey(req.props)) return req.previous;
    return replace(qldbStream, req, ctx, { order: 'delete-first' });
  },
  async remove(previous, ctx) {
    // Already over (completed, canceled, failed or impaired), or its ledger is gone: nothing left to stop.
    await ignoring(
      ['ResourcePreconditionNotMetException', 'ResourceNotFoundException'],
      ctx.call('qldb', 'CancelJournalKinesisStream', { LedgerName: previous.state?.LedgerName, StreamId: previous.physicalId }),
    );
  },
  // A stream of a deleted ledger is gone with it.
  exists: (previous, ctx) =>
    found(['ResourceNotFoundException'], ctx.call('qldb', 'DescribeJournalKinesisStream', { LedgerName: previous.state?.LedgerName, StreamId: previous.physicalId })),
};

async function streamResource(ctx: DeployContext, props: Props, streamId: string): Promise<DeployedResource> {
  const { Stream } = await ctx.call<{ Stream: { Arn: string } }>('qldb', 'DescribeJournalKinesisStream', { LedgerName: props.LedgerName, StreamId: streamId });
  return { type: 'AWS::QLDB::Stream', physicalId: streamId, attributes: { Arn: Stream.Arn, Id: streamId }, state: { LedgerName: props.LedgerName, replacementKey: replacementKey(props) } };
}
