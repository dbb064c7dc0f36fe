import { ArnFormat, Duration, Stack, Token, Validations, aws_events as events, aws_events_targets as targets, aws_iam as iam, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIO_NAMES } from '../../functions/domain/drills/scenarios';
import { suitePlan } from '../../functions/domain/drills/suite-plan';
import { PROJECT_ROOT } from '../../runtime/core/paths';
import { DRILL_SUITE_ASL, DRILL_SUITE_NAME, type DrillSuiteSubstitutions } from '../../statemachines/drill-suite.substitutions';
import type { DrillResults } from './drill-results';
import { keydrillFunction } from './local-entry';

/**
 * Starts the suite on a schedule: the stack's continuous verification. Apart from the schedule, these are the
 * suite's input members (docs/drill-suite.md), passed to every scheduled run.
 */
export interface ContinuousVerificationProps {
  /** When the suite runs (an EventBridge schedule: rate() or cron()). */
  readonly schedule: events.Schedule;
  /** Which scenarios, in order. @default every scenario, catalogue order */
  readonly scenarios?: readonly string[];
  /** Resolve and check everything, change nothing (a continuous check that the drills could run). @default false */
  readonly dryRun?: boolean;
  /** The drill probe's pace. @default the drill's own (docs/drills.md#input) */
  readonly probe?: { readonly intervalMs?: number };
  /** The drill's deadlines, in milliseconds. @default the drill's own (docs/drills.md#input) */
  readonly timeouts?: { readonly impactMs?: number; readonly recoveryMs?: number; readonly rollbackMs?: number };
}

export interface DrillSuiteProps {
  /** The KeyRotationDrill state machine each scenario runs as a nested execution. */
  readonly drill: sfn.IStateMachine;
  /** Its fixed name (a plain string, not a token): the suite's role may follow and stop that machine's executions only. */
  readonly drillName: string;
  /** The results table (scenario reports are read back from it) and the report publisher. */
  readonly results: DrillResults;
  /** @default no schedule: the suite runs only when started */
  readonly continuousVerification?: ContinuousVerificationProps;
}

export const DRILL_SUITE_ENTRY = 'functions/drill-suite/handler.ts';

/** The input each scheduled suite starts with: the members given, nothing else. */
export function scheduledSuiteInput({ schedule: _schedule, ...input }: ContinuousVerificationProps): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

export function validateDrillSuiteProps(props: DrillSuiteProps): void {
  if (Token.isUnresolved(props.drillName)) throw new Error('drillName must be the drill state machine\'s fixed name, not a token (it scopes the suite role\'s execution ARNs)');
  if (!props.continuousVerification) return;
  const { scenarios, ...options } = scheduledSuiteInput(props.continuousVerification) as { scenarios?: readonly string[] };
  if (scenarios !== undefined) {
    if (scenarios.length === 0) throw new Error('continuousVerification.scenarios must name at least one scenario (leave it out for all of them)');
    const unknown = scenarios.filter((s) => !(SCENARIO_NAMES as readonly string[]).includes(s));
    if (unknown.length) throw new Error(`continuousVerification.scenarios: unknown scenario ${unknown.join(', ')} (the scenarios are ${SCENARIO_NAMES.join(', ')})`);
  }
  // The options by the suite's own rules, so a schedule never starts a suite that refuses its input.
  try {
    suitePlan(options);
  } catch (e) {
    throw new Error(`continuousVerification: ${(e as Error).message.replace(/^invalid suite input: /, '')}`);
  }
}

/**
 * DrillSuite (README "Drills"): runs KeyRotationDrill once per scenario as nested executions and publishes one
 * SuiteReport; optionally started on a schedule. Its role may start the drill and follow and stop the drill's
 * executions, nothing else of Step Functions.
 */
export class DrillSuite extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  public readonly suiteFunction: NodejsFunction;
  /** Publishes the STOPPED report of a suite that was stopped or timed out (it never reaches its own Publish). */
  public readonly stopRule: events.Rule;
  /** The continuous-verification schedule, when the stack asks for one. */
  public readonly schedule?: events.Rule;

  constructor(scope: Construct, id: string, props: DrillSuiteProps) {
    super(scope, id);
    validateDrillSuiteProps(props);
    const { results, drill } = props;

    this.suiteFunction = keydrillFunction(this, 'Function', {
      description: 'DrillSuite steps: checks the suite input, aggregates the scenario reports; reports a stopped suite',
      entry: DRILL_SUITE_ENTRY,
      // A stopped suite's report waits for the running drill's own STOPPED report (functions/drill-suite/stopped.ts).
      timeout: Duration.minutes(5),
      environment: { RESULTS_TABLE_NAME: results.table.tableName, DRILL_STATE_MACHINE_ARN: drill.stateMachineArn, REPORT_PUBLISHER_FUNCTION: results.publisher.functionName },
    });
    this.grantSuiteFunction(props);

    const substitutions: DrillSuiteSubstitutions = {
      DrillSuiteFunctionArn: this.suiteFunction.functionArn,
      KeyRotationDrillStateMachineArn: drill.stateMachineArn,
      ReportPublisherFunctionArn: results.publisher.functionArn,
      DrillResultsTableName: results.table.tableName,
    };
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: DRILL_SUITE_NAME,
      definitionBody: sfn.DefinitionBody.fromString(readFileSync(join(PROJECT_ROOT, DRILL_SUITE_ASL), 'utf8')),
      definitionSubstitutions: { ...substitutions },
      tracingEnabled: true,
    });
    this.grantSuiteRole(this.stateMachine.role, props);

    // StopExecution and the suite's TimeoutSeconds end it before Aggregate and Publish: this reports it STOPPED.
    // https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-integration.html
    this.stopRule = new events.Rule(this, 'StopRule', {
      description: 'Publishes the STOPPED report of a drill suite that was stopped or timed out',
      eventPattern: { source: ['aws.states'], detailType: ['Step Functions Execution Status Change'], detail: { status: ['ABORTED', 'TIMED_OUT'], stateMachineArn: [this.stateMachine.stateMachineArn] } },
      targets: [new targets.LambdaFunction(this.suiteFunction, { retryAttempts: 2 })],
    });

    if (props.continuousVerification) {
      this.schedule = new events.Rule(this, 'ContinuousVerification', {
        description: 'Continuous verification: starts the drill suite on a schedule',
        schedule: props.continuousVerification.schedule,
        targets: [new targets.SfnStateMachine(this.stateMachine, { input: events.RuleTargetInput.fromObject(scheduledSuiteInput(props.continuousVerification)), retryAttempts: 2 })],
      });
    }
    this.acknowledgeNagFindings(props.drillName);
  }

  /**
   * It reads REPORT items by key; for a stopped suite it also describes the drill's executions (to find those the
   * suite started) and invokes the report publisher (unqualified: no version or alias ARN is granted).
   */
  private grantSuiteFunction({ drillName, results }: DrillSuiteProps): void {
    const statements = [
      new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [results.table.tableArn] }),
      new iam.PolicyStatement({ sid: 'FindTheStoppedSuitesDrills', actions: ['states:DescribeExecution'], resources: [this.drillExecutionsArn(drillName)] }),
      new iam.PolicyStatement({ sid: 'PublishTheStoppedSuitesReport', actions: ['lambda:InvokeFunction'], resources: [results.publisher.functionArn] }),
    ];
    for (const statement of statements) this.suiteFunction.addToRolePolicy(statement);
  }

  private drillExecutionsArn(drillName: string): string {
    return Stack.of(this).formatArn({ service: 'states', resource: 'execution', resourceName: `${drillName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }

  /**
   * What a `states:startExecution.sync:2` task needs (https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html):
   * StartExecution on the drill, DescribeExecution and StopExecution on its executions, and the managed rule
   * through which Step Functions learns that a nested execution ended.
   */
  private grantSuiteRole(role: iam.IRole, { drill, drillName, results }: DrillSuiteProps): void {
    const drillExecutions = this.drillExecutionsArn(drillName);
    const managedRule = Stack.of(this).formatArn({ service: 'events', resource: 'rule', resourceName: 'StepFunctionsGetEventsForStepFunctionsExecutionRule' });
    const statements = [
      new iam.PolicyStatement({ sid: 'StartTheDrill', actions: ['states:StartExecution'], resources: [drill.stateMachineArn] }),
      new iam.PolicyStatement({ sid: 'FollowAndStopDrillExecutions', actions: ['states:DescribeExecution', 'states:StopExecution'], resources: [drillExecutions] }),
      new iam.PolicyStatement({ sid: 'NestedExecutionCompletionRule', actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'], resources: [managedRule] }),
      // The suite's PROGRESS item, by key.
      new iam.PolicyStatement({ sid: 'RecordProgress', actions: ['dynamodb:PutItem'], resources: [results.table.tableArn] }),
      // The tasks invoke the functions unqualified, so no version or alias ARN (`:*`) is granted.
      new iam.PolicyStatement({ sid: 'InvokeTheSuiteSteps', actions: ['lambda:InvokeFunction'], resources: [this.suiteFunction.functionArn, results.publisher.functionArn] }),
    ];
    for (const statement of statements) role.addToPrincipalPolicy(statement);
  }

  private acknowledgeNagFindings(drillName: string): void {
    Validations.of(this.suiteFunction).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${drillName}:*]`,
      reason: 'A stopped suite\'s drills are found by their names, derived from the suite execution at run time; the wildcard covers only the KeyRotationDrill state machine\'s executions, for DescribeExecution alone.',
    });
    Validations.of(this.stateMachine).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-SF1',
        reason: 'Each drill and the suite keep their observations and reports in the results table and the ledger; the embedded runtime has no CloudWatch Logs to deliver execution logs to.',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${drillName}:*]`,
        reason: 'Execution ARNs end in names chosen when each nested drill starts; the wildcard covers only the KeyRotationDrill state machine\'s executions, for Describe and Stop, as a .sync task requires.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray tracing (the state machine traces its executions): xray:PutTraceSegments and the other X-Ray actions CDK grants support no resource-level permissions (https://docs.aws.amazon.com/xray/latest/devguide/security_iam_service-with-iam.html).',
      },
    );
  }
}
