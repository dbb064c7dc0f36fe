import { DescribeKeyCommand, GetKeyPolicyCommand, ListAliasesCommand, ListGrantsCommand, type GrantListEntry } from '@aws-sdk/client-kms';
import { DescribeLedgerCommand } from '@aws-sdk/client-qldb';
import { canonicalJson, type KeyStateSnapshot } from '../domain/drills/baseline';
import type { LedgerObservation } from '../domain/drills/drill-record';
import type { DrillContext } from './context';

/** QLDB's service principal, as its grants name it (grantee and retiring principal). */
const isQldbGrant = (g: GrantListEntry) => [g.GranteePrincipal, g.RetiringPrincipal].some((p) => p?.startsWith('qldb.'));

export async function describeLedger(ctx: DrillContext) {
  return ctx.qldb.send(new DescribeLedgerCommand({ Name: ctx.ledgerName }));
}

export async function ledgerObservation(ctx: DrillContext): Promise<LedgerObservation> {
  const { EncryptionDescription: e } = await describeLedger(ctx);
  return {
    at: new Date().toISOString(),
    status: (e?.EncryptionStatus ?? 'ENABLED') as LedgerObservation['status'],
    kmsKeyArn: e?.KmsKeyArn ?? 'AWS_OWNED_KMS_KEY',
    ...(e?.InaccessibleKmsKeyDateTime ? { inaccessibleSince: new Date(e.InaccessibleKmsKeyDateTime).toISOString() } : {}),
  };
}

export async function qldbGrantIds(ctx: DrillContext, keyArn: string): Promise<string[]> {
  const ids: string[] = [];
  let Marker: string | undefined;
  do {
    const page = await ctx.kms.send(new ListGrantsCommand({ KeyId: keyArn, Marker }));
    for (const g of page.Grants ?? []) if (isQldbGrant(g) && g.GrantId) ids.push(g.GrantId);
    Marker = page.Truncated ? page.NextMarker : undefined;
  } while (Marker);
  return ids;
}

/** Alias name → target key ARN, for the stack's ledger alias and every alias on a drill key. */
async function aliasTargets(ctx: DrillContext): Promise<Record<string, string>> {
  const byId = new Map(Object.values(ctx.drillKeys).map((arn) => [arn.split('/').pop()!, arn]));
  const aliases: Record<string, string> = {};
  let Marker: string | undefined;
  do {
    const page = await ctx.kms.send(new ListAliasesCommand({ Marker }));
    for (const a of page.Aliases ?? []) {
      const target = a.TargetKeyId ? byId.get(a.TargetKeyId) : undefined;
      if (a.AliasName && (target || a.AliasName === ctx.ledgerAlias)) aliases[a.AliasName] = target ?? a.TargetKeyId ?? '';
    }
    Marker = page.Truncated ? page.NextMarker : undefined;
  } while (Marker);
  return aliases;
}

/** The state a drill may change: the ledger's key and status, aliases, the drill keys' states and policies, QLDB's grant. */
export async function keyStateSnapshot(ctx: DrillContext): Promise<KeyStateSnapshot> {
  const [ledger, aliases] = await Promise.all([ledgerObservation(ctx), aliasTargets(ctx)]);
  const keys: KeyStateSnapshot['keys'] = {};
  for (const keyArn of Object.values(ctx.drillKeys)) {
    const [{ KeyMetadata }, { Policy }] = await Promise.all([ctx.kms.send(new DescribeKeyCommand({ KeyId: keyArn })), ctx.kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }))]);
    keys[keyArn] = { state: KeyMetadata?.KeyState ?? 'Unknown', policy: canonicalJson(Policy ?? '{}') };
  }
  const grants = ledger.kmsKeyArn.startsWith('arn:') ? await qldbGrantIds(ctx, ledger.kmsKeyArn) : [];
  return { ledgerName: ctx.ledgerName, ledgerKeyArn: ledger.kmsKeyArn, ledgerStatus: ledger.status, aliases, keys, qldbGrantIds: grants };
}
