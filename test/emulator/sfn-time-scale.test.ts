import { useRuntime } from '../helpers/runtime';
import { createMachine, history, settled, start, stateMachineRole } from '../helpers/sfn';

const env = useRuntime({ sfnTimeScale: 0.001 });

describe('the sfnTimeScale option', () => {
  it('scales a Wait: 600 seconds at 0.001 last 0.6 s of the runtime clock, without advancing it', async () => {
    const role = await stateMachineRole(env.clients.iam, 'sfn-scaled-role');
    const machine = await createMachine(env.clients.sfn, 'scaled-wait', { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 600, End: true } } }, role);
    const executionArn = await start(env.clients.sfn, machine, {});
    expect((await settled(env.clients.sfn, executionArn)).status).toBe('SUCCEEDED');
    const events = await history(env.clients.sfn, executionArn);
    const entered = events.find((e) => e.type === 'WaitStateEntered')!.timestamp!.getTime();
    const exited = events.find((e) => e.type === 'WaitStateExited')!.timestamp!.getTime();
    expect(exited - entered).toBeGreaterThanOrEqual(590);
    // The scaled length, not the written one: the state machine never waited its 600 seconds.
    expect(exited - entered).toBeLessThan(600_000);
  });
});
