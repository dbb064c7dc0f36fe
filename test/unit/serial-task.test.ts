import { SerialTask } from '../../runtime/core/serial-task';

/** A task whose runs are recorded and end only when the test says so. */
function gatedTask() {
  const runs: { release: () => void }[] = [];
  let active = 0;
  let maxActive = 0;
  const task = new SerialTask(async () => {
    active++;
    maxActive = Math.max(maxActive, active);
    await new Promise<void>((release) => runs.push({ release }));
    active--;
  });
  const turn = () => new Promise((r) => setImmediate(r));
  return { task, runs, turn, maxActive: () => maxActive };
}

describe('SerialTask', () => {
  it('never runs twice at once, and serves every request made during a run by one more run after it', async () => {
    const { task, runs, turn, maxActive } = gatedTask();
    const first = task.run();
    const during = [task.run(), task.run(), task.run()];
    await turn();
    expect(runs).toHaveLength(1);
    runs[0].release();
    await first;
    await turn();
    expect(runs).toHaveLength(2);
    runs[1].release();
    await Promise.all(during);
    expect(runs).toHaveLength(2);
    expect(maxActive()).toBe(1);
  });

  it('idle() waits for the queued run too', async () => {
    const { task, runs, turn } = gatedTask();
    void task.run();
    void task.run();
    let idle = false;
    void task.idle().then(() => (idle = true));
    await turn();
    runs[0].release();
    await turn();
    await turn();
    expect(idle).toBe(false);
    runs[1].release();
    await turn();
    await turn();
    expect(idle).toBe(true);
  });

  it('a failed run rejects its callers and does not block the next one', async () => {
    let fail = true;
    const task = new SerialTask(async () => {
      if (fail) throw new Error('boom');
    });
    await expect(task.run()).rejects.toThrow('boom');
    fail = false;
    await expect(task.run()).resolves.toBeUndefined();
  });
});
