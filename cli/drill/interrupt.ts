/**
 * An AbortSignal that SIGINT (Ctrl-C) and SIGTERM abort, listening from now until `dispose()`. Installing
 * handlers keeps Node from ending at once on the signal: the command stops what it started first.
 */
export function interruptSignal(): { signal: AbortSignal; reason: () => string | undefined; dispose: () => void } {
  const controller = new AbortController();
  let received: string | undefined;
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const handler = () => {
      received ??= name;
      controller.abort(new Error(`${name} received`));
    };
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  return { signal: controller.signal, reason: () => received, dispose: () => handlers.forEach((off) => off()) };
}
