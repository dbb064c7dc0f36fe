import { DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { Duration, aws_events as events } from 'aws-cdk-lib';
import type { SuiteReport } from '../../functions/domain/drills/suite-report';
import { OUTPUT_KEYS } from '../../infra/stacks/output-keys';
import { pollUntil } from '../../runtime/core/poll';
import { control } from '../helpers/control-plane';
import { settled } from '../helpers/sfn';
import { FAST, restorableState, useDrillStack } from './key-rotation-drill.fixture';

/**
 * Continuous verification on the deployed stack: with the stack property set, the EventBridge schedule starts the
 * DrillSuite on its own once the runtime clock reaches the schedule's first moment, with the configured input
 * (one scenario, dry run, the drill tier's compressed timings), and that suite runs and publishes its report.
 */
jest.setTimeout(180_000);

const SCHEDULE_MINUTES = 10;
const scheduledInput = { scenarios: ['alias-switch'], dryRun: true, ...FAST };
const env = useDrillStack('continuous-verification', {
  continuousVerification: { schedule: events.Schedule.rate(Duration.minutes(SCHEDULE_MINUTES)), ...scheduledInput },
});
const suiteMachine = () => env.runtime.outputs[OUTPUT_KEYS.drillSuiteStateMachineArn];
const suiteExecutions = async () => (await env.clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: suiteMachine() }))).executions ?? [];

test('the schedule starts the suite by itself, with the configured scenarios and options, once its rate has passed on the runtime clock', async () => {
  const before = await restorableState(env);
  expect(await suiteExecutions()).toEqual([]);

  // The schedule's first moment is one rate after the rule was created (at deployment).
  expect((await control(env.runtime, 'clock', { method: 'POST', body: { advanceSeconds: SCHEDULE_MINUTES * 60 } })).status).toBe(200);
  const [scheduled] = await pollUntil('the scheduled suite execution', async () => {
    const executions = await suiteExecutions();
    return executions.length ? executions : undefined;
  });
  const started = await env.clients.sfn.send(new DescribeExecutionCommand({ executionArn: scheduled.executionArn }));
  expect(JSON.parse(started.input!)).toEqual(scheduledInput);

  const execution = await settled(env.clients.sfn, scheduled.executionArn!);
  expect([execution.status, execution.error, execution.cause]).toEqual(['SUCCEEDED', undefined, undefined]);
  const report = JSON.parse(execution.output!) as SuiteReport;
  expect(report.scenarios.map((s) => [s.scenario, s.dryRun, s.verdict])).toEqual([['alias-switch', true, 'PASSED']]);
  expect(report.verdict).toBe('PASSED');
  // One rate's worth of clock started one suite, and a dry run changed nothing.
  expect((await suiteExecutions()).length).toBe(1);
  expect(await restorableState(env)).toEqual(before);
});
