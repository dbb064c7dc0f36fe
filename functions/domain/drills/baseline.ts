/**
 * The baseline a drill snapshots before it disrupts anything, and the pure comparison rollback uses to put
 * back exactly what differs (docs/drills.md#rollback).
 */

export interface KeySnapshot {
  /** KeyMetadata.KeyState: Enabled, Disabled, PendingDeletion… */
  state: string;
  /** The key policy document, canonical JSON (keys sorted), so a comparison ignores formatting. */
  policy: string;
}

export interface KeyStateSnapshot {
  ledgerName: string;
  /** EncryptionDescription.KmsKeyArn and EncryptionStatus. */
  ledgerKeyArn: string;
  ledgerStatus: string;
  /** Each alias that points at a drill key → its target key ARN. */
  aliases: Record<string, string>;
  /** Each drill key ARN → its state and policy. */
  keys: Record<string, KeySnapshot>;
  /** The ids of QLDB's active grants on the ledger key (grantee or retiring principal QLDB). */
  qldbGrantIds: string[];
}

export interface Baseline extends KeyStateSnapshot {
  takenAt: string;
}

/** One thing to put back, in the order rollback applies them (docs/drills.md#rollback). */
export type Repair =
  | { kind: 'cancel-deletion'; keyArn: string }
  | { kind: 'enable-key'; keyArn: string }
  | { kind: 'disable-key'; keyArn: string }
  | { kind: 'put-key-policy'; keyArn: string; policy: string }
  | { kind: 'point-alias'; aliasName: string; keyArn: string }
  | { kind: 'update-ledger-key'; keyArn: string }
  | { kind: 'renew-qldb-grant'; keyArn: string };

/** JSON with object keys sorted at every level. */
export function canonicalJson(text: string): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, sort(x)]));
    return v;
  };
  return JSON.stringify(sort(JSON.parse(text)));
}

/**
 * What differs between the baseline and the state now, as repairs. Key states come first (a key must be usable
 * before an alias or the ledger is pointed back at it), then policies, aliases, the ledger's key, and last QLDB's
 * grant: a ledger moved back to its key gets a new grant anyway, so the grant is renewed only when the ledger is on
 * its baseline key and QLDB holds no grant on it. Grant ids themselves are not compared: QLDB's grant is renewed
 * by a new grant with a new id.
 */
export function repairsFor(baseline: KeyStateSnapshot, now: KeyStateSnapshot): Repair[] {
  const repairs: Repair[] = [];
  for (const [keyArn, wanted] of Object.entries(baseline.keys)) {
    const current = now.keys[keyArn];
    if (!current) continue;
    if (current.state === 'PendingDeletion' && wanted.state !== 'PendingDeletion') repairs.push({ kind: 'cancel-deletion', keyArn });
    // CancelKeyDeletion leaves the key Disabled (https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-scheduling-key-deletion.html).
    const afterCancel = current.state === 'PendingDeletion' ? 'Disabled' : current.state;
    if (wanted.state === 'Enabled' && afterCancel === 'Disabled') repairs.push({ kind: 'enable-key', keyArn });
    if (wanted.state === 'Disabled' && afterCancel === 'Enabled') repairs.push({ kind: 'disable-key', keyArn });
  }
  for (const [keyArn, wanted] of Object.entries(baseline.keys)) {
    const current = now.keys[keyArn];
    if (current && current.policy !== wanted.policy) repairs.push({ kind: 'put-key-policy', keyArn, policy: wanted.policy });
  }
  for (const [aliasName, keyArn] of Object.entries(baseline.aliases)) {
    if (now.aliases[aliasName] !== keyArn) repairs.push({ kind: 'point-alias', aliasName, keyArn });
  }
  if (now.ledgerKeyArn !== baseline.ledgerKeyArn) repairs.push({ kind: 'update-ledger-key', keyArn: baseline.ledgerKeyArn });
  else if (baseline.qldbGrantIds.length > 0 && now.qldbGrantIds.length === 0) repairs.push({ kind: 'renew-qldb-grant', keyArn: baseline.ledgerKeyArn });
  return repairs;
}

/** What a repair stands for, in the words a "Drill Rollback Incomplete" alert names it. */
export function describeRepair(repair: Repair): string {
  switch (repair.kind) {
    case 'cancel-deletion':
      return `key ${repair.keyArn} is pending deletion`;
    case 'enable-key':
      return `key ${repair.keyArn} is disabled`;
    case 'disable-key':
      return `key ${repair.keyArn} is enabled (it was disabled)`;
    case 'put-key-policy':
      return `key ${repair.keyArn} has another key policy`;
    case 'point-alias':
      return `alias ${repair.aliasName} does not point at ${repair.keyArn}`;
    case 'update-ledger-key':
      return `the ledger is not on key ${repair.keyArn}`;
    case 'renew-qldb-grant':
      return `QLDB holds no grant on key ${repair.keyArn}`;
  }
}

/** What is left changed: the repairs still owed, and the ledger not ENABLED (the steady state). */
export function leftChanged(baseline: KeyStateSnapshot, now: KeyStateSnapshot): string[] {
  const left = repairsFor(baseline, now).map(describeRepair);
  if (now.ledgerStatus !== 'ENABLED') left.push(`the ledger is ${now.ledgerStatus}, not ENABLED`);
  return left;
}
