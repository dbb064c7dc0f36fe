import type { DescribeStreamSummaryOutput, ListTagsForStreamOutput } from '@aws-sdk/client-kinesis';
import { ON_DEMAND_SHARD_COUNT } from '../../backends';
import { pollUntil } from '../../core/poll';
import { generatedName, ignoring, replace, tagMap, type CreateRequest, type DeployContext, type Props, type ResourceHandler } from '../resource-handler';

/** AWS's default retention; longer ones are set with IncreaseStreamRetentionPeriod after creation. */
const DEFAULT_RETENTION_HOURS = 24;

const NOT_FOUND = ['ResourceNotFoundException'];

const streamName = ({ logicalId, props }: CreateRequest, ctx: DeployContext): string => props.Name ?? generatedName(ctx, logicalId, 128);

/** ON_DEMAND streams get a fixed shard count: kinesalite has no on-demand mode (see ON_DEMAND_SHARD_COUNT). */
const shardCount = (props: Props): number => (props.StreamModeDetails?.StreamMode === 'ON_DEMAND' ? ON_DEMAND_SHARD_COUNT : Number(props.ShardCount ?? 1));

const summary = async (ctx: DeployContext, name: string) =>
  (await ctx.call<DescribeStreamSummaryOutput>('kinesis', 'DescribeStreamSummary', { StreamName: name })).StreamDescriptionSummary!;

const exists = async (ctx: DeployContext, name: string) => (await ignoring(NOT_FOUND, summary(ctx, name))) !== undefined;

const waitActive = (ctx: DeployContext, name: string) =>
  pollUntil(`Kinesis stream ${name} to become ACTIVE`, async () => {
    const s = await summary(ctx, name);
    return s.StreamStatus === 'ACTIVE' ? s : undefined;
  });

async function setRetention(ctx: DeployContext, name: string, current: number, wanted: number): Promise<void> {
  if (wanted === current) return;
  const operation = wanted > current ? 'IncreaseStreamRetentionPeriod' : 'DecreaseStreamRetentionPeriod';
  await ctx.call('kinesis', operation, { StreamName: name, RetentionPeriodHours: wanted });
  await waitActive(ctx, name);
}

async function syncTags(ctx: DeployContext, name: string, props: Props): Promise<void> {
  const wanted = tagMap(props.Tags);
  const { Tags = [] } = await ctx.call<ListTagsForStreamOutput>('kinesis', 'ListTagsForStream', { StreamName: name });
  const stale = Tags.map((t) => t.Key!).filter((k) => !(k in wanted));
  if (stale.length) await ctx.call('kinesis', 'RemoveTagsFromStream', { StreamName: name, TagKeys: stale });
  const changed = Object.entries(wanted).filter(([k, v]) => Tags.find((t) => t.Key === k)?.Value !== v);
  // kinesalite, like AWS, takes at most 10 tags per call.
  for (let i = 0; i < changed.length; i += 10) await ctx.call('kinesis', 'AddTagsToStream', { StreamName: name, Tags: Object.fromEntries(changed.slice(i, i + 10)) });
}

/**
 * AWS::Kinesis::Stream on kinesalite. StreamEncryption is accepted and not applied (kinesalite has no
 * encryption); a shard-count change replaces the stream, losing its records, as kinesalite has no UpdateShardCount.
 */
export const kinesisStream: ResourceHandler = {
  async create(req, ctx) {
    const { props } = req;
    const name = streamName(req, ctx);
    await ctx.call('kinesis', 'CreateStream', { StreamName: name, ShardCount: shardCount(props) });
    await waitActive(ctx, name);
    await setRetention(ctx, name, DEFAULT_RETENTION_HOURS, Number(props.RetentionPeriodHours ?? DEFAULT_RETENTION_HOURS));
    await syncTags(ctx, name, props);
    const { StreamARN } = await summary(ctx, name);
    return { type: 'AWS::Kinesis::Stream', physicalId: name, attributes: { Arn: StreamARN! } };
  },
  async update(req, ctx) {
    const { props, previous } = req;
    const name = streamName(req, ctx);
    const sameName = name === previous.physicalId;
    const current = sameName ? await summary(ctx, name) : undefined;
    if (!current || current.OpenShardCount !== shardCount(props)) return replace(kinesisStream, req, ctx, { order: sameName ? 'delete-first' : 'create-first' });
    await setRetention(ctx, name, current.RetentionPeriodHours!, Number(props.RetentionPeriodHours ?? DEFAULT_RETENTION_HOURS));
    await syncTags(ctx, name, props);
    return previous;
  },
  async remove(previous, ctx) {
    const name = previous.physicalId;
    const deleting = await ignoring(NOT_FOUND, ctx.call('kinesis', 'DeleteStream', { StreamName: name }).then(() => true));
    if (!deleting) return;
    // Wait until the name is free again, so a replacement under the same name can be created.
    await pollUntil(`Kinesis stream ${name} to be deleted`, async () => ((await exists(ctx, name)) ? undefined : true));
  },
  exists: (previous, ctx) => exists(ctx, previous.physicalId),
};
