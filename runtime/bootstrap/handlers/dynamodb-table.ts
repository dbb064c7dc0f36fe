import type { DescribeTableOutput, DescribeTimeToLiveOutput, GlobalSecondaryIndexDescription, TableDescription } from '@aws-sdk/client-dynamodb';
import { pollUntil } from '../../core/poll';
import { found, generatedName, ignoring, replace, type CreateRequest, type DeployContext, type Props, type ResourceHandler } from '../resource-handler';

const tableName = ({ logicalId, props }: CreateRequest, ctx: DeployContext): string => props.TableName ?? generatedName(ctx, logicalId, 255);

/** CloudFormation's GSI properties are the API's, plus settings DynamoDB Local does not model. */
const gsiInput = ({ ContributorInsightsSpecification: _ci, WarmThroughput: _wt, ...gsi }: Props) => gsi;

/** CloudFormation gives only the view type; its presence means the stream is enabled. */
const streamInput = (props: Props) => (props.StreamSpecification ? { StreamEnabled: true, StreamViewType: props.StreamSpecification.StreamViewType } : undefined);

const describe = async (ctx: DeployContext, name: string) => (await ctx.call<DescribeTableOutput>('dynamodb', 'DescribeTable', { TableName: name })).Table!;

/** CloudFormation waits until the table and every index are ACTIVE. */
const waitActive = (ctx: DeployContext, name: string) =>
  pollUntil(`DynamoDB table ${name} to become ACTIVE`, async () => {
    const table = await describe(ctx, name);
    const indexesReady = (table.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
    return table.TableStatus === 'ACTIVE' && indexesReady ? table : undefined;
  });

const attributesOf = (table: TableDescription): Record<string, string> => ({
  Arn: table.TableArn!,
  ...(table.LatestStreamArn && table.StreamSpecification?.StreamEnabled ? { StreamArn: table.LatestStreamArn } : {}),
});

async function applyTimeToLive(ctx: DeployContext, name: string, props: Props): Promise<void> {
  const wanted = props.TimeToLiveSpecification;
  const { TimeToLiveDescription: current } = await ctx.call<DescribeTimeToLiveOutput>('dynamodb', 'DescribeTimeToLive', { TableName: name });
  const enabled = current?.TimeToLiveStatus === 'ENABLED' || current?.TimeToLiveStatus === 'ENABLING';
  if (wanted?.Enabled) {
    if (enabled && current?.AttributeName === wanted.AttributeName) return;
    if (enabled) await ctx.call('dynamodb', 'UpdateTimeToLive', { TableName: name, TimeToLiveSpecification: { Enabled: false, AttributeName: current!.AttributeName } });
    await ctx.call('dynamodb', 'UpdateTimeToLive', { TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: wanted.AttributeName } });
  } else if (enabled) {
    await ctx.call('dynamodb', 'UpdateTimeToLive', { TableName: name, TimeToLiveSpecification: { Enabled: false, AttributeName: current!.AttributeName } });
  }
}

/** Index changes go one per UpdateTable call, as AWS requires; each must settle before the next. */
async function applyIndexes(ctx: DeployContext, name: string, props: Props, current: GlobalSecondaryIndexDescription[]): Promise<void> {
  const wanted: Props[] = props.GlobalSecondaryIndexes ?? [];
  const same = (a: Props, b: GlobalSecondaryIndexDescription) => JSON.stringify([a.KeySchema, a.Projection]) === JSON.stringify([b.KeySchema, b.Projection]);
  for (const index of current) {
    const match = wanted.find((w) => w.IndexName === index.IndexName);
    if (!match || !same(match, index)) {
      await ctx.call('dynamodb', 'UpdateTable', { TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: index.IndexName } }] });
      await waitActive(ctx, name);
    }
  }
  for (const index of wanted) {
    const existing = current.find((c) => c.IndexName === index.IndexName);
    if (existing && same(index, existing)) continue;
    await ctx.call('dynamodb', 'UpdateTable', { TableName: name, AttributeDefinitions: props.AttributeDefinitions, GlobalSecondaryIndexUpdates: [{ Create: gsiInput(index) }] });
    await waitActive(ctx, name);
  }
}

/** Billing mode, throughput, stream and deletion protection: what UpdateTable changes in place. */
async function applyTableSettings(ctx: DeployContext, name: string, props: Props, table: TableDescription): Promise<void> {
  const billingMode = props.BillingMode ?? 'PROVISIONED';
  if ((table.BillingModeSummary?.BillingMode ?? 'PROVISIONED') !== billingMode || (billingMode === 'PROVISIONED' && !sameThroughput(props.ProvisionedThroughput, table))) {
    await ctx.call('dynamodb', 'UpdateTable', { TableName: name, BillingMode: billingMode, ProvisionedThroughput: props.ProvisionedThroughput });
    await waitActive(ctx, name);
  }
  const stream = streamInput(props);
  const currentStream = table.StreamSpecification?.StreamEnabled ? table.StreamSpecification : undefined;
  if (currentStream?.StreamViewType !== stream?.StreamViewType) {
    if (currentStream) await ctx.call('dynamodb', 'UpdateTable', { TableName: name, StreamSpecification: { StreamEnabled: false } });
    if (stream) await ctx.call('dynamodb', 'UpdateTable', { TableName: name, StreamSpecification: stream });
    await waitActive(ctx, name);
  }
  if (Boolean(props.DeletionProtectionEnabled) !== Boolean(table.DeletionProtectionEnabled)) {
    await ctx.call('dynamodb', 'UpdateTable', { TableName: name, DeletionProtectionEnabled: Boolean(props.DeletionProtectionEnabled) });
  }
}

const sameThroughput = (wanted: Props | undefined, table: TableDescription) =>
  Number(wanted?.ReadCapacityUnits) === table.ProvisionedThroughput?.ReadCapacityUnits && Number(wanted?.WriteCapacityUnits) === table.ProvisionedThroughput?.WriteCapacityUnits;

/** Changing these replaces the table in CloudFormation too. */
const needsReplacement = (props: Props, table: TableDescription) =>
  JSON.stringify(props.KeySchema) !== JSON.stringify(table.KeySchema) ||
  JSON.stringify((props.LocalSecondaryIndexes ?? []).map((i: Props) => i.IndexName).sort()) !== JSON.stringify((table.LocalSecondaryIndexes ?? []).map((i) => i.IndexName).sort());

/**
 * AWS::DynamoDB::Table on DynamoDB Local. Ignored (not modelled locally): PointInTimeRecoverySpecification,
 * ContributorInsightsSpecification, KinesisStreamSpecification, ImportSourceSpecification, ResourcePolicy.
 */
export const dynamodbTable: ResourceHandler = {
  async create(req, ctx) {
    const { props } = req;
    const name = tableName(req, ctx);
    await ctx.call('dynamodb', 'CreateTable', {
      TableName: name,
      KeySchema: props.KeySchema,
      AttributeDefinitions: props.AttributeDefinitions,
      BillingMode: props.BillingMode,
      ProvisionedThroughput: props.ProvisionedThroughput,
      OnDemandThroughput: props.OnDemandThroughput,
      GlobalSecondaryIndexes: props.GlobalSecondaryIndexes?.map(gsiInput),
      LocalSecondaryIndexes: props.LocalSecondaryIndexes,
      StreamSpecification: streamInput(props),
      SSESpecification: props.SSESpecification,
      TableClass: props.TableClass,
      DeletionProtectionEnabled: props.DeletionProtectionEnabled,
      Tags: props.Tags?.length ? props.Tags : undefined,
    });
    await waitActive(ctx, name);
    await applyTimeToLive(ctx, name, props);
    return { type: 'AWS::DynamoDB::Table', physicalId: name, attributes: attributesOf(await describe(ctx, name)) };
  },
  async update(req, ctx) {
    const { props, previous } = req;
    const name = tableName(req, ctx);
    const sameName = name === previous.physicalId;
    const table = sameName ? await describe(ctx, name) : undefined;
    if (!table || needsReplacement(props, table)) return replace(dynamodbTable, req, ctx, { order: sameName ? 'delete-first' : 'create-first' });
    await applyTableSettings(ctx, name, props, table);
    await applyIndexes(ctx, name, props, table.GlobalSecondaryIndexes ?? []);
    await applyTimeToLive(ctx, name, props);
    return { type: 'AWS::DynamoDB::Table', physicalId: name, attributes: attributesOf(await describe(ctx, name)) };
  },
  async remove(previous, ctx) {
    await ignoring(['ResourceNotFoundException'], ctx.call('dynamodb', 'DeleteTable', { TableName: previous.physicalId }));
  },
  exists: (previous, ctx) => found(['ResourceNotFoundException'], ctx.call('dynamodb', 'DescribeTable', { TableName: previous.physicalId })),
};
