import type { DescribeStreamSummaryOutput, ListTagsForStreamOutput } from '@aws-sdk/client-kinesis';
import { ON_DEMAND_SHARD_COUNT } from '../../backends';
import { pollUntil } from '../../backends/poll';
import { isServiceError } from '../../core/errors';
import { generatedName, type DeployContext, type ResourceHandler } from '../resource-handlers';
import { replaceResource } from './replace-resource';

type Props = Record<string, any>;

/** AWS's default retention; longer ones are set with IncreaseStreamRetentionPeriod after creation. */
const DEFAULT_RETENTION_HOURS = 24;

const kinesis = <O = unknown>(ctx: DeployContext, operation: string, input: object) => ctx.dispatcher.call<O>('kinesis', operation, input, ctx.deployer);

const streamName = (logicalId: string, props: Props, ctx: DeployContext): string => props.Name ?? generatedName(ctx, logicalId, 128);

/** ON_DEMAND streams get a fixed shard count: kinesalite has no on-demand mode (see ON_DEMAND_SHARD_COUNT). */
const shardCount = (props: Props): number => (props.StreamModeDetails?.StreamMode === 'ON_DEMAND' ? ON_DEMAND_SHARD_COUNT : Number(props.ShardCount ?? 1));

const summary = async (ctx: DeployContext, name: string) =>
  (await kinesis<DescribeStreamSummaryOutput>(ctx, 'DescribeStreamSummary', { StreamName: name })).StreamDescriptionSummary!;

const waitActive = (ctx: DeployContext, name: string) =>
  pollUntil(`Kinesis stream ${name} to become ACTIVE`, async () => {
    const s = await summary(ctx, name);
    return s.StreamStatus === 'ACTIVE' ? s : undefined;
  });

async function setRetention(ctx: DeployContext, name: string, current: number, wanted: number): Promise<void> {
  if (wanted === current) return;
  const operation = wanted > current ? 'IncreaseStreamRetentionPeriod' : 'DecreaseStreamRetentionPeriod';
  await kinesis(ctx, operation, { StreamName: name, RetentionPeriodHours: wanted });
  await waitActive(ctx, name);
}

async function syncTags(ctx: DeployContext, name: string, props: Props): Promise<void> {
  const wanted: Record<string, string> = Object.fromEntries((props.Tags ?? []).map((t: { Key: string; Value: string }) => [t.Key, t.Value]));
  const { Tags = [] } = await kinesis<ListTagsForStreamOutput>(ctx, 'ListTagsForStream', { StreamName: name });
  const stale = Tags.map((t) => t.Key!).filter((k) => !(k in wanted));
  if (stale.length) await kinesis(ctx, 'RemoveTagsFromStream', { StreamName: name, TagKeys: stale });
  const changed = Object.entries(wanted).filter(([k, v]) => Tags.find((t) => t.Key === k)?.Value !== v);
  // kinesalite, like AWS, takes at most 10 tags per call.
  for (let i = 0; i < changed.length; i += 10) await kinesis(ctx, 'AddTagsToStream', { StreamName: name, Tags: Object.fromEntries(changed.slice(i, i + 10)) });
}

/**
 * AWS::Kinesis::Stream on kinesalite. StreamEncryption is accepted and not applied (kinesalite has no
 * encryption); a shard-count change replaces the stream, losing its records, as kinesalite has no UpdateShardCount.
 */
export const kinesisStream: ResourceHandler = {
  async create(logicalId, props, ctx) {
    const name = streamName(logicalId, props, ctx);
    await kinesis(ctx, 'CreateStream', { StreamName: name, ShardCount: shardCount(props) });
    await waitActive(ctx, name);
    await setRetention(ctx, name, DEFAULT_RETENTION_HOURS, Number(props.RetentionPeriodHours ?? DEFAULT_RETENTION_HOURS));
    await syncTags(ctx, name, props);
    const { StreamARN } = await summary(ctx, name);
    return { type: 'AWS::Kinesis::Stream', physicalId: name, attributes: { Arn: StreamARN! } };
  },
  async update(logicalId, props, previous, ctx) {
    const name = streamName(logicalId, props, ctx);
    const current = name === previous.physicalId ? await summary(ctx, name) : undefined;
    if (!current || current.OpenShardCount !== shardCount(props)) return replaceResource(kinesisStream, name, logicalId, props, previous, ctx);
    await setRetention(ctx, name, current.RetentionPeriodHours!, Number(props.RetentionPeriodHours ?? DEFAULT_RETENTION_HOURS));
    await syncTags(ctx, name, props);
    return previous;
  },
  async remove(previous, _props, ctx) {
    try {
      await kinesis(ctx, 'DeleteStream', { StreamName: previous.physicalId });
    } catch (e) {
      if (isServiceError(e) && e.code === 'ResourceNotFoundException') return;
      throw e;
    }
    // Wait until the name is free again, so a replacement under the same name can be created.
    await pollUntil(`Kinesis stream ${previous.physicalId} to be deleted`, async () => {
      try {
        await summary(ctx, previous.physicalId);
        return undefined;
      } catch (e) {
        if (isServiceError(e) && e.code === 'ResourceNotFoundException') return true;
        throw e;
      }
    });
  },
};
