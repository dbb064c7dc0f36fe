import { DescribeKeyCommand, GetKeyPolicyCommand, RevokeGrantCommand } from '@aws-sdk/client-kms';
import { GetDigestCommand } from '@aws-sdk/client-qldb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { parseDrillInput, type DrillInput } from '../domain/drills/drill-input';
import { keyPolicyAllows } from '../domain/drills/key-policy-check';
import { ITEMS } from '../domain/drills/results-items';
import { SCENARIO_PLANS, actionsNeeded } from '../domain/drills/scenario-plans';
import { scenarioNamed } from '../domain/drills/scenarios';
import { PARTITION_KEY, PROGRESS_PARTITION_KEY, SORT_KEY } from '../domain/projection/schema';
import { assumeRole, catalogueRead, ledgerDriver } from '../shared/ledger-sessions';
import type { DrillContext } from './context';
import { DrillPreconditionFailedError, DrillTargetRefusedError, LedgerNotReadyError, SteadyStateNotMetError } from './errors';
import { describeLedger, keyStateSnapshot, qldbGrantIds } from './key-state';
import { progress, putOnce, takeLock } from './results';

export interface PreflightResult {
  scenario: string;
  dryRun: boolean;
  probeIntervalMs: number;
  /** When the probe stops at the latest (epoch ms): the waits' deadlines plus a margin. */
  probeDeadline: number;
  timeouts: DrillInput['timeouts'];
  ledgerKeyArn: string;
  targetKeyArn?: string;
  dryRunChecks?: string[];
}

const PROBE_MARGIN_MS = 30_000;
/** The probe is one Lambda invocation (15 minutes at most): it stops a minute before. */
const PROBE_MAX_MS = 14 * 60_000;
const POLL_MS = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The key a scenario moves the ledger (or its alias) to, if it does. */
export function targetKeyOf(ctx: DrillContext, scenario: DrillInput['scenario']): string | undefined {
  const d = SCENARIO_PLANS[scenario].disrupt;
  return d.call === 'UpdateAlias' || d.call === 'UpdateLedger' ? ctx.drillKeys[d.to] : undefined;
}

const isDrillKey = (ctx: DrillContext, keyArn: string) => Object.values(ctx.drillKeys).includes(keyArn);

/**
 * The ledger exists, is ACTIVE and ENABLED, on one of the stack's drill keys; the drill lock is taken; the
 * application's probe read succeeds; the projection is within its lag bound. A dry run also checks each call's
 * permission (docs/drills.md#dry-run).
 */
export async function preflight(ctx: DrillContext, runId: string, rawInput: unknown): Promise<PreflightResult> {
  const input = parseDrillInput(rawInput);
  const scenario = scenarioNamed(input.scenario);
  const ledger = await describeLedger(ctx);
  if (ledger.State !== 'ACTIVE') throw new LedgerNotReadyError(`the ledger ${ctx.ledgerName} is ${ledger.State}, not ACTIVE`);
  const ledgerKeyArn = ledger.EncryptionDescription?.KmsKeyArn ?? '';
  // The drill acts only on the stack's own keys: on any other key a disruption could destroy data.
  if (!isDrillKey(ctx, ledgerKeyArn)) throw new DrillTargetRefusedError(`the ledger's key ${ledgerKeyArn || '(AWS owned)'} is not one of the stack's drill keys; ${scenario.name} refuses it`);
  await takeLock(ctx, runId, input.scenario);
  await progress(ctx, runId, 'preflight: checking the steady state');
  if (ledger.EncryptionDescription?.EncryptionStatus !== 'ENABLED') throw new LedgerNotReadyError(`the ledger ${ctx.ledgerName} is ${ledger.EncryptionDescription?.EncryptionStatus}, not ENABLED`);
  await probeReadSucceeds(ctx, runId);
  await projectionWithinBound(ctx);
  const targetKeyArn = targetKeyOf(ctx, input.scenario);
  const dryRunChecks = input.dryRun ? await dryRunChecksFor(ctx, input, ledgerKeyArn, targetKeyArn) : undefined;
  return {
    scenario: input.scenario,
    dryRun: input.dryRun,
    probeIntervalMs: input.probe.intervalMs,
    probeDeadline: Date.now() + Math.min(PROBE_MAX_MS, input.timeouts.impactMs + input.timeouts.recoveryMs + PROBE_MARGIN_MS),
    timeouts: input.timeouts,
    ledgerKeyArn,
    ...(targetKeyArn ? { targetKeyArn } : {}),
    ...(dryRunChecks ? { dryRunChecks } : {}),
  };
}

async function probeReadSucceeds(ctx: DrillContext, runId: string): Promise<void> {
  const driver = ledgerDriver(ctx.ledgerName, await assumeRole(ctx.sts, ctx.appRoleArn, `drill-preflight-${runId.split(':').pop()}`));
  try {
    await catalogueRead(driver);
  } catch (e) {
    throw new SteadyStateNotMetError(`the application role cannot read the ledger: ${(e as Error).name}: ${(e as Error).message}`);
  } finally {
    driver.close();
  }
}

/** GetDigest's tip against the projector's PROGRESS item, waiting up to the lag bound for it to catch up. */
async function projectionWithinBound(ctx: DrillContext): Promise<void> {
  const deadline = Date.now() + ctx.maxProjectionLagMs;
  for (;;) {
    const tip = await ledgerTip(ctx);
    if (tip === undefined) return;
    const { Item } = await ctx.documents.send(new GetCommand({ TableName: ctx.projectionTable, Key: { [PARTITION_KEY]: PROGRESS_PARTITION_KEY, [SORT_KEY]: ctx.ledgerName }, ConsistentRead: true }));
    const projected = typeof Item?.lastBlockSequenceNo === 'number' ? Item.lastBlockSequenceNo : -1;
    if (projected >= tip) return;
    if (Date.now() > deadline) throw new SteadyStateNotMetError(`the projection is behind the ledger beyond its bound of ${ctx.maxProjectionLagMs} ms (projected block ${projected}, ledger tip ${tip})`);
    await sleep(POLL_MS);
  }
}

async function ledgerTip(ctx: DrillContext): Promise<number | undefined> {
  try {
    const { DigestTipAddress } = await ctx.qldb.send(new GetDigestCommand({ Name: ctx.ledgerName }));
    const match = /sequenceNo:\s*(\d+)/.exec(DigestTipAddress?.IonText ?? '');
    return match ? Number(match[1]) : undefined;
  } catch (e) {
    // A ledger that committed nothing has no digest, and nothing to project.
    if ((e as Error).name === 'ResourcePreconditionNotMetException') return undefined;
    throw e;
  }
}

/**
 * Every target resolved and every call's permission checked, changing nothing: RevokeGrant has KMS's DryRun
 * (DryRunOperationException means it would succeed); the other calls are judged from the key policies.
 */
async function dryRunChecksFor(ctx: DrillContext, input: DrillInput, ledgerKeyArn: string, targetKeyArn: string | undefined): Promise<string[]> {
  const checks: string[] = [];
  const plan = SCENARIO_PLANS[input.scenario];
  const needed = actionsNeeded(plan);
  const principals = [ctx.drillRoleArn];
  for (const [keyArn, actions] of [[ledgerKeyArn, needed.onLedgerKey], ...(targetKeyArn ? [[targetKeyArn, needed.onTargetKey] as const] : [])] as const) {
    const { KeyMetadata } = await ctx.kms.send(new DescribeKeyCommand({ KeyId: keyArn }));
    if (KeyMetadata?.KeyState !== 'Enabled') throw new DrillPreconditionFailedError(`key ${keyArn} is ${KeyMetadata?.KeyState}, not Enabled`);
    const { Policy } = await ctx.kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }));
    const missing = actions.filter((a) => !keyPolicyAllows(Policy ?? '{}', principals, a));
    if (missing.length) throw new DrillPreconditionFailedError(`the key policy of ${keyArn} does not let the drill role call ${missing.join(', ')}`);
    checks.push(`key ${keyArn} is Enabled and its key policy lets the drill role call ${actions.join(', ')}`);
  }
  if (plan.disrupt.call === 'RevokeGrant') {
    const grants = await qldbGrantIds(ctx, ledgerKeyArn);
    if (grants.length === 0) throw new DrillPreconditionFailedError(`QLDB holds no grant on ${ledgerKeyArn} to revoke`);
    try {
      await ctx.kms.send(new RevokeGrantCommand({ KeyId: ledgerKeyArn, GrantId: grants[0], DryRun: true }));
    } catch (e) {
      if ((e as Error).name !== 'DryRunOperationException') throw new DrillPreconditionFailedError(`RevokeGrant (DryRun) of QLDB's grant ${grants[0]} was refused: ${(e as Error).name}: ${(e as Error).message}`);
    }
    checks.push(`RevokeGrant of QLDB's grant ${grants[0]} would succeed (KMS DryRun)`);
  }
  if (plan.disrupt.call === 'UpdateAlias') checks.push(`alias ${ctx.ledgerAlias} resolves (ListAliases)`);
  checks.push(`the ledger ${ctx.ledgerName} is ACTIVE and ENABLED on ${ledgerKeyArn}, the application probe reads, the projection is within ${ctx.maxProjectionLagMs} ms`);
  return checks;
}

/** The baseline snapshot, kept once per run (a retry never overwrites it with a state the drill changed). */
export async function baseline(ctx: DrillContext, runId: string): Promise<{ ledgerKeyArn: string; takenAt: string }> {
  await progress(ctx, runId, 'baseline: snapshotting keys, aliases, grants and policies');
  const snapshot = { ...(await keyStateSnapshot(ctx)), takenAt: new Date().toISOString() };
  await putOnce(ctx, { runId, item: ITEMS.baseline, baseline: JSON.stringify(snapshot) });
  return { ledgerKeyArn: snapshot.ledgerKeyArn, takenAt: snapshot.takenAt };
}
