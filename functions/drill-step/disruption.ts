import { CancelKeyDeletionCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, paginateListKeyRotations, RevokeGrantCommand, RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, UpdateAliasCommand } from '@aws-sdk/client-kms';
import { UpdateLedgerCommand } from '@aws-sdk/client-qldb';
import type { Baseline } from '../domain/drills/baseline';
import type { DrillFact, ProbeOperation } from '../domain/drills/drill-record';
import { ITEMS, runItems, timedItem } from '../domain/drills/results-items';
import { SCENARIO_PLANS, type Signal } from '../domain/drills/scenario-plans';
import type { ScenarioName } from '../domain/drills/scenarios';
import { assumeRole, ledgerDriver, readProbeDocuments, seedPayload } from '../shared/ledger-sessions';
import type { DrillContext } from './context';
import { DrillRollingBackError, DrillStateMissingError, DrillTargetRefusedError, SteadyStateNotMetError } from './errors';
import { ledgerObservation, qldbGrantIds } from './key-state';
import { getItem, progress, putItem, queryRun, setAttributes } from './results';

const POLL_MS = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function readBaseline(ctx: DrillContext, runId: string): Promise<Baseline | undefined> {
  const item = await getItem(ctx, runId, ITEMS.baseline);
  return item ? (JSON.parse(String(item.baseline)) as Baseline) : undefined;
}

async function requireBaseline(ctx: DrillContext, runId: string): Promise<Baseline> {
  const b = await readBaseline(ctx, runId);
  if (!b) throw new DrillStateMissingError(`the run ${runId} has no BASELINE item: the disruption needs the baseline snapshot first`);
  return b;
}

/**
 * A step still in flight when its branch was aborted (the probe failed, the execution was stopped) must not act
 * after the rollback began: rollback writes its ROLLBACK item before it reads anything, and a step checks for it
 * right before its call (a call that still slips in is what rollback's final comparison and retry catch). Its
 * waits check too, at every poll: Step Functions does not stop a Lambda invocation whose branch it abandoned, so a
 * wait that went on to its timeout would hold one of the function's concurrent executions for nothing (the fault
 * matrix saw ten pile up and throttle the next drills).
 */
async function notRolledBack(ctx: DrillContext, runId: string, items?: readonly Record<string, unknown>[]): Promise<void> {
  const rollingBack = items ? items.some((i) => i.item === ITEMS.rollback) : Boolean(await getItem(ctx, runId, ITEMS.rollback));
  if (rollingBack) throw new DrillRollingBackError(`the run ${runId} is being rolled back: the disruption branch does nothing more`);
}

/** Until the probe, started beside this branch, has its "before" ticks recorded. */
async function probeReady(ctx: DrillContext, runId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await getItem(ctx, runId, ITEMS.probeReady))) {
    if (Date.now() > deadline) throw new SteadyStateNotMetError(`the probe did not start within ${timeoutMs} ms`);
    await notRolledBack(ctx, runId);
    await sleep(POLL_MS);
  }
}

/**
 * The disrupting call, once the probe runs. WINDOW.disruptedAt is the moment just before the call, so every
 * measurement counts from it.
 */
export async function disrupt(ctx: DrillContext, runId: string, scenario: ScenarioName, timeoutMs: number): Promise<{ disruptedAt: string; call: string }> {
  const baseline = await requireBaseline(ctx, runId);
  const d = SCENARIO_PLANS[scenario].disrupt;
  const key = baseline.ledgerKeyArn;
  await progress(ctx, runId, 'disrupt: waiting for the probe');
  await probeReady(ctx, runId, timeoutMs);
  await notRolledBack(ctx, runId);
  await progress(ctx, runId, `disrupt: ${d.call}`);
  const disruptedAt = new Date().toISOString();
  switch (d.call) {
    case 'UpdateAlias':
      await ctx.kms.send(new UpdateAliasCommand({ AliasName: ctx.ledgerAlias, TargetKeyId: ctx.drillKeys[d.to] }));
      break;
    case 'UpdateLedger':
      await ctx.qldb.send(new UpdateLedgerCommand({ Name: ctx.ledgerName, KmsKey: ctx.drillKeys[d.to] }));
      break;
    case 'DisableKey':
      await ctx.kms.send(new DisableKeyCommand({ KeyId: key }));
      break;
    case 'ScheduleKeyDeletion':
      // Guarded: checked again here, next to the call, whatever preflight found.
      if (!Object.values(ctx.drillKeys).includes(key)) throw new DrillTargetRefusedError(`scheduled-deletion refuses ${key}: not one of the stack's drill keys`);
      await ctx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key, PendingWindowInDays: d.pendingWindowInDays }));
      break;
    case 'RotateKeyOnDemand':
      await ctx.kms.send(new RotateKeyOnDemandCommand({ KeyId: key }));
      break;
    case 'RevokeGrant':
      for (const grantId of await qldbGrantIds(ctx, key)) await ctx.kms.send(new RevokeGrantCommand({ KeyId: key, GrantId: grantId }));
      break;
  }
  await setAttributes(ctx, runId, ITEMS.window, { disruptedAt }, true);
  return { disruptedAt, call: d.call };
}

/** Waits for the ledger to leave UPDATING (a key change cannot start while one runs). */
async function untilNotUpdating(ctx: DrillContext, runId: string, deadline: number): Promise<void> {
  while ((await ledgerObservation(ctx)).status === 'UPDATING' && Date.now() < deadline) {
    await notRolledBack(ctx, runId);
    await sleep(POLL_MS);
  }
}

/** The restoring call, where the scenario has one in its disruption branch. */
export async function restore(ctx: DrillContext, runId: string, scenario: ScenarioName, timeoutMs: number): Promise<{ restoredAt?: string; call?: string }> {
  const baseline = await requireBaseline(ctx, runId);
  const r = SCENARIO_PLANS[scenario].restore;
  if (!r) return {};
  const key = baseline.ledgerKeyArn;
  await progress(ctx, runId, `restore: ${r.call}`);
  await untilNotUpdating(ctx, runId, Date.now() + timeoutMs);
  await notRolledBack(ctx, runId);
  const restoredAt = new Date().toISOString();
  switch (r.call) {
    case 'EnableKey':
      await ctx.kms.send(new EnableKeyCommand({ KeyId: key }));
      break;
    case 'UpdateLedgerBack':
    case 'RenewGrant':
      // The same key again renews QLDB's grant (https://docs.aws.amazon.com/qldb/latest/developerguide/encryption-at-rest.html).
      await ctx.qldb.send(new UpdateLedgerCommand({ Name: ctx.ledgerName, KmsKey: key }));
      break;
    case 'CancelKeyDeletionAndEnable': {
      await ctx.kms.send(new CancelKeyDeletionCommand({ KeyId: key }));
      await ctx.kms.send(new EnableKeyCommand({ KeyId: key }));
      const { KeyMetadata } = await ctx.kms.send(new DescribeKeyCommand({ KeyId: key }));
      await recordFacts(ctx, runId, { keyNeverDeleted: KeyMetadata?.KeyState === 'Enabled' && KeyMetadata.DeletionDate === undefined });
      break;
    }
  }
  await setAttributes(ctx, runId, ITEMS.window, { restoredAt });
  return { restoredAt, call: r.call };
}

async function recordFacts(ctx: DrillContext, runId: string, facts: Partial<Record<DrillFact, boolean>>): Promise<void> {
  const current = await getItem(ctx, runId, ITEMS.facts);
  await putItem(ctx, { runId, item: ITEMS.facts, facts: JSON.stringify({ ...JSON.parse(String(current?.facts ?? '{}')), ...facts }) });
}

/**
 * Polls (in this one invocation) until every signal of the phase has been seen or the deadline passes. A
 * missing signal is not an error here: the expectations judge what was seen, and say what was not.
 */
export async function awaitPhase(ctx: DrillContext, runId: string, scenario: ScenarioName, phase: 'impact' | 'recovery', timeoutMs: number): Promise<{ seen: string[]; missing: string[] }> {
  const plan = SCENARIO_PLANS[scenario];
  const signals = phase === 'impact' ? plan.impact : plan.recovery;
  const baseline = await requireBaseline(ctx, runId);
  await progress(ctx, runId, `await ${phase}: ${signals.map(describeSignal).join(', ') || 'nothing'}`);
  const deadline = Date.now() + timeoutMs;
  const seen = new Set<string>();
  let readBack: ReturnType<typeof oldDocumentsReader> | undefined;
  let lastObserved: string | undefined;
  for (;;) {
    const raw = await queryRun(ctx, runId);
    await notRolledBack(ctx, runId, raw);
    const items = runItems(raw);
    const since = Date.parse(items.window?.disruptedAt ?? baseline.takenAt);
    const restoredAt = items.window?.restoredAt ? Date.parse(items.window.restoredAt) : undefined;
    const ledger = await ledgerObservation(ctx);
    // The probe samples the ledger too, but it stops when the branch ends: a status this wait ends on must be
    // in the timeline even when the probe's last sample came before it.
    const observed = `${ledger.status} ${ledger.kmsKeyArn}`;
    if (observed !== lastObserved) {
      await putItem(ctx, { runId, item: timedItem(ITEMS.ledgerPrefix, ledger.at, `await-${phase}`), observation: JSON.stringify(ledger) });
      lastObserved = observed;
    }
    const appAfter = (from: number) => items.probes.filter((p: ProbeOperation) => p.role === 'application' && Date.parse(p.at) >= from);
    for (const signal of signals) {
      const name = describeSignal(signal);
      if (seen.has(name)) continue;
      let met = false;
      switch (signal.kind) {
        case 'ledger': {
          const key = signal.on === undefined ? undefined : signal.on === 'baseline' ? baseline.ledgerKeyArn : ctx.drillKeys[signal.on];
          met = ledger.status === signal.status && (key === undefined || ledger.kmsKeyArn === key);
          break;
        }
        case 'event':
          met = items.events.some((e) => e.detailType === signal.detailType && Date.parse(e.at) >= since && Object.entries(signal.detail ?? {}).every(([k, v]) => e.detail[k] === v));
          break;
        case 'probe-failed':
          met = appAfter(since).some((p) => !p.ok && (signal.session === undefined || p.session === signal.session));
          break;
        case 'probe-succeeded-after-restore':
          met = restoredAt !== undefined && appAfter(restoredAt).some((p) => p.ok);
          break;
        case 'probes-after-disruption':
          met = appAfter(since).length >= signal.count;
          break;
        case 'rotation-listed': {
          met = await rotationListedSince(ctx, baseline.ledgerKeyArn, since);
          if (met) await recordFacts(ctx, runId, { rotationListed: true });
          break;
        }
        case 'old-documents-read-back':
          readBack ??= oldDocumentsReader(ctx, runId);
          met = await readBack();
          if (met) await recordFacts(ctx, runId, { oldDocumentsReadBack: true });
          break;
      }
      if (met) seen.add(name);
    }
    const missing = signals.map(describeSignal).filter((n) => !seen.has(n));
    if (missing.length === 0 || Date.now() > deadline) return { seen: [...seen], missing };
    await sleep(POLL_MS);
  }
}

/** Whether ListKeyRotations shows an on-demand rotation since `since`: every page, a key's rotations are listed oldest first. */
async function rotationListedSince(ctx: DrillContext, keyArn: string, since: number): Promise<boolean> {
  for await (const page of paginateListKeyRotations({ client: ctx.kms }, { KeyId: keyArn })) {
    if ((page.Rotations ?? []).some((r) => r.RotationType === 'ON_DEMAND' && r.RotationDate !== undefined && r.RotationDate.getTime() >= since - 1000)) return true;
  }
  return false;
}

/** The application reading back the seed document the probe wrote before the disruption. */
function oldDocumentsReader(ctx: DrillContext, runId: string): () => Promise<boolean> {
  return async () => {
    const driver = ledgerDriver(ctx.ledgerName, await assumeRole(ctx.sts, ctx.appRoleArn, `drill-readback-${runId.split(':').pop()}`));
    try {
      const docs = await readProbeDocuments(driver, runId);
      return docs.some((d) => d.kind === 'seed' && d.payload === seedPayload(runId));
    } catch {
      return false;
    } finally {
      driver.close();
    }
  };
}

export function describeSignal(s: Signal): string {
  switch (s.kind) {
    case 'ledger':
      return `ledger ${s.status}${s.on ? ` on the ${s.on} key` : ''}`;
    case 'event':
      return `"${s.detailType}"${s.detail ? ` ${JSON.stringify(s.detail)}` : ''}`;
    case 'probe-failed':
      return `a failed ${s.session ?? ''} probe operation`.replace('  ', ' ');
    case 'probe-succeeded-after-restore':
      return 'a successful probe operation after the restore';
    case 'probes-after-disruption':
      return `${s.count} probe operations after the disruption`;
    case 'rotation-listed':
      return 'ListKeyRotations shows the rotation';
    case 'old-documents-read-back':
      return 'old documents read back';
  }
}

/** The disruption branch is over (or failed): the probe stops at its next tick. */
export async function markDone(ctx: DrillContext, runId: string, extra: Record<string, unknown> = {}): Promise<void> {
  await setAttributes(ctx, runId, ITEMS.done, { doneAt: new Date().toISOString(), ...extra }, true);
}
