import { CfnOutput, Stack, Validations, type StackProps, aws_events as events, aws_iam as iam, aws_qldb as qldb } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DrillKeys } from '../constructs/drill-keys';
import { DrillResults } from '../constructs/drill-results';
import { EncryptionAlerts } from '../constructs/encryption-alerts';
import { JournalProjection } from '../constructs/journal-projection';
import { OUTPUT_KEYS } from './output-keys';

export { OUTPUT_KEYS } from './output-keys';

/** The PartiQL actions the application role has on the ledger's tables: data only, no DDL, no redaction. */
const APP_PARTIQL_ACTIONS = ['PartiQLSelect', 'PartiQLInsert', 'PartiQLUpdate', 'PartiQLDelete', 'PartiQLHistoryFunction'] as const;

/** The ledger's name: fixed, so the CLI, drills and docs can name it. */
export const LEDGER_NAME = 'keydrill-ledger';

/** The bus keydrill publishes its alerts to: fixed, so subscribers (rules, `keydrill alerts`) can name it. */
export const ALERT_BUS_NAME = 'keydrill-alerts';

export class KeydrillStack extends Stack {
  public readonly appRole: iam.Role;
  public readonly drillKeys: DrillKeys;
  public readonly ledger: qldb.CfnLedger;
  public readonly projection: JournalProjection;
  public readonly alertBus: events.EventBus;
  public readonly alerts: EncryptionAlerts;
  public readonly results: DrillResults;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    // The account root may assume it so the CLI and drills act as the application; Lambda runs as it.
    // Its KMS permissions come from the key policies, which name it; its ledger permissions from its IAM policy.
    this.appRole = new iam.Role(this, 'AppRole', {
      description: 'keydrill application: Lambdas and the CLI run as this role; key policies decide which keys it may decrypt with',
      assumedBy: new iam.CompositePrincipal(new iam.AccountRootPrincipal(), new iam.ServicePrincipal('lambda.amazonaws.com')),
    });

    this.drillKeys = new DrillKeys(this, 'DrillKeys', { appRole: this.appRole });

    // STANDARD permissions: every PartiQL command needs its own IAM action on the table (docs/qldb-partiql.md#permissions-modes).
    // The KMS key is named through its alias; QLDB resolves the alias once, when the ledger is created.
    this.ledger = new qldb.CfnLedger(this, 'Ledger', {
      name: LEDGER_NAME,
      permissionsMode: 'STANDARD',
      deletionProtection: true,
      kmsKey: this.drillKeys.ledgerAlias.aliasName,
    });
    this.ledger.node.addDependency(this.drillKeys.ledgerAlias);

    // The application reads and writes documents; tables and indexes are made by an administrator or the
    // lifecycle workflow, and redaction is not the application's to do (docs/qldb-partiql.md#permissions-modes).
    const ledgerArn = Stack.of(this).formatArn({ service: 'qldb', resource: 'ledger', resourceName: LEDGER_NAME });
    this.appRole.addToPolicy(new iam.PolicyStatement({ sid: 'SendCommandsToTheLedger', actions: ['qldb:SendCommand'], resources: [ledgerArn] }));
    this.appRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadAndWriteDocuments',
        actions: APP_PARTIQL_ACTIONS.map((a) => `qldb:${a}`),
        resources: [`${ledgerArn}/table/*`, `${ledgerArn}/information_schema/user_tables`],
      }),
    );
    Validations.of(this.appRole).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:qldb:<AWS::Region>:<AWS::AccountId>:ledger/keydrill-ledger/table/*]',
      reason: 'QLDB table ARNs carry table ids that exist only once the tables are created through PartiQL, after deployment; the wildcard is limited to this one ledger and to data actions.',
    });

    // Naming the ledger by its Ref orders the journal stream after it.
    this.projection = new JournalProjection(this, 'Projection', { ledgerName: this.ledger.ref });

    // Alerts are published here rather than on the default bus, so subscribers' rules see only keydrill's events.
    this.alertBus = new events.EventBus(this, 'AlertBus', { eventBusName: ALERT_BUS_NAME });
    this.alerts = new EncryptionAlerts(this, 'Alerts', {
      ledgerName: this.ledger.ref,
      alertBus: this.alertBus,
      journalStream: this.projection.stream,
      projectionTable: this.projection.projectionTable,
      watchedAliases: [this.drillKeys.ledgerAlias.aliasName],
    });

    // Every drill and lifecycle run keeps its observations and its report here, and publishes the report through it.
    this.results = new DrillResults(this, 'Results', { ledgerName: this.ledger.ref, alertBus: this.alertBus });
    this.drillKeys.allowKeydrillFunction(this.results.publisher.role!);

    const outputs: Record<string, string> = {
      [OUTPUT_KEYS.ledgerKeyArn]: this.drillKeys.ledgerKey.keyArn,
      [OUTPUT_KEYS.rotateKeyArn]: this.drillKeys.rotateKey.keyArn,
      [OUTPUT_KEYS.standbyKeyArn]: this.drillKeys.standbyKey.keyArn,
      [OUTPUT_KEYS.noAccessKeyArn]: this.drillKeys.noAccessKey.keyArn,
      [OUTPUT_KEYS.ledgerKeyAlias]: this.drillKeys.ledgerAlias.aliasName,
      [OUTPUT_KEYS.appRoleArn]: this.appRole.roleArn,
      [OUTPUT_KEYS.ledgerName]: this.ledger.ref,
      [OUTPUT_KEYS.journalStreamName]: this.projection.stream.streamName,
      [OUTPUT_KEYS.projectionTableName]: this.projection.projectionTable.tableName,
      [OUTPUT_KEYS.quarantineTableName]: this.projection.quarantineTable.tableName,
      [OUTPUT_KEYS.projectorFunctionName]: this.projection.projector.functionName,
      [OUTPUT_KEYS.failedBatchesQueueUrl]: this.projection.failedBatches.queueUrl,
      [OUTPUT_KEYS.alertBusName]: this.alertBus.eventBusName,
      [OUTPUT_KEYS.alertStatusTableName]: this.alerts.statusTable.tableName,
      [OUTPUT_KEYS.alertsTableName]: this.alerts.alertsTable.tableName,
      [OUTPUT_KEYS.alertMonitorFunctionName]: this.alerts.monitor.functionName,
      [OUTPUT_KEYS.drillResultsTableName]: this.results.table.tableName,
      [OUTPUT_KEYS.reportPublisherFunctionName]: this.results.publisher.functionName,
    };
    for (const [key, value] of Object.entries(outputs)) {
      new CfnOutput(this, key, { value });
    }
  }
}
