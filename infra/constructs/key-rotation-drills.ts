import { ArnFormat, Duration, Stack, Validations, aws_dynamodb as dynamodb, aws_events as events, aws_events_targets as targets, aws_iam as iam, aws_lambda as lambda, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_ROTATION_DRILL_ASL, KEY_ROTATION_DRILL_NAME, type KeyRotationDrillSubstitutions } from '../../statemachines/key-rotation-drill.substitutions';
import { PROJECT_ROOT } from '../../runtime/core/paths';
import { KEY_POLICY_SIDS } from './drill-key-policy';
import type { DrillKeys } from './drill-keys';
import { keydrillFunction } from './local-entry';

export interface KeyRotationDrillsProps {
  /** The ledger drilled (its name, or a Ref to it so everything here is created after it). */
  readonly ledgerName: string;
  readonly drillKeys: DrillKeys;
  /** The application's role: the probe acts as it, and the steady-state checks read as it. */
  readonly appRole: iam.IRole;
  /** keydrill's alerts bus: the drill files its alerts and raises "Drill Rollback Incomplete" there. */
  readonly alertBus: events.IEventBus;
  /** The results table (the contract's PROGRESS / REPORT items and the engine's own). */
  readonly resultsTable: dynamodb.ITable;
  /** The report publisher every drill ends with. */
  readonly reportPublisher: lambda.IFunction;
  /** The projection table whose PROGRESS item preflight compares with the ledger's tip. */
  readonly projectionTable: dynamodb.ITable;
  /** How far the projection may lag before preflight refuses a drill. @default Duration.minutes(1) */
  readonly maxProjectionLag?: Duration;
}

/** Where the drill functions' code is, relative to the project root: the runtime runs it from source. */
export const DRILL_ENTRIES = {
  step: 'functions/drill-step/handler.ts',
  probe: 'functions/drill-probe/handler.ts',
  events: 'functions/drill-events/handler.ts',
} as const;

/** What the drill role may do on the drill keys: exactly the scenarios' calls and the baseline's reads (key policies name it). */
export const DRILL_KEY_ACTIONS = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:PutKeyPolicy',
  'kms:ListGrants',
  'kms:RevokeGrant',
  'kms:DisableKey',
  'kms:EnableKey',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
  'kms:ListKeyRotations',
  'kms:UpdateAlias',
] as const;

/** What QLDB does with the caller's identity when the drill moves the ledger to a key (UpdateLedger). */
const MOVE_LEDGER_ACTIONS = ['kms:CreateGrant', 'kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:DescribeKey'] as const;

/** The probe's administrator reads and the probe table it makes. */
const PROBE_PARTIQL_ACTIONS = ['PartiQLCreateTable', 'PartiQLSelect', 'PartiQLInsert'] as const;

function validateKeyRotationDrillsProps(props: KeyRotationDrillsProps): void {
  const lag = (props.maxProjectionLag ?? Duration.minutes(1)).toMilliseconds();
  if (lag < 1000 || lag > 15 * 60_000) throw new Error(`maxProjectionLag must be from 1 s to 15 min (preflight waits that long at most), got ${lag} ms`);
}

/**
 * The KeyRotationDrill state machine (statemachines/key-rotation-drill.asl.json, docs/drills.md), its three
 * functions with their own least-privilege roles, the rules that file alerts and KMS rotation events under the
 * running drill, and the stop rule that rolls back an execution that was stopped or timed out.
 */
export class KeyRotationDrills extends Construct {
  public readonly stepFunction: NodejsFunction;
  public readonly probeFunction: NodejsFunction;
  public readonly eventsFunction: NodejsFunction;
  public readonly stateMachine: sfn.StateMachine;
  public readonly alertsRule: events.Rule;
  public readonly rotationRule: events.Rule;
  public readonly stopRule: events.Rule;

  private readonly publisher: lambda.IFunction;

  constructor(scope: Construct, id: string, props: KeyRotationDrillsProps) {
    super(scope, id);
    this.publisher = props.reportPublisher;
    validateKeyRotationDrillsProps(props);
    const stack = Stack.of(this);
    const ledgerArn = stack.formatArn({ service: 'qldb', resource: 'ledger', resourceName: props.ledgerName });
    const executionsArn = stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${KEY_ROTATION_DRILL_NAME}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const keys = props.drillKeys;

    this.probeFunction = this.buildFunction('ProbeFunction', DRILL_ENTRIES.probe, 'Drill probe: reads and writes as the application and an administrator for a whole scenario', Duration.minutes(15), {
      LEDGER_NAME: props.ledgerName,
      RESULTS_TABLE_NAME: props.resultsTable.tableName,
      APP_ROLE_ARN: props.appRole.roleArn,
    });
    this.stepFunction = this.buildFunction('StepFunction', DRILL_ENTRIES.step, 'Drill steps: preflight, baseline, disrupt, await, restore, rollback, report', Duration.minutes(15), {
      LEDGER_NAME: props.ledgerName,
      RESULTS_TABLE_NAME: props.resultsTable.tableName,
      PROJECTION_TABLE_NAME: props.projectionTable.tableName,
      MAX_PROJECTION_LAG_MS: String((props.maxProjectionLag ?? Duration.minutes(1)).toMilliseconds()),
      LEDGER_ALIAS: keys.ledgerAlias.aliasName,
      DRILL_KEY_ARNS: stack.toJsonString({ ledger: keys.ledgerKey.keyArn, rotate: keys.rotateKey.keyArn, standby: keys.standbyKey.keyArn, noAccess: keys.noAccessKey.keyArn }),
      APP_ROLE_ARN: props.appRole.roleArn,
      ALERT_BUS_NAME: props.alertBus.eventBusName,
      REPORT_PUBLISHER_FUNCTION: props.reportPublisher.functionName,
    });
    this.stepFunction.addEnvironment('DRILL_ROLE_ARN', this.stepFunction.role!.roleArn);
    this.eventsFunction = this.buildFunction('EventsFunction', DRILL_ENTRIES.events, 'Files alerts and KMS rotation events under the running drill', Duration.seconds(30), {
      LEDGER_NAME: props.ledgerName,
      RESULTS_TABLE_NAME: props.resultsTable.tableName,
    });

    this.grantDrillRole(props, ledgerArn, executionsArn);
    this.grantProbe(props, ledgerArn);
    props.resultsTable.grantReadWriteData(this.eventsFunction);

    this.stateMachine = new sfn.StateMachine(this, 'KeyRotationDrill', {
      stateMachineName: KEY_ROTATION_DRILL_NAME,
      // Inline (fromString, not fromFile's S3 asset): the template then carries the definition itself, as the runtime deploys it.
      definitionBody: sfn.DefinitionBody.fromString(readFileSync(join(PROJECT_ROOT, KEY_ROTATION_DRILL_ASL), 'utf8')),
      definitionSubstitutions: {
        DrillStepFunctionArn: this.stepFunction.functionArn,
        DrillProbeFunctionArn: this.probeFunction.functionArn,
        ReportPublisherFunctionArn: props.reportPublisher.functionArn,
      } satisfies KeyRotationDrillSubstitutions,
    });
    for (const fn of [this.stepFunction, this.probeFunction, props.reportPublisher]) fn.grantInvoke(this.stateMachine);

    // A drill's alerts come from keydrill's own functions on the alerts bus; KMS's rotation event only reaches the
    // default bus (https://docs.aws.amazon.com/kms/latest/developerguide/kms-events.html).
    this.alertsRule = new events.Rule(this, 'AlertsRule', { description: 'Files keydrill alerts under the running drill', eventBus: props.alertBus, eventPattern: { source: ['keydrill.ledger'] }, targets: [new targets.LambdaFunction(this.eventsFunction, { retryAttempts: 2 })] });
    this.rotationRule = new events.Rule(this, 'RotationRule', { description: 'Files KMS key rotations under the running drill', eventPattern: { source: ['aws.kms'], detailType: ['KMS CMK Rotation'] }, targets: [new targets.LambdaFunction(this.eventsFunction, { retryAttempts: 2 })] });
    // StopExecution and the execution's TimeoutSeconds end it without its own rollback: this starts one.
    // https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-integration.html
    this.stopRule = new events.Rule(this, 'StopRule', {
      description: 'Rolls back a key-rotation drill that was stopped or timed out',
      eventPattern: { source: ['aws.states'], detailType: ['Step Functions Execution Status Change'], detail: { status: ['ABORTED', 'TIMED_OUT'], stateMachineArn: [this.stateMachine.stateMachineArn] } },
      targets: [new targets.LambdaFunction(this.stepFunction, { retryAttempts: 2 })],
    });
    this.acknowledgeNagFindings();
  }

  private buildFunction(id: string, entry: string, description: string, timeout: Duration, environment: Record<string, string>): NodejsFunction {
    return keydrillFunction(this, id, { entry, description, timeout, environment });
  }

  /** The drill role: the scenarios' KMS calls through the key policies, the ledger's key changes, its own tables. */
  private grantDrillRole(props: KeyRotationDrillsProps, ledgerArn: string, executionsArn: string): void {
    const role = this.stepFunction.role!;
    const viaQldb = { StringEquals: { 'kms:ViaService': `qldb.${Stack.of(this).region}.amazonaws.com` } };
    for (const key of props.drillKeys.keys) {
      key.addToResourcePolicy(new iam.PolicyStatement({ sid: KEY_POLICY_SIDS.drillMayDisrupt, principals: [new iam.ArnPrincipal(role.roleArn)], actions: [...DRILL_KEY_ACTIONS], resources: ['*'] }));
      key.addToResourcePolicy(new iam.PolicyStatement({ sid: KEY_POLICY_SIDS.drillMayMoveLedger, principals: [new iam.ArnPrincipal(role.roleArn)], actions: [...MOVE_LEDGER_ACTIONS], resources: ['*'], conditions: viaQldb }));
    }
    const aliasArn = Stack.of(this).formatArn({ service: 'kms', resource: 'alias', resourceName: props.drillKeys.ledgerAlias.aliasName.replace(/^alias\//, '') });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'PointTheLedgerAlias', actions: ['kms:UpdateAlias'], resources: [aliasArn] }));
    // ListAliases has no resource: https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ListAliases', actions: ['kms:ListAliases'], resources: ['*'] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'DescribeAndRekeyTheLedger', actions: ['qldb:DescribeLedger', 'qldb:UpdateLedger', 'qldb:GetDigest'], resources: [ledgerArn] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ActAsTheApplication', actions: ['sts:AssumeRole'], resources: [props.appRole.roleArn] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'CheckTheLockHolder', actions: ['states:DescribeExecution'], resources: [executionsArn] }));
    props.resultsTable.grantReadWriteData(role);
    // Only the projector's PROGRESS item is read, by key: no index access.
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ReadProjectionProgress', actions: ['dynamodb:GetItem'], resources: [props.projectionTable.tableArn] }));
    props.alertBus.grantPutEventsTo(role);
    props.reportPublisher.grantInvoke(role);
  }

  /** The probe: the application role (assumed) and its own role as the administrator, which every drill key lets decrypt. */
  private grantProbe(props: KeyRotationDrillsProps, ledgerArn: string): void {
    const role = this.probeFunction.role!;
    props.drillKeys.allowKeydrillFunction(role);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ActAsTheApplication', actions: ['sts:AssumeRole'], resources: [props.appRole.roleArn] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ReadTheLedger', actions: ['qldb:SendCommand', 'qldb:DescribeLedger'], resources: [ledgerArn] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ProbeTable', actions: PROBE_PARTIQL_ACTIONS.map((a) => `qldb:${a}`), resources: [`${ledgerArn}/table/*`, `${ledgerArn}/information_schema/user_tables`] }));
    props.resultsTable.grantReadWriteData(role);
  }

  private acknowledgeNagFindings(): void {
    const versionsOf = (fn: lambda.IFunction) => `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(fn.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`;
    const invokeReason = "lambda:InvokeFunction on the function's versions and aliases (CDK's grantInvoke): the function is this construct's own, or the stack's report publisher.";
    Validations.of(this.stepFunction).acknowledge(
      { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', reason: 'kms:ListAliases has no resource type (https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html); it is the only action granted on *.' },
      { id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${KEY_ROTATION_DRILL_NAME}:*]`, reason: "states:DescribeExecution on this state machine's executions only: the lock holder's execution ARN is known only at run time." },
      { id: versionsOf(this.publisher), reason: invokeReason },
    );
    Validations.of(this.probeFunction).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:qldb:<AWS::Region>:<AWS::AccountId>:ledger/<Ledger>/table/*]',
      reason: 'QLDB table ARNs carry table ids that exist only once the probe table is created through PartiQL; the wildcard is limited to this ledger and to create, select and insert.',
    });
    Validations.of(this.stateMachine).acknowledge(
      ...[this.stepFunction, this.probeFunction, this.publisher].map((fn) => ({ id: versionsOf(fn), reason: invokeReason })),
      { id: 'AwsSolutions::AwsSolutions-SF1', reason: 'Every drill step records what it did in the results table (PROGRESS, BASELINE, WINDOW, ROLLBACK, REPORT) and the execution history keeps each state; the embedded runtime has no CloudWatch Logs to deliver to.' },
      { id: 'AwsSolutions::AwsSolutions-SF2', reason: 'X-Ray is not served by the embedded runtime; the execution history and the results table carry the timeline a trace would.' },
    );
  }
}
