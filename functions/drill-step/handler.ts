import { drillContextFromEnv } from './context';
import { awaitPhase, disrupt, markDone, restore } from './disruption';
import { baseline, preflight, type PreflightResult } from './preflight';
import { assemble, type CaughtError } from './report';
import { rollback } from './rollback';
import { rollBackStopped } from './stopped';
import { DEFAULT_TIMEOUTS } from '../domain/drills/drill-input';
import { isStatusChange, type ExecutionStatusChange } from '../shared/execution-status-change';

/**
 * The KeyRotationDrill's steps (statemachines/key-rotation-drill.asl.json), one action per Task state, and the
 * stop rule's target (a "Step Functions Execution Status Change" event). docs/drills.md says what each does.
 */

const ctx = drillContextFromEnv();

/**
 * What each Task state passes: the action, the run (the execution ARN), the execution's input and start, and the
 * state's data (`$`: what earlier steps returned under their ResultPath, and a caught error).
 */
export interface StepRequest {
  action: 'preflight' | 'baseline' | 'disrupt' | 'await-impact' | 'restore' | 'await-recovery' | 'mark-done' | 'rollback' | 'assemble';
  runId: string;
  startedAt?: string;
  input?: unknown;
  state?: { preflight?: { Payload?: PreflightResult }; error?: CaughtError };
}

export async function handler(event: StepRequest | ExecutionStatusChange): Promise<unknown> {
  if (isStatusChange(event)) return rollBackStopped(ctx, event);
  const { runId } = event;
  const pre = event.state?.preflight?.Payload;
  const error = event.state?.error;
  const scenario = () => {
    if (!pre) throw new Error(`action ${event.action} needs the preflight result`);
    return pre.scenario as Parameters<typeof disrupt>[2];
  };
  const timeouts = pre?.timeouts ?? DEFAULT_TIMEOUTS;
  switch (event.action) {
    case 'preflight':
      return preflight(ctx, runId, event.input);
    case 'baseline':
      return baseline(ctx, runId);
    case 'disrupt':
      return disrupt(ctx, runId, scenario(), timeouts.impactMs);
    case 'await-impact':
      return awaitPhase(ctx, runId, scenario(), 'impact', timeouts.impactMs);
    case 'restore':
      return restore(ctx, runId, scenario(), timeouts.recoveryMs);
    case 'await-recovery':
      return awaitPhase(ctx, runId, scenario(), 'recovery', timeouts.recoveryMs);
    case 'mark-done':
      await markDone(ctx, runId, error ? { error: JSON.stringify(error) } : {});
      return { done: true };
    case 'rollback':
      return rollback(ctx, runId, timeouts.rollbackMs);
    case 'assemble': {
      const input = (event.input ?? {}) as { scenario?: unknown; dryRun?: unknown };
      return assemble(ctx, {
        runId,
        startedAt: event.startedAt ?? new Date().toISOString(),
        scenario: pre?.scenario ?? String(input.scenario ?? ''),
        dryRun: pre?.dryRun ?? input.dryRun === true,
        ...(pre?.targetKeyArn ? { targetKeyArn: pre.targetKeyArn } : {}),
        ...(pre?.dryRunChecks ? { dryRunChecks: pre.dryRunChecks } : {}),
        ...(error ? { error } : {}),
      });
    }
    default:
      throw new Error(`unknown drill step action ${JSON.stringify((event as { action?: unknown }).action)}`);
  }
}
