import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { QldbDriver, RetryConfig } from 'amazon-qldb-driver-nodejs';

/** The table the drill probe reads and writes in the ledger (made by the probe's administrator role). */
export const PROBE_TABLE = 'DrillProbe';

/** The content of the seed document the probe writes at its start, which the rotation drill reads back. */
export const seedPayload = (runId: string) => `seed of ${runId}`;

export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Temporary credentials of `roleArn`, as the application (or the drill's administrator) would hold them. */
export async function assumeRole(sts: STSClient, roleArn: string, sessionName: string): Promise<RoleCredentials> {
  const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName.replace(/[^\w+=,.@-]/g, '-').slice(0, 64), DurationSeconds: 3600 }));
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error(`AssumeRole of ${roleArn} returned no credentials`);
  return { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken };
}

/**
 * The unmodified QLDB driver as `credentials` (endpoint from the environment). The driver retries OCC
 * conflicts and some session errors itself (docs/qldb-session.md#how-the-driver-reacts); two retries keep what it
 * hides short while a failure still surfaces as the application would see it.
 */
export function ledgerDriver(ledgerName: string, credentials: RoleCredentials): QldbDriver {
  return new QldbDriver(ledgerName, { credentials }, undefined, 4, new RetryConfig(2));
}

/** Creates the probe table when the ledger lacks it (an administrator's job: the application may not run DDL). */
export async function ensureProbeTable(driver: QldbDriver): Promise<void> {
  await driver.executeLambda(async (txn) => {
    const tables = (await txn.execute(`SELECT name FROM information_schema.user_tables WHERE name = '${PROBE_TABLE}' AND status = 'ACTIVE'`)).getResultList();
    if (tables.length === 0) await txn.execute(`CREATE TABLE ${PROBE_TABLE}`);
  });
}

/** A read that decrypts journal data: the documents a run wrote (or none). */
export async function readProbeDocuments(driver: QldbDriver, runId: string): Promise<Array<{ kind: string; seq: number; payload: string }>> {
  return driver.executeLambda(async (txn) => {
    const rows = (await txn.execute(`SELECT kind, seq, payload FROM ${PROBE_TABLE} WHERE runId = ?`, runId)).getResultList();
    return rows.map((r) => ({ kind: r.get('kind')?.stringValue() ?? '', seq: r.get('seq')?.numberValue() ?? 0, payload: r.get('payload')?.stringValue() ?? '' }));
  });
}

export async function writeProbeDocument(driver: QldbDriver, doc: { runId: string; kind: string; seq: number; payload: string }): Promise<void> {
  await driver.executeLambda((txn) => txn.execute(`INSERT INTO ${PROBE_TABLE} ?`, doc));
}

/** The application's smallest read: the catalogue of tables (PartiQLSelect on information_schema). */
export async function catalogueRead(driver: QldbDriver): Promise<number> {
  return driver.executeLambda(async (txn) => (await txn.execute('SELECT name FROM information_schema.user_tables')).getResultList().length);
}
