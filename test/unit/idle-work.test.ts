import { setTimeout as sleep } from 'node:timers/promises';
import { IdleWork } from '../../runtime/backends/idle-work';

const IDLE_MS = 30;

function counted(fail = 0) {
  const runs: number[] = [];
  let failures = fail;
  const work = new IdleWork(
    IDLE_MS,
    async () => {
      runs.push(Date.now());
      if (failures-- > 0) throw new Error('compaction failed (test)');
    },
    false,
  );
  return { work, runs };
}

afterEach(() => jest.restoreAllMocks());

/** Positive outcomes are waited for (a loaded machine delays timers); negative ones are checked after a fixed wait. */
async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check() && Date.now() < deadline) await sleep(10);
}

test('runs once after requests that made it due, when none is active for the idle time', async () => {
  const { work, runs } = counted();
  work.started();
  work.ended(true);
  work.started();
  await sleep(IDLE_MS * 3);
  expect(runs).toHaveLength(0); // a request is still active
  work.ended(false);
  await until(() => runs.length > 0);
  await sleep(IDLE_MS * 3);
  expect(runs).toHaveLength(1);
  expect(work.isDue).toBe(false);
  await work.stop();
});

test('requests that do not make it due never start it', async () => {
  const { work, runs } = counted();
  work.started();
  work.ended(false);
  await sleep(IDLE_MS * 4);
  expect(runs).toHaveLength(0);
  await work.stop();
});

test('a failed run makes it due again, and it runs again after the next idle time', async () => {
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const { work, runs } = counted(1);
  work.started();
  work.ended(true);
  await until(() => runs.length > 1);
  expect(runs).toHaveLength(2);
  expect(work.isDue).toBe(false);
  await work.stop();
});

test('after stop nothing runs, and the work stays due (for the stop to do itself)', async () => {
  const { work, runs } = counted();
  work.started();
  work.ended(true);
  await work.stop();
  await sleep(IDLE_MS * 4);
  expect(runs).toHaveLength(0);
  expect(work.isDue).toBe(true);
});
