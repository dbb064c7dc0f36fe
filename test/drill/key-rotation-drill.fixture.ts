import { DescribeKeyCommand, GetKeyPolicyCommand, ListAliasesCommand, ListGrantsCommand } from '@aws-sdk/client-kms';
import { DescribeLedgerCommand } from '@aws-sdk/client-qldb';
import type { DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import type { ScenarioReport } from '../../functions/domain/drills/scenario-report';
import { OUTPUT_KEYS } from '../../infra/stacks/keydrill-stack';
import type { RuntimeOptions } from '../../runtime';
import { keydrillTemplate } from '../helpers/keydrill-stack';
import { useRuntime, type RuntimeFixture } from '../helpers/runtime';
import { settled, start } from '../helpers/sfn';
import { tempDataDir } from '../helpers/temp-data-dir';

/**
 * The drill tier's shared set-up for KeyRotationDrill: the whole stack on a runtime whose AWS delays are
 * compressed (key checks, data-key cache, UPDATING, Step Functions retry intervals), and short drill deadlines,
 * so one scenario runs in seconds. KMS allows a key only so many on-demand rotations (25 here by default, README
 * "Drills"); the fault matrix runs on-demand-rotation some 150 times on one key, so the limit is lifted.
 */
export const DRILL_RUNTIME_OPTIONS: Partial<RuntimeOptions> = {
  qldbEncryption: { keyCheckIntervalMs: 200, dataKeyCacheMs: 1000, keyUpdateMinimumMs: 2000 },
  sfnTimeScale: 0.05,
  kms: { onDemandRotationLimit: 100_000 },
};

/** Execution input members that keep a scenario short: a fast probe, deadlines far above what the compressed runtime needs. */
export const FAST = { probe: { intervalMs: 150 }, timeouts: { impactMs: 30_000, recoveryMs: 30_000, rollbackMs: 30_000 } };

/** The whole stack on a compressed runtime; `stack` sets the stack's options (continuous verification). */
export function useDrillStack(name: string, stack: Parameters<typeof keydrillTemplate>[0] = {}): RuntimeFixture {
  return useRuntime({ dataDir: tempDataDir(name), stack: keydrillTemplate(stack), ...DRILL_RUNTIME_OPTIONS }, { timeoutMs: 120_000 });
}

export const drillMachine = (env: RuntimeFixture) => env.runtime.outputs[OUTPUT_KEYS.keyRotationDrillStateMachineArn];

export async function startDrill(env: RuntimeFixture, input: Record<string, unknown>): Promise<string> {
  return start(env.clients.sfn, drillMachine(env), { ...FAST, ...input });
}

/** Runs one drill to its end: the execution's description and, when it succeeded, its report. */
export async function runDrill(env: RuntimeFixture, input: Record<string, unknown>): Promise<{ execution: DescribeExecutionCommandOutput; report?: ScenarioReport }> {
  const arn = await startDrill(env, input);
  const execution = await settled(env.clients.sfn, arn);
  return { execution, ...(execution.output ? { report: JSON.parse(execution.output) as ScenarioReport } : {}) };
}

/** Why a drill did not pass, in one line a failing test shows. */
export function verdictWithReasons(report: ScenarioReport | undefined, execution: DescribeExecutionCommandOutput): string {
  if (!report) return `${execution.status}: ${execution.error} ${execution.cause}`;
  const failed = report.expectations.filter((e) => e.outcome !== 'PASSED' && e.outcome !== 'NOT_RUN').map((e) => `${e.id}: ${e.observed}`);
  return [report.verdict, ...(report.error ? [`${report.error.name}: ${report.error.message}`] : []), ...failed, ...(report.rollback?.leftChanged ?? [])].join(' | ');
}

/** Everything a drill may change, read in full: the drill keys' metadata, policies and grants, the aliases, the ledger. */
export async function keyAndLedgerState(env: RuntimeFixture): Promise<unknown> {
  const { kms, qldb } = env.clients;
  const o = env.runtime.outputs;
  const keys = [o[OUTPUT_KEYS.ledgerKeyArn], o[OUTPUT_KEYS.rotateKeyArn], o[OUTPUT_KEYS.standbyKeyArn], o[OUTPUT_KEYS.noAccessKeyArn]];
  const perKey = [];
  for (const KeyId of keys) {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId }));
    const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' }));
    const { Grants } = await kms.send(new ListGrantsCommand({ KeyId }));
    perKey.push({ KeyMetadata, Policy, Grants });
  }
  const { Aliases } = await kms.send(new ListAliasesCommand({}));
  const ledger = await qldb.send(new DescribeLedgerCommand({ Name: o[OUTPUT_KEYS.ledgerName] }));
  const { $metadata: _m, ...ledgerState } = ledger;
  return { perKey, Aliases, ledger: ledgerState };
}

/** The parts of the state a real drill restores exactly (QLDB's grant is renewed with a new id, so grants count by holder). */
export async function restorableState(env: RuntimeFixture): Promise<unknown> {
  const { perKey, Aliases, ledger } = (await keyAndLedgerState(env)) as { perKey: Array<{ KeyMetadata: Record<string, unknown>; Policy: string; Grants: Array<Record<string, unknown>> }>; Aliases: unknown; ledger: { EncryptionDescription?: Record<string, unknown> } };
  return {
    keys: perKey.map((k) => ({ state: k.KeyMetadata.KeyState, enabled: k.KeyMetadata.Enabled, deletionDate: k.KeyMetadata.DeletionDate ?? null, policy: JSON.parse(k.Policy), qldbGrants: k.Grants.filter((g) => String(g.GranteePrincipal).startsWith('qldb.')).length })),
    aliases: (Aliases as Array<{ AliasName?: string; TargetKeyId?: string }>).map((a) => ({ name: a.AliasName, target: a.TargetKeyId })),
    ledgerKey: ledger.EncryptionDescription?.KmsKeyArn,
    ledgerStatus: ledger.EncryptionDescription?.EncryptionStatus,
  };
}
