import { RotateKeyOnDemandCommand } from '@aws-sdk/client-kms';
import { DeleteFunctionConcurrencyCommand, InvokeCommand, ListFunctionsCommand, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { DescribeStateMachineCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { OUTPUT_KEYS } from '../../infra/stacks/keydrill-stack';
import { control } from '../helpers/control-plane';
import { pollUntil } from '../../runtime/core/poll';
import { eventOf, settled } from '../helpers/sfn';
import { CALLERS } from './drill-faults.matrix';
import { drillMachine, useDrillStack, restorableState, runDrill, startDrill, verdictWithReasons } from './key-rotation-drill.fixture';
import type { ScenarioReport } from '../../functions/domain/drills/scenario-report';

/**
 * The drill's safety on the deployed stack: the lock refuses a second drill on the ledger while one runs, and
 * StopExecution in the middle of a disruption, or the machine's own TimeoutSeconds, still ends with the baseline
 * restored (the stop rule's rollback) and a STOPPED report; a step that fails ends ERROR, the baseline restored
 * all the same.
 */
jest.setTimeout(180_000);

const env = useDrillStack('drill-safety');
const documents = () => DynamoDBDocumentClient.from(env.clients.dynamodb);
const resultsTable = () => env.runtime.outputs[OUTPUT_KEYS.drillResultsTableName];
const item = async (runId: string, name: string) => (await documents().send(new GetCommand({ TableName: resultsTable(), Key: { runId, item: name }, ConsistentRead: true }))).Item;
const lock = () => item(`LOCK#${env.runtime.outputs[OUTPUT_KEYS.ledgerName]}`, 'LOCK');

test('two drills at once: the second is refused by the lock, the first passes and releases it; a stale lock is taken over', async () => {
  const before = await restorableState(env);
  const first = await startDrill(env, { scenario: 'disable-key' });
  await eventOf(env.clients.sfn, first, 'ParallelStateEntered');
  expect((await lock())?.owner).toBe(first);

  const second = await settled(env.clients.sfn, await startDrill(env, { scenario: 'alias-switch' }));
  expect(second).toMatchObject({ status: 'FAILED', error: 'DrillLockHeld', cause: expect.stringContaining(first) });
  // The refused run neither restored, reported nor released anything of the running drill's.
  expect(await item(second.executionArn!, 'REPORT')).toBeUndefined();
  expect((await lock())?.owner).toBe(first);

  const done = await settled(env.clients.sfn, first);
  expect(verdictWithReasons(done.output ? JSON.parse(done.output) : undefined, done)).toBe('PASSED');
  expect(await lock()).toBeUndefined();
  expect(await restorableState(env)).toEqual(before);

  // A lock left by an execution that is no longer RUNNING is stale: the next drill takes it over.
  await documents().send(new PutCommand({ TableName: resultsTable(), Item: { runId: `LOCK#${env.runtime.outputs[OUTPUT_KEYS.ledgerName]}`, item: 'LOCK', owner: first, scenario: 'disable-key', takenAt: new Date().toISOString() } }));
  const after = await runDrill(env, { scenario: 'alias-switch', dryRun: true });
  expect(verdictWithReasons(after.report, after.execution)).toBe('PASSED');
  expect(await lock()).toBeUndefined();
});

test('StopExecution in the middle of a disruption: the stop rule rolls back, publishes a STOPPED report and releases the lock', async () => {
  const before = await restorableState(env);
  const arn = await startDrill(env, { scenario: 'disable-key' });
  await pollUntil('the disruption', async () => ((await item(arn, 'WINDOW'))?.disruptedAt ? true : undefined));
  await env.clients.sfn.send(new StopExecutionCommand({ executionArn: arn, error: 'Operator', cause: 'stopped by the drill test' }));
  expect((await settled(env.clients.sfn, arn)).status).toBe('ABORTED');

  const published = await pollUntil('the STOPPED report', async () => item(arn, 'REPORT'));
  const report = JSON.parse(String(published.report)) as ScenarioReport;
  expect(report.verdict).toBe('STOPPED');
  expect(report.rollback).toMatchObject({ restored: true });
  expect(report.expectations.every((e) => e.outcome === 'STOPPED')).toBe(true);
  await pollUntil('the lock released', async () => ((await lock()) === undefined ? true : undefined));
  expect(await restorableState(env)).toEqual(before);
});

test('a step that fails (EnableKey refused once, through /_keydrill/faults): the report is ERROR with that error, and rollback still restores the baseline', async () => {
  const before = await restorableState(env);
  const fault = { service: 'kms', operation: 'EnableKey', errorCode: 'KMSInvalidStateException', message: 'injected by the drill test', status: 400, count: 1 };
  expect((await control(env.runtime, 'faults', { method: 'POST', body: fault })).status).toBe(201);
  const { execution, report } = await runDrill(env, { scenario: 'disable-key' });
  expect(execution.status).toBe('SUCCEEDED');
  expect(report!.verdict).toBe('ERROR');
  expect(report!.error).toEqual({ name: 'KMSInvalidStateException', message: 'injected by the drill test' });
  expect(report!.expectations.every((e) => e.outcome === 'ERROR')).toBe(true);
  expect(report!.rollback).toMatchObject({ restored: true });
  expect(await restorableState(env)).toEqual(before);
});

test('the probe failing at its first call: the disruption branch\'s wait, which Step Functions leaves running, ends once the rollback begins', async () => {
  const before = await restorableState(env);
  const fault = { service: '*', principal: CALLERS.probe, after: 0, count: 1, errorCode: 'AccessDeniedException', message: 'injected by the drill test', status: 400 };
  expect((await control(env.runtime, 'faults', { method: 'POST', body: fault })).status).toBe(201);
  const { report } = await runDrill(env, { scenario: 'disable-key' });
  expect(report!.verdict).toBe('ERROR');
  expect(await restorableState(env)).toEqual(before);

  // Were the abandoned wait still polling (to its 30 s timeout), it would hold the one execution allowed here.
  const { Functions = [] } = await env.clients.lambda.send(new ListFunctionsCommand({}));
  const FunctionName = Functions.find((f) => f.FunctionName?.includes('DrillsStepFunction'))!.FunctionName!;
  await env.clients.lambda.send(new PutFunctionConcurrencyCommand({ FunctionName, ReservedConcurrentExecutions: 1 }));
  try {
    const invoked = await env.clients.lambda.send(new InvokeCommand({ FunctionName, Payload: JSON.stringify({ action: 'none' }) }));
    expect(JSON.parse(Buffer.from(invoked.Payload!).toString()).errorMessage).toBe('unknown drill step action "none"');
  } finally {
    await env.clients.lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName }));
  }
});

test('on-demand-rotation on a key with more rotations than ListKeyRotations lists on a page (100): the drill reads every page and PASSES', async () => {
  const KeyId = ((await restorableState(env)) as { ledgerKey: string }).ledgerKey;
  for (let i = 0; i < 100; i++) await env.clients.kms.send(new RotateKeyOnDemandCommand({ KeyId }));
  const { report, execution } = await runDrill(env, { scenario: 'on-demand-rotation' });
  expect(verdictWithReasons(report, execution)).toBe('PASSED');
});

// Last in this file: it moves the runtime clock half an hour forward, which the tests above must not see.
test('a drill that times out (its TimeoutSeconds reached on the runtime clock, in the middle of a disruption): the stop rule rolls back exactly and publishes a STOPPED report', async () => {
  const before = await restorableState(env);
  const { definition } = await env.clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: drillMachine(env) }));
  const timeoutSeconds = (JSON.parse(definition!) as { TimeoutSeconds: number }).TimeoutSeconds;
  const arn = await startDrill(env, { scenario: 'disable-key' });
  await pollUntil('the disruption', async () => ((await item(arn, 'WINDOW'))?.disruptedAt ? true : undefined));
  // The execution's deadline is its start plus TimeoutSeconds on the runtime clock, which AWS-visible time follows (README "Control plane").
  expect((await control(env.runtime, 'clock', { method: 'POST', body: { advanceSeconds: timeoutSeconds } })).status).toBe(200);
  expect(await settled(env.clients.sfn, arn)).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });

  const published = await pollUntil('the STOPPED report', async () => item(arn, 'REPORT'));
  expect(published).toMatchObject({ kind: 'drill', verdict: 'STOPPED' });
  const report = JSON.parse(String(published.report)) as ScenarioReport;
  expect(report).toMatchObject({ verdict: 'STOPPED', scenario: 'disable-key', executionArn: arn });
  expect(report.rollback).toMatchObject({ restored: true });
  expect(report.rollback!.leftChanged).toBeUndefined();
  expect(report.expectations.every((e) => e.outcome === 'STOPPED')).toBe(true);
  await pollUntil('the lock released', async () => ((await lock()) === undefined ? true : undefined));
  expect(await restorableState(env)).toEqual(before);
});
