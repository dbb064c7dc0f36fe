import { LazyResource } from '../../runtime/backends/lazy-resource';

describe('LazyResource', () => {
  it('a use that comes while the resource is being disposed opens a new one only after the close and its afterClose step', async () => {
    const events: string[] = [];
    let opened = 0;
    let releaseClose!: () => void;
    const resource = new LazyResource(
      async () => {
        events.push(`open ${++opened}`);
        return opened;
      },
      (n) => {
        events.push(`closing ${n}`);
        return new Promise<void>((r) => (releaseClose = () => (events.push(`closed ${n}`), r())));
      },
    );
    expect(await resource.get()).toBe(1);
    const disposed = resource.dispose(() => void events.push('wiped'));
    const next = resource.get();
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(['open 1', 'closing 1']);
    releaseClose();
    await disposed;
    expect(await next).toBe(2);
    expect(events).toEqual(['open 1', 'closing 1', 'closed 1', 'wiped', 'open 2']);
  });
});
