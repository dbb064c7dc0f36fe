import { AdjustableClock, DAY_MS } from '../../runtime/core/clock';
import { RuntimeTimers } from '../../runtime/core/timers';

const HOUR_MS = 60 * 60 * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Lets the work queued by a clock change run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

let clock: AdjustableClock;
let timers: RuntimeTimers;
let fired: string[];
const inMs = (ms: number) => new Date(clock.now().getTime() + ms);
const record = (name: string) => () => void fired.push(name);

beforeEach(() => {
  clock = new AdjustableClock();
  timers = new RuntimeTimers(clock);
  fired = [];
});
afterEach(() => timers.close());

describe('RuntimeTimers.at', () => {
  it('fires when the remaining wall time has passed', async () => {
    timers.at(inMs(40), record('soon'));
    await sleep(5);
    expect(fired).toEqual([]);
    await sleep(100);
    expect(fired).toEqual(['soon']);
  });

  it('fires right after the clock is advanced past the moment, and not before', async () => {
    timers.at(inMs(DAY_MS), record('tomorrow'));
    clock.advance(DAY_MS - HOUR_MS);
    await settle();
    expect(fired).toEqual([]);
    clock.advance(HOUR_MS);
    await settle();
    expect(fired).toEqual(['tomorrow']);
  });

  it('fires a moment already past soon after it is armed', async () => {
    timers.at(inMs(-DAY_MS), record('overdue'));
    expect(fired).toEqual([]);
    await sleep(20);
    expect(fired).toEqual(['overdue']);
  });

  it('waits beyond the longest setTimeout delay without firing early or overflowing it', async () => {
    // Node turns a longer delay into 1 ms, which would wake the timers every millisecond.
    const setTimeoutCalls = jest.spyOn(global, 'setTimeout');
    try {
      timers.at(inMs(30 * DAY_MS), record('next month'));
      await sleep(30);
      expect(Math.max(...setTimeoutCalls.mock.calls.map(([, delay]) => delay ?? 0))).toBeLessThanOrEqual(2 ** 31 - 1);
    } finally {
      setTimeoutCalls.mockRestore();
    }
    expect(fired).toEqual([]);
    clock.advance(30 * DAY_MS);
    await settle();
    expect(fired).toEqual(['next month']);
  });

  it('fires everything an advance passes in due order, ties in arming order', async () => {
    timers.at(inMs(3 * HOUR_MS), record('third'));
    timers.at(inMs(HOUR_MS), record('first'));
    timers.at(inMs(2 * HOUR_MS), record('second (a)'));
    timers.at(inMs(2 * HOUR_MS), record('second (b)'));
    timers.at(inMs(DAY_MS), record('later'));
    clock.advance(3 * HOUR_MS);
    await settle();
    expect(fired).toEqual(['first', 'second (a)', 'second (b)', 'third']);
  });

  it('fires each entry once', async () => {
    timers.at(inMs(HOUR_MS), record('once'));
    clock.advance(HOUR_MS);
    await settle();
    clock.advance(HOUR_MS);
    await sleep(20);
    expect(fired).toEqual(['once']);
  });

  it('logs a throw or a rejection and still fires the entries after it', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      timers.at(inMs(HOUR_MS), () => {
        throw new Error('thrown');
      });
      timers.at(inMs(HOUR_MS), () => Promise.reject(new Error('rejected')));
      timers.at(inMs(2 * HOUR_MS), record('after'));
      clock.advance(2 * HOUR_MS);
      await settle();
      expect(fired).toEqual(['after']);
      expect(logged.mock.calls.map((call) => (call[1] as Error).message)).toEqual(['thrown', 'rejected']);
    } finally {
      logged.mockRestore();
    }
  });

  it('does not keep the process alive', () => {
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timeouts();
    timers.at(inMs(HOUR_MS), record('unref'));
    expect(timeouts()).toBe(before);
  });
});

describe('cancelling', () => {
  it('stops an entry from firing', async () => {
    const cancel = timers.at(inMs(HOUR_MS), record('cancelled'));
    timers.at(inMs(HOUR_MS), record('kept'));
    cancel();
    clock.advance(HOUR_MS);
    await settle();
    expect(fired).toEqual(['kept']);
  });

  it('stops a later entry that falls due in the same advance', async () => {
    let cancelLater = () => undefined as void;
    timers.at(inMs(HOUR_MS), () => {
      fired.push('first');
      cancelLater();
    });
    cancelLater = timers.at(inMs(2 * HOUR_MS), record('cancelled by the first'));
    clock.advance(2 * HOUR_MS);
    await settle();
    expect(fired).toEqual(['first']);
  });

  it('clear() drops every entry, and entries armed afterwards fire', async () => {
    timers.at(inMs(HOUR_MS), record('cleared'));
    timers.at(inMs(30), record('cleared too'));
    timers.clear();
    timers.at(inMs(2 * HOUR_MS), record('armed after clear'));
    await sleep(60);
    clock.advance(2 * HOUR_MS);
    await settle();
    expect(fired).toEqual(['armed after clear']);
  });

  it('close() drops every entry and arms none afterwards', async () => {
    timers.at(inMs(HOUR_MS), record('closed'));
    timers.close();
    timers.at(inMs(HOUR_MS), record('armed after close'));
    timers.at(inMs(10), record('armed after close, soon'));
    clock.advance(HOUR_MS);
    await sleep(40);
    expect(fired).toEqual([]);
  });
});

describe('a clock reset', () => {
  it('moves the moments armed on the advanced clock back into the future', async () => {
    clock.advance(DAY_MS);
    timers.at(inMs(30), record('an advanced day plus 30 ms'));
    clock.reset();
    await sleep(80);
    expect(fired).toEqual([]);
    clock.advance(DAY_MS);
    await sleep(80);
    expect(fired).toEqual(['an advanced day plus 30 ms']);
  });
});
