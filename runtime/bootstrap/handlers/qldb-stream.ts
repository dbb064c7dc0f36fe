import type { StreamJournalToKinesisResponse } from '@aws-sdk/client-qldb';
import { isServiceError } from '../../core/errors';
import type { DeployContext, ResourceHandler } from '../resource-handlers';
import type { DeployedResource } from '../template';

type Props = Record<string, any>;

const qldb = <O = unknown>(ctx: DeployContext, operation: string, input: object) => ctx.dispatcher.call<O>('qldb', operation, input, ctx.deployer);

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
  async create(_logicalId, props, ctx) {
    const { StreamId } = await qldb<StreamJournalToKinesisResponse>(ctx, 'StreamJournalToKinesis', {
      LedgerName: props.LedgerName,
      StreamName: props.StreamName,
      RoleArn: props.RoleArn,
      InclusiveStartTime: time(props.InclusiveStartTime),
      ExclusiveEndTime: time(props.ExclusiveEndTime),
      KinesisConfiguration: { StreamArn: props.KinesisConfiguration?.StreamArn, AggregationEnabled: props.KinesisConfiguration?.AggregationEnabled },
      Tags: Object.fromEntries((props.Tags ?? []).map((t: { Key: string; Value: string }) => [t.Key, t.Value])),
    });
    return streamResource(ctx, props, StreamId!);
  },
  async update(logicalId, props, previous, ctx) {
    if (previous.attributes.replacementKey === replacementKey(props)) return previous;
    await qldbStream.remove(previous, props, ctx);
    return qldbStream.create(logicalId, props, ctx);
  },
  async remove(previous, _props, ctx) {
    try {
      await qldb(ctx, 'CancelJournalKinesisStream', { LedgerName: previous.attributes.LedgerName, StreamId: previous.physicalId });
    } catch (e) {
      // Already over (completed, canceled, failed or impaired), or its ledger is gone: nothing left to stop.
      if (isServiceError(e) && (e.code === 'ResourcePreconditionNotMetException' || e.code === 'ResourceNotFoundException')) return;
      throw e;
    }
  },
};

async function streamResource(ctx: DeployContext, props: Props, streamId: string): Promise<DeployedResource> {
  const { Stream } = await qldb<{ Stream: { Arn: string } }>(ctx, 'DescribeJournalKinesisStream', { LedgerName: props.LedgerName, StreamId: streamId });
  return { type: 'AWS::QLDB::Stream', physicalId: streamId, attributes: { Arn: Stream.Arn, Id: streamId, LedgerName: props.LedgerName, replacementKey: replacementKey(props) } };
}
