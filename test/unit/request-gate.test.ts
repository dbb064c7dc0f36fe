import { RequestGate } from '../../runtime/core/request-gate';

const later = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('RequestGate', () => {
  it('runs exclusive work only once the requests in flight are done, and holds new requests until it ends', async () => {
    const gate = new RequestGate();
    const order: string[] = [];
    const first = later();
    const inFlight = gate.around(async () => {
      await first.promise;
      order.push('in-flight request');
    });
    const work = later();
    const exclusive = gate.exclusive(async () => {
      order.push('exclusive starts');
      await work.promise;
      order.push('exclusive ends');
    });
    const arrivedDuring = gate.around(async () => order.push('request that arrived meanwhile'));
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([]);
    first.resolve();
    await inFlight;
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['in-flight request', 'exclusive starts']);
    work.resolve();
    await Promise.all([exclusive, arrivedDuring]);
    expect(order).toEqual(['in-flight request', 'exclusive starts', 'exclusive ends', 'request that arrived meanwhile']);
  });

  it('opens again after exclusive work that fails, and runs a second exclusive after the first', async () => {
    const gate = new RequestGate();
    await expect(gate.exclusive(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const order: number[] = [];
    await Promise.all([gate.exclusive(async () => void order.push(1)), gate.exclusive(async () => void order.push(2)), gate.around(async () => order.push(3))]);
    expect(order.sort()).toEqual([1, 2, 3]);
    expect(await gate.around(async () => 'served')).toBe('served');
  });
});
