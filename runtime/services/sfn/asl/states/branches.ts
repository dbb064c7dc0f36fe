/**
 * Runs the branches of a Parallel state or the iterations of a Map state concurrently, each in a Branch of its
 * own (own keys, own previousEventId chain, own variable scope), and aborts those still running once more of
 * them failed than the state tolerates.
 */
import type { Branch, Visit } from '../engine';
import { Interrupted, StateFailure } from '../failure';
import type { Json } from '../host';
import type { StatesBlock } from '../parse';

export interface BranchJob {
  /** The branch's key prefix (its states' keys follow a `/`). */
  prefix: string;
  block: StatesBlock;
  input: Json;
  /** A Map iteration's index: iterations have MapIteration* events, Parallel branches none. */
  iteration?: number;
}

export type BranchOutcome = { kind: 'succeeded'; output: Json } | { kind: 'failed'; failure: StateFailure } | { kind: 'aborted' };

export interface BranchPolicy {
  concurrency: number;
  /** How many failed branches the state tolerates before it aborts the others. */
  toleratedFailures: number;
}

async function runIteration(visit: Visit, job: BranchJob, branch: Branch): Promise<BranchOutcome> {
  const record = (phase: 'Started' | 'Succeeded' | 'Failed' | 'Aborted') =>
    job.iteration !== undefined && branch.record(`MapIteration${phase}`, `${job.prefix}:${phase.toLowerCase()}`, { name: visit.name, index: job.iteration });
  await record('Started');
  try {
    const output = await visit.runBlock(job.block, job.input, branch);
    await record('Succeeded');
    return { kind: 'succeeded', output };
  } catch (error) {
    if (error instanceof Interrupted) {
      await record('Aborted');
      return { kind: 'aborted' };
    }
    if (error instanceof StateFailure) {
      await record('Failed');
      return { kind: 'failed', failure: error };
    }
    throw error;
  }
}

/** Every job's outcome, in job order; throws Interrupted when the state itself was aborted. */
export async function runBranches(visit: Visit, jobs: BranchJob[], policy: BranchPolicy): Promise<BranchOutcome[]> {
  const parent = visit.branch;
  const failing = new AbortController();
  const stopped = () => parent.signal.aborted || failing.signal.aborted;
  const outcomes: BranchOutcome[] = new Array(jobs.length);
  let failures = 0;
  let nextJob = 0;
  let latest: Branch | undefined;
  const worker = async () => {
    while (nextJob < jobs.length) {
      const index = nextJob++;
      const job = jobs[index]!;
      if (stopped()) {
        outcomes[index] = { kind: 'aborted' };
        continue;
      }
      // A signal per branch: up to 40 branches listening on one shared signal would trip Node's listener warning.
      const branch = parent.child(`${job.prefix}/`, AbortSignal.any([parent.signal, failing.signal]), parent.variables.inner());
      const outcome = await runIteration(visit, job, branch);
      outcomes[index] = outcome;
      latest = branch;
      if (outcome.kind === 'failed' && ++failures > policy.toleratedFailures) failing.abort();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(policy.concurrency, jobs.length)) }, worker));
  if (latest) parent.follow(latest);
  if (parent.signal.aborted) throw new Interrupted();
  return outcomes;
}

/** The failure a state reports for its failed branches: the lowest-numbered one's, so a replay reports the same. */
export const firstFailure = (outcomes: BranchOutcome[]): StateFailure | undefined =>
  outcomes.find((o): o is { kind: 'failed'; failure: StateFailure } => o.kind === 'failed')?.failure;
