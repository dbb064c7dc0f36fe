import type { Runtime } from '../../runtime';

/**
 * The extension point of `npm run soak:crash`: each SoakCheck follows one kind of work through the kills.
 * For every incarnation of the runtime the soak calls begin (the work starts); just before the SIGKILL,
 * halting; once the process has exited, interrupted (calls in flight settle; checks of the stopped state);
 * after the restart on the same data directory, verify.
 * A check is one module in bench/soak/checks/, listed in bench/soak/checks/index.ts: it starts its work in
 * begin, records what was acknowledged, and compares in verify with what the restarted runtime reports.
 */

/** What clients need to reach one incarnation of `keydrill up` (from its ready line). */
export type SoakRuntime = Pick<Runtime, 'endpoint' | 'region' | 'env' | 'outputs' | 'controlToken'>;

/** One breach of an invariant: any one fails the soak. */
export interface Violation {
  check: string;
  /** The kill after which it was seen (1-based). */
  afterKill: number;
  detail: string;
}

/** One SIGKILL of the runtime's process. */
export interface Kill {
  /** 1-based. */
  kill: number;
  /** Pids of the killed runtime's process tree, as listed just before the SIGKILL. */
  tree: readonly number[];
}

/** The restart that follows a kill, on the same data directory. */
export interface Restart {
  /** 1-based number of the kill this restart follows. */
  kill: number;
  /** The restarted runtime, ready. */
  runtime: SoakRuntime;
}

/** Figures a check adds to the soak's summary, by label. */
export type Figures = Record<string, string | number>;

export interface SoakCheck {
  readonly name: string;
  /** Called once the runtime is ready (first start and after every restart), after verify: start the work followed. */
  begin?(runtime: SoakRuntime): Promise<void>;
  /** The runtime is about to be SIGKILLed: start no more work (calls in flight go on, and may still be acknowledged). */
  halting?(): void;
  /**
   * The runtime was SIGKILLed and has exited, and is not restarted yet: stop starting work, let the calls in
   * flight settle, and return every breach that shows while nothing runs.
   */
  interrupted?(kill: Kill): Promise<string[]>;
  /** After a restart: every breach found (an empty list when the invariant holds). */
  verify?(restart: Restart): Promise<string[]>;
  figures?(): Figures;
  /** Closes what the check opened (drivers, clients) at the end of the soak. */
  close?(): void;
}
