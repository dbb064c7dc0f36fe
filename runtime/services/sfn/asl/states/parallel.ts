import type { StateResult, Visit } from '../engine';
import { argumentsOf, begin, withResult } from '../io';
import { firstFailure, runBranches } from './branches';

/**
 * Parallel: every branch runs on the same input; the result is their outputs in branch order. The first failed
 * branch aborts the others and the state fails with that branch's error
 * (https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html).
 */
export async function runParallel(visit: Visit): Promise<StateResult> {
  const branches = visit.state.Branches ?? [];
  return visit.withRecovery(async (retryCount) => {
    const stage = begin(visit, retryCount);
    const input = await argumentsOf(visit, stage);
    const suffix = `/${retryCount}`;
    await visit.record('ParallelStateStarted', `${suffix}:started`);
    const jobs = branches.map((block, i) => ({ prefix: `${visit.key}${suffix}/b${i}`, block, input }));
    const outcomes = await runBranches(visit, jobs, { concurrency: jobs.length, toleratedFailures: 0 });
    const failure = firstFailure(outcomes);
    if (failure) {
      await visit.record('ParallelStateFailed', `${suffix}:outcome`);
      throw failure;
    }
    await visit.record('ParallelStateSucceeded', `${suffix}:outcome`);
    return withResult(visit, stage, outcomes.map((o) => (o.kind === 'succeeded' ? o.output : null)));
  });
}
