/**
 * An AbortSignal that SIGINT (Ctrl-C) and SIGTERM abort, listening from now until `dispose()`. Installing
 * handlers keeps Node from ending at once on the signal: the command stops what it started first.
 */
export interface Interrupt {
  signal: AbortSignal;
  /** The signal received ("SIGINT"), or what else interrupted. */
  reason(): string | undefined;
  /** Interrupts for another reason (npm, which ran the command, has ended). */
  abort(reason?: string): void;
  dispose(): void;
}

export function interruptSignal(): Interrupt {
  const controller = new AbortController();
  let received: string | undefined;
  const abort = (reason = 'interrupted') => {
    received ??= reason;
    controller.abort(new Error(`${reason} received`));
  };
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const handler = () => abort(name);
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  return { signal: controller.signal, reason: () => received, abort, dispose: () => handlers.forEach((off) => off()) };
}
