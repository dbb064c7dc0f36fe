import type { Restart, SoakCheck } from '../check';
import { LedgerWorkload, type LedgerRevision, readHistory } from '../ledger-workload';
import { AcknowledgedCommitsCheck } from './acknowledged-commits';
import { EventDeliveriesCheck } from './event-deliveries';
import { ExecutionsCheck } from './executions';
import { HashChainCheck } from './hash-chain';
import { NoOrphansCheck } from './orphans';
import { ProjectionCheck } from './projection';

/**
 * The checks the soak runs, in order (each one's begin, interrupted and verify run in this order). A check for
 * another kind of work is one more module here (see ../check.ts).
 */
export function soakChecks(): SoakCheck[] {
  // The ledger does not change between a restart and the checks' begin: read its history once per restart.
  const workload = new LedgerWorkload();
  let read: { kill: number; revisions: Promise<LedgerRevision[]> } | undefined;
  const history = (restart: Restart) => {
    if (read?.kill !== restart.kill) read = { kill: restart.kill, revisions: readHistory(restart.runtime, workload.began) };
    return read.revisions;
  };
  return [new NoOrphansCheck(), new AcknowledgedCommitsCheck(workload, history), new HashChainCheck(history), new ProjectionCheck(history), new ExecutionsCheck(), new EventDeliveriesCheck()];
}
