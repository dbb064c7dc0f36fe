import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { CfnTemplate } from '../../runtime/bootstrap/template';
import { pollUntil } from '../../runtime/core/poll';
import type { ServiceClients } from '../helpers/service-clients';
import { SCENARIO_NAMES, scenarioNamed, type ScenarioName } from '../../functions/domain/drills/scenarios';
import { drillReport, type VerdictPlan } from './cli-drill-fixtures';
import type { LifecycleReport } from '../../functions/domain/lifecycle/report';

/**
 * A stack with stand-ins for the drill engine's and the lifecycle's state machines, deployed under the
 * outputs the real ones have (the drills' contract): the CLI finds and runs them exactly as it will the real
 * ones. They write PROGRESS items and an alert as they go, hold a little so progress shows, and end with a
 * report made by the domain's scenarioReport()/suiteReport(). DrillSuite runs KeyRotationDrill as nested
 * executions, as the real suite does. A stopped (or timed-out) drill or suite gets its STOPPED report the way the
 * real ones do: a rule on the "Step Functions Execution Status Change" event starts a stop-rule stand-in that,
 * a moment later (the real one rolls back first), writes the REPORT item under the stopped execution's ARN.
 */
export interface StandInOptions {
  /** The verdict of each scenario's report (default: PASSED). */
  verdicts?: VerdictPlan;
  /** Scenarios whose stand-in waits ten minutes in the middle (for interrupting it). */
  slow?: ScenarioName[];
  /** Scenarios whose stand-in holds in the middle until a test releases it (releaseHold). */
  gated?: ScenarioName[];
  /** Scenarios whose stand-in writes its REPORT item to the results table, as the report publisher does, then fails. */
  failAfterPublishing?: ScenarioName[];
  /** The DataLifecycle stand-in's report; false leaves DataLifecycle out of the stack (as before it is merged). */
  lifecycle?: object | false;
  /** How long the DataLifecycle stand-in stays in its ingest step, at 600 of 1500 documents. */
  lifecycleIngest?: Hold;
}

/**
 * How long a stand-in stays in the middle, where its PROGRESS item shows the step: a second; ten minutes (for
 * interrupting it); or until a test that must see the step (PROGRESS is a snapshot a watch reads every 400 ms)
 * has seen it and releases it.
 */
type Hold = 'brief' | 'slow' | 'gated';

/** The results-table item under which a gated stand-in keeps the task token that releases it. */
const GATE_ITEM = 'GATE';

function hold(how: Hold = 'brief'): object {
  if (how !== 'gated') return { Type: 'Wait', Seconds: how === 'slow' ? 600 : 1 };
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::aws-sdk:dynamodb:putItem.waitForTaskToken',
    Parameters: { TableName: '${ResultsTable}', Item: { runId: { 'S.$': '$$.Execution.Id' }, item: { S: GATE_ITEM }, token: { 'S.$': '$$.Task.Token' } } },
    ResultPath: null,
  };
}

/** Lets the gated stand-in execution `runId` go on, once it holds. */
export async function releaseHold(clients: Pick<ServiceClients, 'dynamodb' | 'sfn'>, resultsTable: string, runId: string): Promise<void> {
  const Key = { runId: { S: runId }, item: { S: GATE_ITEM } };
  const token = await pollUntil(`the stand-in ${runId} to hold`, async () => (await clients.dynamodb.send(new GetItemCommand({ TableName: resultsTable, Key, ConsistentRead: true }))).Item?.token?.S);
  await clients.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
}

export const LEDGER_NAME = 'keydrill-ledger';

/** A DataLifecycle report as functions/domain/lifecycle/report.ts shapes it (typed, so the two cannot drift apart). */
export const LIFECYCLE_REPORT: LifecycleReport = {
  kind: 'lifecycle',
  verdict: 'PASSED',
  runId: 'arn:aws:states:us-east-1:000000000000:execution:stand-in:lifecycle',
  ledgerName: 'keydrill-ledger',
  startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: '2026-01-01T00:00:30.000Z',
  provision: { tables: ['DriverLicences'], tablesCreated: ['DriverLicences'], indexesCreated: ['DriverLicences.licenceId'], journalStreams: [] },
  ingest: { total: 1500, committed: 1500, skipped: 0, batches: 38, perTable: { DriverLicences: { total: 1500, committed: 1500, skipped: 0 } } },
  verify: { projected: 1500, total: 1500 },
  audit: { digest: 'AAAA', tipAddress: { strandId: 'AAAAAAAAAAAAAAAAAAAAAA', sequenceNo: 1510 }, total: 1500, verified: 1500, erased: 0 },
  erase: { subject: 'email:sha256:00', field: 'email', documents: 1, deleted: 1, redacted: 1, clean: true, ledgerHistoryClean: true, projectionClean: true, traces: [] },
};

const putProgress = (table: string, step: string, extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::dynamodb:putItem',
  Parameters: { TableName: table, Item: { runId: { 'S.$': '$$.Execution.Id' }, item: { S: 'PROGRESS' }, step: { S: step }, 'updatedAt': { 'S.$': '$$.State.EnteredTime' }, ...extra } },
  ResultPath: null,
});

const numbers = (values: Record<string, number | null | undefined>) => ({ M: Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, { N: String(v) }])) });

/** The state's entry time to the second, as EventBridge event times are (without the Z). */
const WHOLE_SECOND = "States.ArrayGetItem(States.StringSplit($$.State.EnteredTime, '.'), 0)";

/** A "Ledger Key At Risk" alert as the alerts table keeps it, raised when the state runs. */
const putAlert = (scenario: ScenarioName) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::dynamodb:putItem',
  Parameters: {
    TableName: '${AlertsTable}',
    Item: {
      ledgerName: { S: LEDGER_NAME },
      raisedAt: { 'S.$': `States.Format('{}Z#{}', ${WHOLE_SECOND}, $$.Execution.Name)` },
      alertId: { 'S.$': '$$.Execution.Name' },
      detailType: { S: 'Ledger Key At Risk' },
      time: { 'S.$': `States.Format('{}Z', ${WHOLE_SECOND})` },
      resources: { L: [] },
      detail: { S: JSON.stringify({ eventName: scenarioNamed(scenario).disruption.split(/[: ]/)[0], kmsKeyArn: 'arn:aws:kms:us-east-1:000000000000:key/ledger', userIdentity: 'drill-role' }) },
      published: { BOOL: true },
    },
  },
  ResultPath: null,
});

function drillDefinition(options: StandInOptions): object {
  const states: Record<string, object> = {
    Preflight: { ...putProgress('${ResultsTable}', 'preflight: steady state'), Next: 'Scenario' },
    Scenario: { Type: 'Choice', Choices: SCENARIO_NAMES.map((s) => ({ Variable: '$.scenario', StringEquals: s, Next: `Disrupt ${s}` })), Default: 'Unknown scenario' },
    'Unknown scenario': { Type: 'Fail', Error: 'Drill.UnknownScenario', Cause: 'the stand-in knows the catalogue only' },
  };
  for (const s of SCENARIO_NAMES) {
    const report = drillReport(s, options.verdicts?.[s]);
    const probes = report.measurements.probes.all;
    const figures = numbers({ operations: probes.operations, failures: probes.failures, availabilityPercent: probes.availabilityPercent, p50: probes.latencyMs?.p50, p99: probes.latencyMs?.p99 });
    states[`Disrupt ${s}`] = { ...putProgress('${ResultsTable}', `disrupt: ${scenarioNamed(s).disruption}`, { probes: figures }), Next: `Alert ${s}` };
    states[`Alert ${s}`] = { ...putAlert(s), Next: `Observe ${s}` };
    states[`Observe ${s}`] = { ...hold(options.slow?.includes(s) ? 'slow' : options.gated?.includes(s) ? 'gated' : 'brief'), Next: `Rollback ${s}` };
    states[`Rollback ${s}`] = { ...putProgress('${ResultsTable}', 'rollback: restore the baseline', { probes: figures }), Next: `Report ${s}` };
    if (!options.failAfterPublishing?.includes(s)) {
      states[`Report ${s}`] = { Type: 'Pass', Result: report, End: true };
      continue;
    }
    states[`Report ${s}`] = { Type: 'Pass', Result: report, ResultPath: '$.report', Next: `Publish ${s}` };
    states[`Publish ${s}`] = {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:putItem',
      Parameters: {
        TableName: '${ResultsTable}',
        Item: { runId: { 'S.$': '$$.Execution.Id' }, item: { S: 'REPORT' }, kind: { S: 'drill' }, verdict: { S: report.verdict }, report: { 'S.$': 'States.JsonToString($.report)' }, publishedAt: { 'S.$': '$$.State.EnteredTime' } },
      },
      Next: `Broken ${s}`,
    };
    states[`Broken ${s}`] = { Type: 'Fail', Error: 'Drill.AfterPublishing', Cause: 'the stand-in fails once its report is published' };
  }
  return { Comment: 'stand-in for KeyRotationDrill', StartAt: 'Preflight', States: states };
}

/** A JSONata expression on one line: the ASL schema's pattern for `{% … %}` does not span lines. */
const oneLine = (jsonata: string) => jsonata.replace(/\s*\n\s*/g, ' ');

/** The suite's verdict and counts in JSONata, as suiteReport() computes them, over the nested executions' reports. */
const AGGREGATE = oneLine(`{% (
  $reports := $states.input.reports;
  $verdicts := $reports.verdict;
  $n := function($v) { $count($filter($verdicts, function($x) { $x = $v })) };
  {
    "verdict": "ERROR" in $verdicts ? "ERROR" : "FAILED" in $verdicts ? "FAILED" : "STOPPED" in $verdicts ? "STOPPED" : "PASSED",
    "startedAt": $states.context.Execution.StartTime,
    "endedAt": $now(),
    "counts": { "PASSED": $n("PASSED"), "FAILED": $n("FAILED"), "ERROR": $n("ERROR"), "STOPPED": $n("STOPPED") },
    "scenarios": $reports
  }
) %}`);

const SUITE_DEFINITION = {
  Comment: 'stand-in for DrillSuite',
  StartAt: 'Which scenarios',
  States: {
    'Which scenarios': { Type: 'Choice', Choices: [{ Variable: '$.scenarios', IsPresent: true, Next: 'Scenarios' }], Default: 'Every scenario' },
    'Every scenario': { Type: 'Pass', Result: SCENARIO_NAMES, ResultPath: '$.scenarios', Next: 'Scenarios' },
    Scenarios: {
      Type: 'Map',
      ItemsPath: '$.scenarios',
      MaxConcurrency: 1,
      ItemProcessor: {
        StartAt: 'Drill',
        States: {
          Drill: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync:2',
            Parameters: { StateMachineArn: '${DrillArn}', Input: { 'scenario.$': '$' } },
            OutputPath: '$.Output',
            End: true,
          },
        },
      },
      ResultPath: '$.reports',
      Next: 'Aggregate',
    },
    Aggregate: { Type: 'Pass', QueryLanguage: 'JSONata', Output: AGGREGATE, End: true },
  },
};

function lifecycleDefinition(report: object, ingest: Hold | undefined): object {
  const counts = (committed: number, projected: number, verified: number) => ({
    ingest: { M: { committed: { N: String(committed) }, total: { N: '1500' } } },
    projection: { M: { projected: { N: String(projected) }, total: { N: '1500' } } },
    proofs: { M: { verified: { N: String(verified) }, total: { N: '1500' } } },
  });
  return {
    Comment: 'stand-in for DataLifecycle',
    StartAt: 'Provision',
    States: {
      Provision: { ...putProgress('${ResultsTable}', 'provision: CREATE TABLE, CREATE INDEX'), Next: 'Ingest' },
      Ingest: { ...putProgress('${ResultsTable}', 'ingest: 1500 documents', counts(600, 0, 0)), Next: 'Ingesting' },
      Ingesting: { ...hold(ingest), Next: 'Verify' },
      Verify: { ...putProgress('${ResultsTable}', 'verify: projection equals the ledger', counts(1500, 900, 0)), Next: 'Verifying' },
      Verifying: { Type: 'Wait', Seconds: 1, Next: 'Audit' },
      Audit: { ...putProgress('${ResultsTable}', 'audit: proofs against the digest', counts(1500, 1500, 1500)), Next: 'Report' },
      Report: { Type: 'Pass', Result: report, End: true },
    },
  };
}

/**
 * The STOPPED report of the stopped execution, in JSONata. A drill's: its scenario's STOPPED stand-in report.
 * A suite's, as the suite's stop rule makes it (functions/domain/drills/suite-stopped.ts): the stand-in can be
 * stopped only while a slow scenario waits, so the first slow one of its plan is the one it was running (its
 * drill's STOPPED report), those before it finished with their planned reports, and the rest are `notRun`.
 */
function stoppedReport(options: StandInOptions): string {
  const planned = Object.fromEntries(SCENARIO_NAMES.map((s) => [s, drillReport(s, options.verdicts?.[s])]));
  const stopped = Object.fromEntries(SCENARIO_NAMES.map((s) => [s, drillReport(s, 'STOPPED')]));
  return oneLine(`{% (
    $d := $states.input.detail;
    $in := $parse($d.input);
    $stopped := ${JSON.stringify(stopped)};
    $planned := ${JSON.stringify(planned)};
    $plan := $exists($in.scenarios) ? $in.scenarios : ${JSON.stringify(SCENARIO_NAMES)};
    $at := $min($map($plan, function($s, $k) { $s in ${JSON.stringify(options.slow ?? [])} ? $k : $count($plan) }));
    $reports := [$map($filter($plan, function($s, $k) { $k <= $at }), function($s, $k) { $k = $at ? $lookup($stopped, $s) : $lookup($planned, $s) })];
    $verdicts := $reports.verdict;
    $n := function($v) { $count($filter($verdicts, function($x) { $x = $v })) };
    $stop := { "status": $d.status, "error": $d.error ? $d.error, "cause": $d.cause ? $d.cause };
    $suite := {
      "verdict": "STOPPED",
      "startedAt": $fromMillis($d.startDate),
      "endedAt": $fromMillis($d.stopDate),
      "counts": { "PASSED": $n("PASSED"), "FAILED": $n("FAILED"), "ERROR": $n("ERROR"), "STOPPED": $n("STOPPED") },
      "scenarios": $reports,
      "stop": $stop,
      "notRun": [$filter($plan, function($s, $k) { $k > $at })]
    };
    $isSuite := $d.stateMachineArn = "\${SuiteArn}";
    {
      "runId": $d.executionArn,
      "kind": $isSuite ? "suite" : "drill",
      "report": $isSuite ? $suite : $merge([$lookup($stopped, $in.scenario), { "executionArn": $d.executionArn }])
    }
  ) %}`);
}

/** The stop rule's stand-in: makes the STOPPED report, "rolls back" for a moment, then publishes it as the report publisher does. */
const stopRuleDefinition = (options: StandInOptions) => ({
  Comment: "stand-in for the drill's and the suite's stop rules",
  StartAt: 'Report',
  States: {
    Report: { Type: 'Pass', QueryLanguage: 'JSONata', Output: stoppedReport(options), Next: 'Roll back' },
    'Roll back': { Type: 'Wait', Seconds: 1, Next: 'Publish' },
    // JSONPath: JSONata's $string() keeps 15 significant digits, the report publisher's JSON.stringify all of them.
    Publish: {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:putItem',
      Parameters: {
        TableName: '${ResultsTable}',
        Item: {
          runId: { 'S.$': '$.runId' },
          item: { S: 'REPORT' },
          kind: { 'S.$': '$.kind' },
          verdict: { 'S.$': '$.report.verdict' },
          report: { 'S.$': 'States.JsonToString($.report)' },
          publishedAt: { 'S.$': '$$.State.EnteredTime' },
        },
      },
      End: true,
    },
  },
});

/** The engine's stop rules, both in one: ABORTED or TIMED_OUT drills and suites start the stop-rule stand-in (infra/constructs/drill-suite.ts). */
const STOP_RULE = {
  Type: 'AWS::Events::Rule',
  Properties: {
    EventPattern: {
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['ABORTED', 'TIMED_OUT'], stateMachineArn: [{ Ref: 'KeyRotationDrill' }, { Ref: 'DrillSuite' }] },
    },
    Targets: [{ Id: 'stop-rule', Arn: { Ref: 'StopRule' }, RoleArn: { 'Fn::GetAtt': ['StandInRole', 'Arn'] } }],
  },
};

const machine = (definition: object, substitutions: Record<string, object> = {}) => ({
  Type: 'AWS::StepFunctions::StateMachine',
  Properties: {
    RoleArn: { 'Fn::GetAtt': ['StandInRole', 'Arn'] },
    DefinitionString: JSON.stringify(definition),
    DefinitionSubstitutions: { ResultsTable: { Ref: 'Results' }, AlertsTable: { Ref: 'Alerts' }, ...substitutions },
  },
});

const table = (partitionKey: string, sortKey: string) => ({
  Type: 'AWS::DynamoDB::Table',
  Properties: {
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: partitionKey, AttributeType: 'S' },
      { AttributeName: sortKey, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ],
  },
});

export function standInTemplate(options: StandInOptions = {}): CfnTemplate {
  const lifecycle = options.lifecycle === undefined ? LIFECYCLE_REPORT : options.lifecycle;
  return {
    Resources: {
      StandInRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['states.amazonaws.com', 'events.amazonaws.com'] }, Action: 'sts:AssumeRole' }] },
          Policies: [
            {
              PolicyName: 'stand-in',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: ['dynamodb:PutItem', 'states:StartExecution', 'states:DescribeExecution', 'states:StopExecution', 'events:PutTargets', 'events:PutRule', 'events:DescribeRule'], Resource: '*' }],
              },
            },
          ],
        },
      },
      Results: table('runId', 'item'),
      Alerts: table('ledgerName', 'raisedAt'),
      KeyRotationDrill: machine(drillDefinition(options)),
      DrillSuite: machine(SUITE_DEFINITION, { DrillArn: { Ref: 'KeyRotationDrill' } }),
      StopRule: machine(stopRuleDefinition(options), { SuiteArn: { Ref: 'DrillSuite' } }),
      StoppedExecutions: STOP_RULE,
      ...(lifecycle ? { DataLifecycle: machine(lifecycleDefinition(lifecycle, options.lifecycleIngest)) } : {}),
    },
    Outputs: {
      LedgerName: { Value: LEDGER_NAME },
      AlertsTableName: { Value: { Ref: 'Alerts' } },
      DrillResultsTableName: { Value: { Ref: 'Results' } },
      KeyRotationDrillStateMachineArn: { Value: { Ref: 'KeyRotationDrill' } },
      DrillSuiteStateMachineArn: { Value: { Ref: 'DrillSuite' } },
      ...(lifecycle ? { DataLifecycleStateMachineArn: { Value: { Ref: 'DataLifecycle' } } } : {}),
      StopRuleName: { Value: { Ref: 'StoppedExecutions' } },
    },
  };
}
