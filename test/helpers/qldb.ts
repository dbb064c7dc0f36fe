import { CreateLedgerCommand, QLDBClient } from '@aws-sdk/client-qldb';
import { type QLDBSessionClient, SendCommandCommand } from '@aws-sdk/client-qldb-session';
import { QldbDriver, RetryConfig } from 'amazon-qldb-driver-nodejs';
import { dumpBinary, load, type dom } from 'ion-js';
import type { Runtime } from '../../runtime';
import { clientConfig } from './runtime';
import type { ClientCredentials } from './service-clients';

interface DriverQldbHash {
  dot(other: DriverQldbHash): DriverQldbHash;
  getQldbHash(): Uint8Array;
}

/**
 * The driver's own hashing, an independent oracle for the runtime's commit digests and revision hashes.
 * Its typings do not export it, hence the require.
 */
const { QldbHash } = require('amazon-qldb-driver-nodejs/dist/src/QldbHash') as {
  QldbHash: { new (hash: Uint8Array): DriverQldbHash; toQldbHash(value: unknown): DriverQldbHash };
};

/** Creates a ledger (unprotected, so tests may delete it) through @aws-sdk/client-qldb, as the administrator. */
export async function createLedger(runtime: Runtime, name: string, permissionsMode: 'ALLOW_ALL' | 'STANDARD' = 'ALLOW_ALL'): Promise<void> {
  const client = new QLDBClient(clientConfig(runtime));
  try {
    await client.send(new CreateLedgerCommand({ Name: name, PermissionsMode: permissionsMode, DeletionProtection: false }));
  } finally {
    client.destroy();
  }
}

/** The unmodified QLDB driver pointed at the runtime. */
export function qldbDriver(runtime: Runtime, ledger: string, options: { credentials?: ClientCredentials; maxConcurrentTransactions?: number; retryLimit?: number } = {}): QldbDriver {
  const { maxAttempts: _ignored, ...config } = clientConfig(runtime, options.credentials);
  return new QldbDriver(ledger, config, undefined, options.maxConcurrentTransactions ?? 10, new RetryConfig(options.retryLimit ?? 4));
}

export const ionOf = (value: unknown): Uint8Array => dumpBinary(value as never);

/** QLDB's Ion hash of a value, computed by the driver's code. */
export const driverHash = (value: dom.Value): Uint8Array => QldbHash.toQldbHash(dumpBinary(value)).getQldbHash();

/** The driver's ⊙ of two hashes. */
export const driverDot = (a: Uint8Array, b: Uint8Array): Uint8Array => new QldbHash(a).dot(new QldbHash(b)).getQldbHash();

/** The commit digest the driver would send, computed with the driver's own QldbHash (docs/qldb-session.md#commit-digest). */
export function driverDigest(transactionId: string, statements: { statement: string; parameters?: Uint8Array[] }[]): Uint8Array {
  let digest = QldbHash.toQldbHash(transactionId);
  for (const { statement, parameters = [] } of statements) {
    let statementHash = QldbHash.toQldbHash(statement);
    for (const p of parameters) statementHash = statementHash.dot(QldbHash.toQldbHash(p));
    digest = digest.dot(statementHash);
  }
  return digest.getQldbHash();
}

/** A raw session driven command by command with the real SDK client, for hand-made protocol sequences the driver never sends. */
export class RawSession {
  token = '';
  transactionId = '';
  private statements: { statement: string; parameters?: Uint8Array[] }[] = [];

  constructor(
    private readonly client: QLDBSessionClient,
    private readonly ledger: string,
  ) {}

  async start(): Promise<this> {
    const out = await this.client.send(new SendCommandCommand({ StartSession: { LedgerName: this.ledger } }));
    this.token = out.StartSession!.SessionToken!;
    return this;
  }

  async begin(): Promise<string> {
    const out = await this.client.send(new SendCommandCommand({ SessionToken: this.token, StartTransaction: {} }));
    this.transactionId = out.StartTransaction!.TransactionId!;
    this.statements = [];
    return this.transactionId;
  }

  async execute(statement: string, ...parameters: unknown[]): Promise<dom.Value[]> {
    const encoded = parameters.map(ionOf);
    this.statements.push({ statement, parameters: encoded });
    const out = await this.client.send(
      new SendCommandCommand({
        SessionToken: this.token,
        ExecuteStatement: { TransactionId: this.transactionId, Statement: statement, Parameters: encoded.map((IonBinary) => ({ IonBinary })) },
      }),
    );
    return out.ExecuteStatement!.FirstPage!.Values!.map((v) => load(v.IonBinary!)!);
  }

  async commit(digest = driverDigest(this.transactionId, this.statements)) {
    return this.client.send(new SendCommandCommand({ SessionToken: this.token, CommitTransaction: { TransactionId: this.transactionId, CommitDigest: digest } }));
  }
}
