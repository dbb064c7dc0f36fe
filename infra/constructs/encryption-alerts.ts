import { Duration, RemovalPolicy, Stack, Token, Validations, aws_dynamodb as dynamodb, aws_events as events, aws_events_targets as targets, aws_iam as iam, aws_kinesis as kinesis, aws_lambda as lambda } from 'aws-cdk-lib';
import { KinesisEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { keyAtRiskPattern } from '../../functions/domain/alerts/key-at-risk';
import { ALERTS_PARTITION_KEY, ALERTS_SORT_KEY, STATUS_PARTITION_KEY, STATUS_SORT_KEY } from '../../functions/domain/alerts/schema';
import { PROJECT_ROOT } from '../../runtime/core/paths';
import { runFromSource } from './local-entry';

export interface EncryptionAlertsProps {
  /** The ledger watched (its name, or a Ref to it so the functions are created after it). */
  readonly ledgerName: string;
  /** The bus the alerts are published to. */
  readonly alertBus: events.IEventBus;
  /** The ledger's journal stream: the alerts function reads it through its own event source mapping. */
  readonly journalStream: kinesis.IStream;
  /** The projection table whose PROGRESS item the monitor compares with the ledger's tip. */
  readonly projectionTable: dynamodb.ITable;
  /** Aliases the stack names (`alias/…`): re-pointing one raises "Ledger Key At Risk". @default [] */
  readonly watchedAliases?: readonly string[];
  /**
   * How often the monitor checks the ledger (an EventBridge schedule: whole minutes).
   * @default Duration.minutes(1)
   */
  readonly monitorInterval?: Duration;
  /** How long the stream function reuses a DescribeLedger reading. @default Duration.seconds(1) */
  readonly describeCacheTime?: Duration;
  /** How long the projection may stay behind the ledger's tip before "Journal Projection Lagging". @default Duration.minutes(1) */
  readonly maxProjectionLag?: Duration;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** Where the alert functions' code is, relative to the project root: the runtime runs it from source. */
export const ALERT_ENTRIES = {
  stream: 'functions/alerts-stream/handler.ts',
  monitor: 'functions/alerts-monitor/handler.ts',
  keyAtRisk: 'functions/key-at-risk/handler.ts',
} as const;

const ALIAS = /^alias\/[a-zA-Z0-9/_-]+$/;

function validateEncryptionAlertsProps(props: EncryptionAlertsProps): void {
  for (const alias of props.watchedAliases ?? []) {
    if (!Token.isUnresolved(alias) && !ALIAS.test(alias)) throw new Error(`watchedAliases entries are alias names (alias/…), got "${alias}"`);
  }
  const minutes = (props.monitorInterval ?? Duration.minutes(1)).toSeconds() / 60;
  // EventBridge schedules run in whole minutes (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html).
  if (!Number.isInteger(minutes) || minutes < 1) throw new Error(`monitorInterval must be a whole number of minutes, at least 1, got ${minutes} min`);
  const cache = (props.describeCacheTime ?? Duration.seconds(1)).toMilliseconds();
  if (cache > 60_000) throw new Error(`describeCacheTime must be at most 60 s (a longer cache delays every alert from the stream), got ${cache} ms`);
}

/**
 * Encryption-status alerts (README "Alerts"): a function on the journal stream and a scheduled monitor that
 * compare DescribeLedger's EncryptionDescription with the status recorded in DynamoDB, a function on the
 * default bus's KMS CloudTrail events for the early warning, and the alerts table that keeps every alert.
 * Each function has its own role with only what it needs.
 */
export class EncryptionAlerts extends Construct {
  public readonly statusTable: dynamodb.Table;
  public readonly alertsTable: dynamodb.Table;
  public readonly streamFunction: NodejsFunction;
  public readonly monitor: NodejsFunction;
  public readonly keyAtRiskFunction: NodejsFunction;
  public readonly monitorSchedule: events.Rule;
  public readonly keyAtRiskRule: events.Rule;

  constructor(scope: Construct, id: string, props: EncryptionAlertsProps) {
    super(scope, id);
    validateEncryptionAlertsProps(props);
    const ledgerArn = Stack.of(this).formatArn({ service: 'qldb', resource: 'ledger', resourceName: props.ledgerName });

    const string = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    const tableDefaults = { billingMode: dynamodb.BillingMode.PAY_PER_REQUEST, pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true }, removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN };
    this.statusTable = new dynamodb.Table(this, 'StatusTable', { partitionKey: string(STATUS_PARTITION_KEY), sortKey: string(STATUS_SORT_KEY), ...tableDefaults });
    this.alertsTable = new dynamodb.Table(this, 'AlertsTable', { partitionKey: string(ALERTS_PARTITION_KEY), sortKey: string(ALERTS_SORT_KEY), ...tableDefaults });

    const environment = { LEDGER_NAME: props.ledgerName, STATUS_TABLE_NAME: this.statusTable.tableName, ALERTS_TABLE_NAME: this.alertsTable.tableName, ALERT_BUS_NAME: props.alertBus.eventBusName };
    const describeLedger = new iam.PolicyStatement({ actions: ['qldb:DescribeLedger'], resources: [ledgerArn] });

    this.streamFunction = this.buildFunction('StreamFunction', ALERT_ENTRIES.stream, 'Raises encryption-status alerts from the journal stream', {
      ...environment,
      DESCRIBE_CACHE_MS: String((props.describeCacheTime ?? Duration.seconds(1)).toMilliseconds()),
    });
    this.streamFunction.addToRolePolicy(describeLedger);
    // LATEST: the function is told the ledger is committing; the journal's past says nothing about its status now.
    this.streamFunction.addEventSource(new KinesisEventSource(props.journalStream, { startingPosition: lambda.StartingPosition.LATEST, batchSize: 100, maxBatchingWindow: Duration.seconds(1), retryAttempts: 3 }));

    this.monitor = this.buildFunction('Monitor', ALERT_ENTRIES.monitor, 'Checks the ledger encryption status and the projection lag on a schedule', {
      ...environment,
      PROJECTION_TABLE_NAME: props.projectionTable.tableName,
      MAX_PROJECTION_LAG_MS: String((props.maxProjectionLag ?? Duration.minutes(1)).toMilliseconds()),
    });
    this.monitor.addToRolePolicy(new iam.PolicyStatement({ actions: ['qldb:DescribeLedger', 'qldb:GetDigest'], resources: [ledgerArn] }));
    // Only the PROGRESS item is read, by key: no index access.
    this.monitor.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [props.projectionTable.tableArn] }));
    this.monitorSchedule = new events.Rule(this, 'MonitorSchedule', { description: 'Runs the encryption-status monitor', schedule: events.Schedule.rate(props.monitorInterval ?? Duration.minutes(1)), targets: [new targets.LambdaFunction(this.monitor, { retryAttempts: 2 })] });

    this.keyAtRiskFunction = this.buildFunction('KeyAtRiskFunction', ALERT_ENTRIES.keyAtRisk, 'Raises Ledger Key At Risk from KMS CloudTrail events', {
      ...environment,
      LEDGER_ARN: ledgerArn,
      WATCHED_ALIASES: (props.watchedAliases ?? []).join(','),
    });
    this.keyAtRiskFunction.addToRolePolicy(describeLedger);
    // CloudTrail's KMS events reach only the default bus (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html).
    this.keyAtRiskRule = new events.Rule(this, 'KeyAtRiskRule', { description: 'KMS calls that can take the ledger key away', eventPattern: keyAtRiskPattern(), targets: [new targets.LambdaFunction(this.keyAtRiskFunction, { retryAttempts: 2 })] });

    for (const fn of [this.streamFunction, this.monitor]) {
      this.statusTable.grantReadWriteData(fn);
    }
    this.statusTable.grantReadData(this.keyAtRiskFunction);
    for (const fn of [this.streamFunction, this.monitor, this.keyAtRiskFunction]) {
      this.alertsTable.grantReadWriteData(fn);
      props.alertBus.grantPutEventsTo(fn);
    }
    this.acknowledgeNagFindings();
  }

  private buildFunction(id: string, entry: string, description: string, environment: Record<string, string>): NodejsFunction {
    const fn = new NodejsFunction(this, id, {
      description,
      entry: join(PROJECT_ROOT, entry),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      timeout: Duration.seconds(30),
      memorySize: 256,
      environment,
    });
    runFromSource(fn, entry);
    return fn;
  }

  private acknowledgeNagFindings(): void {
    for (const fn of [this.streamFunction, this.monitor, this.keyAtRiskFunction]) {
      Validations.of(fn).acknowledge(
        {
          id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: 'The AWS-managed basic execution policy only lets the function write its own CloudWatch logs.',
        },
        { id: 'AwsSolutions::AwsSolutions-L1', reason: 'nodejs22.x is the newest Node.js runtime this CDK version offers that the project supports (Node 20+).' },
      );
    }
  }
}
