import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeExecutionCommand, ListExecutionsCommand, StopExecutionCommand, type ExecutionListItem } from '@aws-sdk/client-sfn';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { SCENARIO_NAMES } from '../../functions/domain/drills/scenarios';
import { nestedDrillName, nestedExecutionArn } from '../../functions/domain/drills/suite-plan';
import type { SuiteReport } from '../../functions/domain/drills/suite-report';
import { OUTPUT_KEYS } from '../../infra/stacks/output-keys';
import { pollUntil } from '../../runtime/core/poll';
import { qldbDriver } from '../helpers/qldb';
import { settled, start } from '../helpers/sfn';
import { drillMachine, FAST, restorableState, useDrillStack } from './key-rotation-drill.fixture';

/**
 * DrillSuite on the deployed stack, through client-sfn: it refuses a bad input before any drill starts, runs the
 * scenarios one at a time as nested KeyRotationDrill executions, keeps going when one breaks (a fault injected
 * through /_keydrill/faults), and publishes one SuiteReport made of each drill's own published report; a suite
 * stopped in the middle publishes a STOPPED one.
 */
jest.setTimeout(240_000);

const env = useDrillStack('drill-suite');
const suiteMachine = () => env.runtime.outputs[OUTPUT_KEYS.drillSuiteStateMachineArn];
const results = () => DynamoDBDocumentClient.from(env.clients.dynamodb);
const item = async (runId: string, name: string) =>
  (await results().send(new GetCommand({ TableName: env.runtime.outputs[OUTPUT_KEYS.drillResultsTableName], Key: { runId, item: name }, ConsistentRead: true }))).Item;

async function drillExecutions(): Promise<ExecutionListItem[]> {
  const { executions = [] } = await env.clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: drillMachine(env), maxResults: 1000 }));
  return executions;
}

afterEach(() => env.runtime.faults.clear());

/** The DrillReports documents the ledger holds for a run. */
async function ledgerReports(runId: string): Promise<Array<Record<string, unknown>>> {
  const driver = qldbDriver(env.runtime, env.runtime.outputs[OUTPUT_KEYS.ledgerName]);
  try {
    const result = await driver.executeLambda((txn) => txn.execute('SELECT id, r.kind, r.verdict, r.reportSha256 FROM DrillReports AS r BY id WHERE r.runId = ?', runId));
    return result.getResultList().map((v) => JSON.parse(JSON.stringify(v)));
  } finally {
    driver.close();
  }
}

/** Subscribes a queue to the alerts bus's "Drill Suite Completed" events, as a user would; returns what it has received so far. */
async function suiteCompletedEvents(): Promise<() => Promise<Array<{ 'detail-type': string; detail: Record<string, any> }>>> {
  const { sqs, eventbridge } = env.clients;
  const bus = env.runtime.outputs[OUTPUT_KEYS.alertBusName];
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'suite-reports' }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  await eventbridge.send(new PutRuleCommand({ Name: 'suite-reports', EventBusName: bus, EventPattern: JSON.stringify({ source: ['keydrill.drills'], 'detail-type': ['Drill Suite Completed'] }) }));
  await eventbridge.send(new PutTargetsCommand({ Rule: 'suite-reports', EventBusName: bus, Targets: [{ Id: 'queue', Arn: Attributes!.QueueArn }] }));
  const received: Array<{ 'detail-type': string; detail: Record<string, any> }> = [];
  return async () => {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    received.push(...Messages.map((m) => JSON.parse(m.Body!)));
    return received;
  };
}

test('an unknown scenario fails the suite with InvalidSuiteInput before any drill starts', async () => {
  const before = (await drillExecutions()).length;
  const execution = await settled(env.clients.sfn, await start(env.clients.sfn, suiteMachine(), { scenarios: ['alias-switch', 'unplug-the-hsm'] }));
  expect(execution.status).toBe('FAILED');
  expect(execution.error).toBe('InvalidSuiteInput');
  expect(execution.cause).toContain('unknown scenario \\"unplug-the-hsm\\"');
  expect((await drillExecutions()).length).toBe(before);
});

test('without a list the suite runs every scenario, in catalogue order, with the options it was given (a dry run)', async () => {
  const before = await restorableState(env);
  const arn = await start(env.clients.sfn, suiteMachine(), { dryRun: true, ...FAST });
  const execution = await settled(env.clients.sfn, arn);
  expect([execution.status, execution.error, execution.cause]).toEqual(['SUCCEEDED', undefined, undefined]);
  const report = JSON.parse(execution.output!) as SuiteReport;
  expect(report.scenarios.map((s) => [s.scenario, s.dryRun])).toEqual(SCENARIO_NAMES.map((s) => [s, true]));
  expect(report.verdict).toBe(report.scenarios.every((s) => s.verdict === 'PASSED') ? 'PASSED' : report.scenarios.some((s) => s.verdict === 'ERROR') ? 'ERROR' : 'FAILED');
  expect(report.counts.PASSED + report.counts.FAILED + report.counts.ERROR + report.counts.STOPPED).toBe(SCENARIO_NAMES.length);
  expect(await restorableState(env)).toEqual(before);
});

test('a scenario that breaks does not stop the suite: its ERROR report is aggregated with the others, one drill at a time', async () => {
  const before = await restorableState(env);
  const earlier = new Set((await drillExecutions()).map((e) => e.executionArn));
  // The rotation itself is refused, for the drill's own role only: that drill rolls back and reports ERROR.
  env.runtime.faults.add({ service: 'kms', operation: 'RotateKeyOnDemand', principal: 'role/Keydrill-DrillsStepFunctionServiceRole', errorCode: 'AccessDeniedException', message: 'drill-suite test: rotation refused' });
  const arn = await start(env.clients.sfn, suiteMachine(), { scenarios: ['grant-revocation', 'on-demand-rotation'], ...FAST });
  const execution = await settled(env.clients.sfn, arn);
  expect([execution.status, execution.error]).toEqual(['SUCCEEDED', undefined]);
  const report = JSON.parse(execution.output!) as SuiteReport;

  expect(report.scenarios.map((s) => s.scenario)).toEqual(['grant-revocation', 'on-demand-rotation']);
  const [revocation, rotation] = report.scenarios;
  expect(revocation.verdict).toBe('PASSED');
  expect(rotation.verdict).toBe('ERROR');
  expect(JSON.stringify(rotation.error)).toContain('rotation refused');
  expect(report).toMatchObject({ verdict: 'ERROR', counts: { PASSED: 1, ERROR: 1, FAILED: 0, STOPPED: 0 } });

  // Each scenario's report is the one its own drill execution published.
  const nested = (await drillExecutions()).filter((e) => !earlier.has(e.executionArn)).sort((a, b) => a.startDate!.getTime() - b.startDate!.getTime());
  expect(nested.map((e) => e.executionArn)).toEqual([revocation.executionArn, rotation.executionArn]);
  for (const scenario of report.scenarios) expect(JSON.parse((await item(scenario.executionArn!, 'REPORT'))!.report)).toEqual(scenario);
  // One after another: the second started only once the first had ended.
  expect(nested[1].startDate!.getTime()).toBeGreaterThanOrEqual(nested[0].stopDate!.getTime());

  expect(await item(arn, 'REPORT')).toMatchObject({ kind: 'suite', verdict: 'ERROR' });
  expect(JSON.parse((await item(arn, 'REPORT'))!.report)).toEqual(report);
  expect(await item(arn, 'PROGRESS')).toMatchObject({ step: 'scenario 2 of 2: on-demand-rotation' });
  expect(await restorableState(env)).toEqual(before);
});

test('a suite stopped in the middle: the drill it runs is stopped and rolled back, and the suite publishes a STOPPED report of the finished, the stopped and the not-run scenarios', async () => {
  const before = await restorableState(env);
  const completed = await suiteCompletedEvents();
  const arn = await start(env.clients.sfn, suiteMachine(), { scenarios: ['alias-switch', 'disable-key', 'grant-revocation'], ...FAST });
  // The nested drills are named after the suite execution and their position (the plan names them).
  const [first, running, never] = (['alias-switch', 'disable-key', 'grant-revocation'] as const).map((scenario, i) => nestedExecutionArn(drillMachine(env), nestedDrillName(arn, i + 1, scenario)));
  // Wait until the second drill has disabled the key and is waiting for its impact.
  await pollUntil('the second nested drill to be disrupting', async () => {
    const step = (await item(running, 'PROGRESS'))?.step;
    return typeof step === 'string' && step.startsWith('await impact') ? true : undefined;
  });
  await env.clients.sfn.send(new StopExecutionCommand({ executionArn: arn, error: 'Suite.Stopped', cause: 'drill-suite test' }));
  expect((await settled(env.clients.sfn, arn)).status).toBe('ABORTED');
  expect((await settled(env.clients.sfn, running)).status).toBe('ABORTED');
  expect((await env.clients.sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).output).toBeUndefined();

  // The stopped drill's own stop rule rolled it back and reported it STOPPED.
  const stoppedDrill = await pollUntil('the stopped drill to publish its report', async () => item(running, 'REPORT'));
  expect(stoppedDrill).toMatchObject({ kind: 'drill', verdict: 'STOPPED' });
  expect(JSON.parse(stoppedDrill.report).rollback).toMatchObject({ restored: true });

  // The suite's stop rule published the suite's report, like every report: results table, ledger, event.
  // The publisher's last step records that the event went out.
  const published = await pollUntil('the stopped suite to publish its report', async () => ((await item(arn, 'REPORT'))?.eventPublished ? item(arn, 'REPORT') : undefined));
  expect(published).toMatchObject({ kind: 'suite', verdict: 'STOPPED' });
  const report = JSON.parse(published.report) as SuiteReport;
  expect(report.verdict).toBe('STOPPED');
  expect(report.stop).toEqual({ status: 'ABORTED', error: 'Suite.Stopped', cause: 'drill-suite test' });
  expect(report.scenarios.map((s) => [s.scenario, s.executionArn])).toEqual([['alias-switch', first], ['disable-key', running]]);
  // Each started scenario's entry is the report its own drill published: the finished one with its verdict, the running one STOPPED.
  expect(report.scenarios[0]).toEqual(JSON.parse((await item(first, 'REPORT'))!.report));
  expect(report.scenarios[0].verdict).toBe('PASSED');
  expect(report.scenarios[1]).toEqual(JSON.parse(stoppedDrill.report));
  expect(report.notRun).toEqual(['grant-revocation']);
  expect(report.counts).toEqual({ PASSED: 1, FAILED: 0, ERROR: 0, STOPPED: 1 });
  expect((await drillExecutions()).map((e) => e.executionArn)).not.toContain(never);

  const [document] = await ledgerReports(arn);
  expect(document).toMatchObject({ kind: 'suite', verdict: 'STOPPED', id: published.documentId, reportSha256: createHash('sha256').update(published.report).digest('hex') });
  const events = await pollUntil('the "Drill Suite Completed" event', async () => {
    const received = (await completed()).filter((e) => e.detail.runId === arn);
    return received.length ? received : undefined;
  });
  expect(events.map((e) => [e['detail-type'], e.detail.verdict, e.detail.documentId])).toEqual([['Drill Suite Completed', 'STOPPED', published.documentId]]);
  expect(await restorableState(env)).toEqual(before);
});
