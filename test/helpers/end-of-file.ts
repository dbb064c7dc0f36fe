/**
 * Clean-up that has to wait until a test file is over. jest runs a block's afterAll hooks in the order they were
 * declared, so a hook declared when a temp dir is made (usually before the runtime that writes into it) would
 * remove the directory while the runtime still runs. test/helpers/test-environment.ts runs these instead, after
 * the file's last hook, most recent first. Outside jest (the benches) they run when the process exits.
 */
export type Cleanup = () => void;

/** Where test/helpers/test-environment.ts collects a file's clean-ups; a registered symbol crosses jest's vm realm. */
export const PENDING_CLEANUPS = Symbol.for('keydrill.test.pending-cleanups');

export function atEndOfFile(cleanup: Cleanup): void {
  const pending = (globalThis as { [PENDING_CLEANUPS]?: Cleanup[] })[PENDING_CLEANUPS];
  if (pending) pending.push(cleanup);
  else process.once('exit', cleanup);
}
