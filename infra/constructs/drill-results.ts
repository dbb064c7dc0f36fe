import { Duration, RemovalPolicy, Stack, Validations, aws_dynamodb as dynamodb, aws_events as events, aws_iam as iam } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { RESULTS_PARTITION_KEY, RESULTS_SORT_KEY } from '../../functions/domain/reports/publication';
import { keydrillFunction } from './local-entry';

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

    this.publisher = keydrillFunction(this, 'Publisher', {
      description: 'Publishes a drill or lifecycle report: results table, the ledger DrillReports table, the alerts bus',
      entry: REPORT_PUBLISHER_ENTRY,
      timeout: Duration.seconds(60),
      environment: { RESULTS_TABLE_NAME: this.table.tableName, ALERT_BUS_NAME: props.alertBus.eventBusName, LEDGER_NAME: props.ledgerName },
    });
    this.table.grantReadWriteData(this.publisher);
    props.alertBus.grantPutEventsTo(this.publisher);

    const ledgerArn = Stack.of(this).formatArn({ service: 'qldb', resource: 'ledger', resourceName: props.ledgerName });
    this.publisher.addToRolePolicy(new iam.PolicyStatement({ actions: ['qldb:SendCommand'], resources: [ledgerArn] }));
    this.publisher.addToRolePolicy(
      new iam.PolicyStatement({ actions: PUBLISHER_PARTIQL_ACTIONS.map((a) => `qldb:${a}`), resources: [`${ledgerArn}/table/*`, `${ledgerArn}/information_schema/user_tables`] }),
    );
    Validations.of(this.publisher).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:qldb:<AWS::Region>:<AWS::AccountId>:ledger/<Ledger>/table/*]',
        reason: 'QLDB table ARNs carry table ids that exist only once DrillReports is created through PartiQL; the wildcard is limited to this ledger and to create, select and insert.',
      },
    );
  }
}
