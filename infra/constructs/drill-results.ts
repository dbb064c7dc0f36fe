import { Duration, RemovalPolicy, Stack, Validations, aws_dynamodb as dynamodb, aws_events as events, aws_iam as iam, aws_lambda as lambda } from 'aws-cdk-lib';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { RESULTS_PARTITION_KEY, RESULTS_SORT_KEY } from '../../functions/domain/reports/publication';
import { PROJECT_ROOT } from '../../runtime/core/paths';
import { runFromSource } from './local-entry';

export interface DrillResultsProps {
  /** The ledger whose DrillReports table keeps every published report (its name, or a Ref to it). */
  readonly ledgerName: string;
  /** The bus the "… Completed" events are put on. */
  readonly alertBus: events.IEventBus;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export const REPORT_PUBLISHER_ENTRY = 'functions/report-publisher/handler.ts';

/** The PartiQL the publisher needs: make DrillReports and its index once, then read and insert documents. */
const PUBLISHER_PARTIQL_ACTIONS = ['PartiQLCreateTable', 'PartiQLCreateIndex', 'PartiQLSelect', 'PartiQLInsert'] as const;

/**
 * Where drills and lifecycle runs keep what they observed and what they concluded (functions/domain/reports):
 * the results table, and the report publisher every workflow calls at its end.
 */
export class DrillResults extends Construct {
  public readonly table: dynamodb.Table;
  public readonly publisher: NodejsFunction;

  constructor(scope: Construct, id: string, props: DrillResultsProps) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: RESULTS_PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      sortKey: { name: RESULTS_SORT_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.publisher = new NodejsFunction(this, 'Publisher', {
      description: 'Publishes a drill or lifecycle report: results table, the ledger DrillReports table, the alerts bus',
      entry: join(PROJECT_ROOT, REPORT_PUBLISHER_ENTRY),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      timeout: Duration.seconds(60),
      memorySize: 256,
      environment: { RESULTS_TABLE_NAME: this.table.tableName, ALERT_BUS_NAME: props.alertBus.eventBusName, LEDGER_NAME: props.ledgerName },
    });
    runFromSource(this.publisher, REPORT_PUBLISHER_ENTRY);
    this.table.grantReadWriteData(this.publisher);
    props.alertBus.grantPutEventsTo(this.publisher);

    const ledgerArn = Stack.of(this).formatArn({ service: 'qldb', resource: 'ledger', resourceName: props.ledgerName });
    this.publisher.addToRolePolicy(new iam.PolicyStatement({ actions: ['qldb:SendCommand'], resources: [ledgerArn] }));
    this.publisher.addToRolePolicy(
      new iam.PolicyStatement({ actions: PUBLISHER_PARTIQL_ACTIONS.map((a) => `qldb:${a}`), resources: [`${ledgerArn}/table/*`, `${ledgerArn}/information_schema/user_tables`] }),
    );
    Validations.of(this.publisher).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The AWS-managed basic execution policy only lets the function write its own CloudWatch logs.',
      },
      { id: 'AwsSolutions::AwsSolutions-L1', reason: 'nodejs22.x is the newest Node.js runtime this CDK version offers that the project supports (Node 20+).' },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:qldb:<AWS::Region>:<AWS::AccountId>:ledger/<Ledger>/table/*]',
        reason: 'QLDB table ARNs carry table ids that exist only once DrillReports is created through PartiQL; the wildcard is limited to this ledger and to create, select and insert.',
      },
    );
  }
}
