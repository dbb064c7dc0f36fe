import { DescribeExecutionCommand, ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { control } from '../helpers/control-plane';
import { failure, useRuntime } from '../helpers/runtime';
import { createMachine, eventOf, start, stateMachineRole } from '../helpers/sfn';

const env = useRuntime();

describe('POST /_keydrill/reset', () => {
  it('forgets state machines and executions, running ones included, and new ones run afterwards', async () => {
    const role = await stateMachineRole(env.clients.iam, 'sfn-reset-role');
    const waiting = await createMachine(env.clients.sfn, 'waiting', { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } }, role);
    const executionArn = await start(env.clients.sfn, waiting, {});
    await eventOf(env.clients.sfn, executionArn, 'WaitStateEntered');
    expect((await control(env.runtime, 'reset', { method: 'POST' })).status).toBe(200);
    expect((await env.clients.sfn.send(new ListStateMachinesCommand({}))).stateMachines).toEqual([]);
    expect(await failure(env.clients.sfn.send(new DescribeExecutionCommand({ executionArn })))).toMatchObject({ name: 'ExecutionDoesNotExist' });
    // The reset's Wait never comes back: advancing past it changes nothing.
    await control(env.runtime, 'clock', { method: 'POST', body: { advanceSeconds: 120 } });
    const again = await createMachine(env.clients.sfn, 'after-reset', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, await stateMachineRole(env.clients.iam, 'sfn-reset-role-2'));
    const next = await start(env.clients.sfn, again, {});
    await eventOf(env.clients.sfn, next, 'ExecutionSucceeded');
    expect(await failure(env.clients.sfn.send(new DescribeExecutionCommand({ executionArn })))).toMatchObject({ name: 'ExecutionDoesNotExist' });
  });
});
