import { Duration, RemovalPolicy, Stack, Validations, aws_dynamodb as dynamodb, aws_iam as iam, aws_kinesis as kinesis, aws_lambda as lambda, aws_qldb as qldb, aws_sqs as sqs } from 'aws-cdk-lib';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { INDEX_KEY_ATTRIBUTE, LIVE_TABLE_ATTRIBUTE, PARTITION_KEY, PROJECTION_INDEXES, QUARANTINE_KEY, SORT_KEY } from '../../functions/domain/projection/schema';
import { PROJECT_ROOT } from '../../runtime/core/paths';
import { runFromSource } from './local-entry';

export interface JournalProjectionProps {
  /** The ledger whose journal is streamed and projected. */
  readonly ledgerName: string;
  /** @default 'keydrill-journal' */
  readonly streamName?: string;
  /**
   * Kinesis shards of the journal stream: QLDB spreads records over them with random partition keys.
   * @default 2
   */
  readonly shardCount?: number;
  /** Ledger tables to project; `['*']` projects every table. @default ['*'] */
  readonly projectedTables?: readonly string[];
  /** `Table.attribute` pairs served by the byIndexedValue index (one attribute per table). @default [] */
  readonly indexedAttributes?: readonly string[];
  /**
   * Retries of a failing batch before its pointer record goes to the on-failure queue.
   * @default 10
   */
  readonly retryAttempts?: number;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** Where the projector's code is, relative to the project root: the runtime runs it from source. */
export const PROJECTOR_ENTRY = 'functions/projector/handler.ts';

const INDEXED_ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/;

function validateJournalProjectionProps(props: JournalProjectionProps): void {
  const shards = props.shardCount ?? 2;
  if (!Number.isInteger(shards) || shards < 1 || shards > 16) throw new Error(`shardCount must be an integer from 1 to 16, got ${shards}`);
  for (const pair of props.indexedAttributes ?? []) {
    if (!INDEXED_ATTRIBUTE.test(pair)) throw new Error(`indexedAttributes entries are Table.attribute, got "${pair}"`);
  }
  const tables = (props.indexedAttributes ?? []).map((pair) => pair.split('.')[0]);
  const repeated = tables.find((table, i) => tables.indexOf(table) !== i);
  if (repeated) throw new Error(`indexedAttributes names table ${repeated} twice: one indexed attribute per table`);
  const retries = props.retryAttempts ?? 10;
  if (!Number.isInteger(retries) || retries < 0 || retries > 10000) throw new Error(`retryAttempts must be an integer from 0 to 10000, got ${retries}`);
}

/**
 * The ledger's journal streamed to Kinesis (AWS::QLDB::Stream), and the projector Lambda that keeps an
 * exact, queryable copy of every document in DynamoDB, with a quarantine table for poison records and
 * an SQS queue for the pointer records of batches that exhausted their retries.
 */
export class JournalProjection extends Construct {
  public readonly stream: kinesis.Stream;
  public readonly journalStream: qldb.CfnStream;
  public readonly projectionTable: dynamodb.Table;
  public readonly quarantineTable: dynamodb.Table;
  public readonly failedBatches: sqs.Queue;
  public readonly projector: NodejsFunction;

  constructor(scope: Construct, id: string, props: JournalProjectionProps) {
    super(scope, id);
    validateJournalProjectionProps(props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.stream = new kinesis.Stream(this, 'Stream', {
      streamName: props.streamName ?? 'keydrill-journal',
      shardCount: props.shardCount ?? 2,
      encryption: kinesis.StreamEncryption.MANAGED,
      retentionPeriod: Duration.hours(168),
    });

    // QLDB writes to the stream with this role (docs/qldb-streams.md#kinesis-delivery).
    const streamRole = new iam.Role(this, 'StreamRole', {
      description: 'QLDB writes the ledger journal to the Kinesis stream as this role',
      assumedBy: new iam.ServicePrincipal('qldb.amazonaws.com'),
    });
    streamRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:DescribeStream', 'kinesis:ListShards'],
        resources: [this.stream.streamArn],
      }),
    );

    this.journalStream = new qldb.CfnStream(this, 'JournalStream', {
      ledgerName: props.ledgerName,
      streamName: 'keydrill-projection',
      roleArn: streamRole.roleArn,
      // Earlier than any ledger: QLDB then streams the whole journal from its first block.
      inclusiveStartTime: '2020-01-01T00:00:00Z',
      kinesisConfiguration: { streamArn: this.stream.streamArn, aggregationEnabled: true },
    });
    this.journalStream.node.addDependency(streamRole);

    const string = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    const tableDefaults = {
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy,
    };
    this.projectionTable = new dynamodb.Table(this, 'ProjectionTable', { partitionKey: string(PARTITION_KEY), sortKey: string(SORT_KEY), ...tableDefaults });
    this.projectionTable.addGlobalSecondaryIndex({ indexName: PROJECTION_INDEXES.byTable, partitionKey: string(LIVE_TABLE_ATTRIBUTE), sortKey: string('documentId') });
    this.projectionTable.addGlobalSecondaryIndex({ indexName: PROJECTION_INDEXES.byIndexedValue, partitionKey: string(INDEX_KEY_ATTRIBUTE), sortKey: string('documentId') });
    this.quarantineTable = new dynamodb.Table(this, 'QuarantineTable', { partitionKey: string(QUARANTINE_KEY), ...tableDefaults });

    this.failedBatches = new sqs.Queue(this, 'FailedBatches', { enforceSSL: true, retentionPeriod: Duration.days(14), removalPolicy });

    this.projector = new NodejsFunction(this, 'Projector', {
      description: 'Projects QLDB journal stream records into the DynamoDB projection table',
      entry: join(PROJECT_ROOT, PROJECTOR_ENTRY),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      // A batch can carry thousands of revisions (aggregated records); locally DynamoDB Local is the bottleneck.
      timeout: Duration.seconds(60),
      memorySize: 512,
      environment: {
        PROJECTION_TABLE_NAME: this.projectionTable.tableName,
        QUARANTINE_TABLE_NAME: this.quarantineTable.tableName,
        PROJECTED_TABLES: (props.projectedTables ?? ['*']).join(','),
        INDEXED_ATTRIBUTES: (props.indexedAttributes ?? []).join(','),
      },
    });
    runFromSource(this.projector, PROJECTOR_ENTRY);
    this.projectionTable.grantReadWriteData(this.projector);
    this.quarantineTable.grantWriteData(this.projector);

    // Poison records are quarantined by the projector itself; what reaches the queue is a batch that kept
    // failing for a transient reason (DynamoDB unavailable) past every retry: its pointer says what to re-read.
    this.projector.addEventSource(
      new KinesisEventSource(this.stream, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        // No batching window: a batch leaves as soon as records are there (the projection is a live view, lag
        // well under a second); under load batches fill by themselves while the previous invocation runs, and the
        // projector writes a whole batch as transactions of up to 100 writes (docs/projection-throughput.md).
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(0),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: props.retryAttempts ?? 10,
        onFailure: new SqsDlq(this.failedBatches),
      }),
    );

    this.acknowledgeNagFindings();
  }

  private acknowledgeNagFindings(): void {
    const stack = Stack.of(this);
    Validations.of(this.projector).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The AWS-managed basic execution policy only lets the function write its own CloudWatch logs.',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.projectionTable.node.defaultChild as dynamodb.CfnTable)}.Arn>/index/*]`,
        reason: 'Reading the projection through its global secondary indexes (byTable, byIndexedValue) needs the index ARNs, which CDK grants as index/*.',
      },
      { id: 'AwsSolutions::AwsSolutions-L1', reason: 'nodejs22.x is the newest Node.js runtime this CDK version offers that the project supports (Node 20+).' },
    );
    Validations.of(this.failedBatches).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'This queue is itself the on-failure destination of the projector\'s event source mapping; it holds pointer records for an operator, not work to redrive.',
    });
    Validations.of(this.stream).acknowledge({
      id: 'AwsSolutions::AwsSolutions-KDS3',
      reason: 'The journal stream uses the AWS-managed Kinesis key: the ledger data it carries is already protected by the ledger key, and a drill must never make the stream unreadable.',
    });
  }
}
