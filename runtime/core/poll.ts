/** Backends settle within their configured state durations; this only bounds a wait that would otherwise hang. */
const POLL_INTERVAL_MS = 25;
const POLL_TIMEOUT_MS = 120_000;

/** Calls `check` until it returns a value, for a resource leaving a transient state (CREATING, UPDATING, DELETING). */
export async function pollUntil<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = POLL_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  }
}
