import { DescribeExecutionCommand, ListExecutionsCommand, StopExecutionCommand, type ExecutionListItem } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { SCENARIO_NAMES } from '../../functions/domain/drills/scenarios';
import type { SuiteReport } from '../../functions/domain/drills/suite-report';
import { OUTPUT_KEYS } from '../../infra/stacks/output-keys';
import { pollUntil } from '../../runtime/core/poll';
import { settled, start } from '../helpers/sfn';
import { drillMachine, FAST, restorableState, useDrillStack } from './key-rotation-drill.fixture';

/**
 * DrillSuite on the deployed stack, through client-sfn: it refuses a bad input before any drill starts, runs the
 * scenarios one at a time as nested KeyRotationDrill executions, keeps going when one breaks (a fault injected
 * through /_keydrill/faults), and publishes one SuiteReport made of each drill's own published report.
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

test('stopping the suite stops the drill it is running, and that drill still rolls back and reports STOPPED', async () => {
  const before = await restorableState(env);
  const earlier = new Set((await drillExecutions()).map((e) => e.executionArn));
  const arn = await start(env.clients.sfn, suiteMachine(), { scenarios: ['disable-key'], ...FAST });
  // Wait until the nested drill has disabled the key and is waiting for its impact.
  const child = await pollUntil('the nested drill to be disrupting', async () => {
    const nested = (await drillExecutions()).find((e) => !earlier.has(e.executionArn));
    const step = nested && (await item(nested.executionArn!, 'PROGRESS'))?.step;
    return typeof step === 'string' && step.startsWith('await impact') ? nested!.executionArn! : undefined;
  });
  await env.clients.sfn.send(new StopExecutionCommand({ executionArn: arn, error: 'Suite.Stopped', cause: 'drill-suite test' }));
  expect((await settled(env.clients.sfn, arn)).status).toBe('ABORTED');
  expect((await settled(env.clients.sfn, child)).status).toBe('ABORTED');
  const report = await pollUntil('the stopped drill to publish its report', async () => item(child, 'REPORT'));
  expect(report).toMatchObject({ kind: 'drill', verdict: 'STOPPED' });
  expect(JSON.parse(report.report).rollback).toMatchObject({ restored: true });
  expect(await restorableState(env)).toEqual(before);
  expect((await env.clients.sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).output).toBeUndefined();
});
