import { assemble, publish } from './report';
import type { DrillContext } from './context';
import { readBaseline } from './disruption';
import { lockOwner } from '../shared/drill-lock';
import { rollback } from './rollback';
import type { ExecutionStatusChange } from '../shared/execution-status-change';

const ROLLBACK_ATTEMPTS = 3;
const DEFAULT_ROLLBACK_MS = 60_000;

/**
 * An execution that was stopped (StopExecution) or timed out never reached its own rollback: this restores its
 * baseline, publishes a STOPPED report and releases the lock. It acts only for a run that holds the lock or
 * left a baseline, so an execution refused by the lock is never "rolled back" over another drill.
 */
export async function rollBackStopped(ctx: DrillContext, event: ExecutionStatusChange): Promise<{ runId: string; restored: boolean } | undefined> {
  const runId = event.detail.executionArn;
  const owns = (await lockOwner(ctx)) === runId;
  if (!owns && !(await readBaseline(ctx, runId))) return undefined;
  let input: { scenario?: unknown; dryRun?: unknown; timeouts?: { rollbackMs?: unknown } } = {};
  try {
    input = JSON.parse(event.detail.input ?? '{}');
  } catch {
    // Input that is not JSON never started a drill; what the run left is still restored.
  }
  const rollbackMs = typeof input.timeouts?.rollbackMs === 'number' ? input.timeouts.rollbackMs : DEFAULT_ROLLBACK_MS;
  let restored = false;
  for (let attempt = 1; attempt <= ROLLBACK_ATTEMPTS && !restored; attempt++) {
    try {
      await rollback(ctx, runId, rollbackMs);
      restored = true;
    } catch (e) {
      if (attempt === ROLLBACK_ATTEMPTS) console.error(`rollback of stopped ${runId} incomplete`, e);
    }
  }
  const { report } = await assemble(ctx, {
    runId,
    startedAt: new Date(event.detail.startDate ?? Date.now()).toISOString(),
    scenario: String(input.scenario ?? ''),
    dryRun: input.dryRun === true,
    stopped: true,
  });
  await publish(ctx, runId, report);
  return { runId, restored };
}
