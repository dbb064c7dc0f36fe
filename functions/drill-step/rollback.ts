import { CancelKeyDeletionCommand, DisableKeyCommand, EnableKeyCommand, PutKeyPolicyCommand, UpdateAliasCommand } from '@aws-sdk/client-kms';
import { UpdateLedgerCommand } from '@aws-sdk/client-qldb';
import { describeRepair, leftChanged, repairsFor, type Baseline, type Repair } from '../domain/drills/baseline';
import type { RollbackRecord } from '../domain/drills/drill-record';
import { ITEMS } from '../domain/drills/results-items';
import { assumeRole, catalogueRead, ledgerDriver } from '../shared/ledger-sessions';
import type { DrillContext } from './context';
import { readBaseline, markDone } from './disruption';
import { RollbackIncompleteError } from './errors';
import { keyStateSnapshot, ledgerObservation } from './key-state';
import { getItem, progress, setAttributes } from './results';

const POLL_MS = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function apply(ctx: DrillContext, repair: Repair): Promise<void> {
  switch (repair.kind) {
    case 'cancel-deletion':
      return void (await ctx.kms.send(new CancelKeyDeletionCommand({ KeyId: repair.keyArn })));
    case 'enable-key':
      return void (await ctx.kms.send(new EnableKeyCommand({ KeyId: repair.keyArn })));
    case 'disable-key':
      return void (await ctx.kms.send(new DisableKeyCommand({ KeyId: repair.keyArn })));
    case 'put-key-policy':
      return void (await ctx.kms.send(new PutKeyPolicyCommand({ KeyId: repair.keyArn, PolicyName: 'default', Policy: repair.policy })));
    case 'point-alias':
      return void (await ctx.kms.send(new UpdateAliasCommand({ AliasName: repair.aliasName, TargetKeyId: repair.keyArn })));
    case 'update-ledger-key':
    case 'renew-qldb-grant':
      return void (await ctx.qldb.send(new UpdateLedgerCommand({ Name: ctx.ledgerName, KmsKey: repair.keyArn })));
  }
}

/** Until the ledger is neither UPDATING nor (when `alsoAccessible`) KMS_KEY_INACCESSIBLE, or the deadline. */
async function ledgerSettles(ctx: DrillContext, deadline: number, alsoAccessible: boolean): Promise<void> {
  for (;;) {
    const { status } = await ledgerObservation(ctx);
    if (status === 'ENABLED' || (status !== 'UPDATING' && !alsoAccessible) || Date.now() > deadline) return;
    await sleep(POLL_MS);
  }
}

/** The steady state again: the application's probe read succeeds (retried until the deadline: the key check takes a moment). */
async function steadyStateHolds(ctx: DrillContext, runId: string, deadline: number): Promise<string | undefined> {
  const credentials = await assumeRole(ctx.sts, ctx.appRoleArn, `drill-rollback-${runId.split(':').pop()}`);
  let last = '';
  for (;;) {
    const driver = ledgerDriver(ctx.ledgerName, credentials);
    try {
      await catalogueRead(driver);
      return undefined;
    } catch (e) {
      last = `${(e as Error).name}: ${(e as Error).message}`;
    } finally {
      driver.close();
    }
    if (Date.now() > deadline) return `the application's probe read fails: ${last}`;
    await sleep(POLL_MS);
  }
}

/**
 * Puts back exactly what differs from the baseline, then checks the steady state. Each repair is tried even
 * when an earlier one failed, so one stuck change does not leave the others behind. A run without a baseline
 * changed nothing. Throws RollbackIncompleteError (the state machine retries it) while anything is left changed.
 */
export async function rollback(ctx: DrillContext, runId: string, timeoutMs: number): Promise<RollbackRecord> {
  await markDone(ctx, runId);
  await setAttributes(ctx, runId, ITEMS.rollback, { startedAt: new Date().toISOString() }, true);
  const startedAt = String((await getItem(ctx, runId, ITEMS.rollback))?.startedAt);
  await progress(ctx, runId, 'rollback: restoring the baseline');
  const baseline = await readBaseline(ctx, runId);
  const left = baseline ? await restoreBaseline(ctx, runId, baseline, timeoutMs) : [];
  const record: RollbackRecord = { startedAt, endedAt: new Date().toISOString(), restored: left.length === 0, ...(left.length ? { leftChanged: left } : {}) };
  await setAttributes(ctx, runId, ITEMS.rollback, { endedAt: record.endedAt, restored: record.restored, leftChanged: left });
  if (!record.restored) throw new RollbackIncompleteError(`rollback of ${runId} left changed: ${left.join('; ')}`);
  return record;
}

async function restoreBaseline(ctx: DrillContext, runId: string, baseline: Baseline, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  const failures: string[] = [];
  const repairs = repairsFor(baseline, await keyStateSnapshot(ctx));
  for (const repair of repairs) {
    // QLDB refuses a key change while one runs, or while the ledger cannot use its key.
    if (repair.kind === 'update-ledger-key' || repair.kind === 'renew-qldb-grant') await ledgerSettles(ctx, deadline, repair.kind === 'update-ledger-key');
    try {
      await apply(ctx, repair);
    } catch (e) {
      failures.push(`${describeRepair(repair)} (${(e as Error).name}: ${(e as Error).message})`);
    }
  }
  await ledgerSettles(ctx, deadline, true);
  const left = leftChanged(baseline, await keyStateSnapshot(ctx));
  if (left.length) return [...left, ...failures.filter((f) => !left.some((l) => f.startsWith(l)))];
  const steady = await steadyStateHolds(ctx, runId, deadline);
  return steady ? [steady] : [];
}
