import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { DescribeStreamSummaryCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { DescribeLedgerCommand } from '@aws-sdk/client-qldb';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Runtime } from '../../runtime';
import { control } from '../helpers/control-plane';
import { keydrillTemplate } from '../helpers/keydrill-stack';
import { qldbDriver } from '../helpers/qldb';
import { failure, useRuntime, type RuntimeFixture } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';

jest.setTimeout(120_000);

const stack = keydrillTemplate();

/** `POST /_keydrill/reset` over real HTTP, as `curl` or a test harness sends it: its status. */
async function resetOverHttp(runtime: Runtime): Promise<number> {
  return (await control(runtime, 'reset', { method: 'POST', body: {} })).status;
}

/** Every resource of the stack a reset must bring back answers. */
async function expectFreshDeployment(env: RuntimeFixture): Promise<void> {
  const { outputs } = env.runtime;
  const { State } = await env.clients.qldb.send(new DescribeLedgerCommand({ Name: outputs.LedgerName }));
  expect(State).toBe('ACTIVE');
  const { StreamDescriptionSummary } = await env.clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: outputs.JournalStreamName }));
  expect(StreamDescriptionSummary?.StreamStatus).toBe('ACTIVE');
  const { KeyMetadata } = await env.clients.kms.send(new DescribeKeyCommand({ KeyId: outputs.LedgerKeyAlias }));
  expect(KeyMetadata?.KeyState).toBe('Enabled');
  expect((await env.clients.dynamodb.send(new ScanCommand({ TableName: outputs.ProjectionTableName }))).Count).toBe(0);
}

/** The HTTP status of a call that may fail (a 4xx is fine while a reset runs: what it names may be gone); 0 when no answer came. */
async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (e) {
    return (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
  }
}

describe('reset, on a data directory with the keydrill stack and a committed transaction', () => {
  const env = useRuntime({ dataDir: tempDataDir('reset'), stack }, { timeoutMs: 120_000 });

  beforeAll(async () => {
    // A commit starts the journal stream's work in kinesalite: what a reset used to tear down under the streamer.
    const driver = qldbDriver(env.runtime, env.runtime.outputs.LedgerName);
    try {
      await driver.executeLambda((txn) => txn.execute('CREATE TABLE Resets'));
      await driver.executeLambda((txn) => txn.execute('INSERT INTO Resets ?', { n: 1 }));
    } finally {
      driver.close();
    }
  });

  it('answers 200 to resets sent back to back, each as soon as the previous one answered', async () => {
    for (let i = 0; i < 3; i++) expect(await resetOverHttp(env.runtime)).toBe(200);
    await expectFreshDeployment(env);
  });

  it('answers 200 to resets sent in parallel, and ends with one fresh deployment', async () => {
    const statuses = await Promise.all([0, 1, 2, 3].map(() => resetOverHttp(env.runtime)));
    expect(statuses).toEqual([200, 200, 200, 200]);
    await expectFreshDeployment(env);
  });

  it('never answers 5xx nor drops a connection to traffic that runs while resets run', async () => {
    const { outputs } = env.runtime;
    let resetting = true;
    const statuses: number[] = [];
    const traffic = async () => {
      while (resetting) {
        statuses.push(
          ...(await Promise.all([
            statusOf(env.clients.kms.send(new EncryptCommand({ KeyId: outputs.LedgerKeyAlias, Plaintext: Buffer.from('x') }))),
            statusOf(env.clients.kinesis.send(new PutRecordCommand({ StreamName: outputs.JournalStreamName, PartitionKey: 'p', Data: Buffer.from('x') }))),
            statusOf(env.clients.dynamodb.send(new ScanCommand({ TableName: outputs.ProjectionTableName }))),
            statusOf(env.clients.qldb.send(new DescribeLedgerCommand({ Name: outputs.LedgerName }))),
          ])),
        );
      }
    };
    const running = [traffic(), traffic()];
    const resets = await Promise.all([resetOverHttp(env.runtime), resetOverHttp(env.runtime)]);
    resets.push(await resetOverHttp(env.runtime));
    resetting = false;
    await Promise.all(running);
    expect(resets).toEqual([200, 200, 200]);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 0 || s >= 500)).toEqual([]);
    await expectFreshDeployment(env);
  });
});

describe('a reset the process did not live to finish', () => {
  const dataDir = tempDataDir('reset-crash');
  const env = useRuntime({ dataDir, stack }, { timeoutMs: 120_000 });

  it('is finished at the next start-up: every service wiped and the stack deployed afresh', async () => {
    const { KeyMetadata } = await env.clients.kms.send(new CreateKeyCommand({}));
    const ledgerKeyBefore = env.runtime.outputs.LedgerKeyArn;
    await env.restart({}, () => {
      // What a runtime killed in the middle of a reset leaves: the marker it writes before wiping anything.
      writeFileSync(join(dataDir, 'state', 'reset-in-progress.json'), JSON.stringify({ format: 1, kind: 'reset-in-progress', data: { startedAt: new Date().toISOString() } }));
    });
    expect(await failure(env.clients.kms.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId })))).toMatchObject({ name: 'NotFoundException', status: 400 });
    expect(env.runtime.outputs.LedgerKeyArn).not.toBe(ledgerKeyBefore);
    await expectFreshDeployment(env);
    expect(existsSync(join(dataDir, 'state', 'reset-in-progress.json'))).toBe(false);
  });
});
