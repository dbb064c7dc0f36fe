import {
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
  ListGrantsCommand,
  ListKeyRotationsCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  VerifyCommand,
  type CreateKeyCommandInput,
  KMSClient,
} from '@aws-sdk/client-kms';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Runtime } from '../../runtime';
import type { CfnTemplate } from '../../runtime/bootstrap/template';
import { StateFileError } from '../../runtime/core/durable-file';
import { clientConfig, rejectionOf, useRuntime, withRuntime } from '../helpers/runtime';
import { type ReadyProcess, spawnUntilReady } from '../helpers/spawn-until-ready';
import { tempDataDir } from '../helpers/temp-data-dir';

const REPO_ROOT = join(__dirname, '..', '..');

const stateFilePath = (dataDir: string, name: string) => join(dataDir, 'state', name.includes('.') ? name : `${name}.json`);
const withoutMetadata = <T extends { $metadata?: unknown }>({ $metadata: _metadata, ...members }: T) => members;

/** A data directory with one acknowledged key in it, and the runtime that wrote it stopped. */
async function dataDirWithAKey(): Promise<{ dataDir: string; keyId: string }> {
  const dataDir = tempDataDir('persistence');
  const runtime = await withRuntime({ dataDir });
  const kms = new KMSClient(clientConfig(runtime));
  try {
    return { dataDir, keyId: (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId! };
  } finally {
    kms.destroy();
    await runtime.stop();
  }
}

describe('a restart on the same data directory', () => {
  const GRANTEE = 'arn:aws:iam::111122223333:role/ledger-reader';
  const PLAINTEXT = Buffer.from('ledger digest 0001');
  const ENCRYPTION_CONTEXT = { ledger: 'keydrill' };
  const MESSAGE = Buffer.from('journal block 42');

  const env = useRuntime({ dataDir: tempDataDir('persistence') });
  /** The runtime that wrote the state; after the restart, `env.runtime` is the one that read it back. */
  let first: Runtime;
  const ids = { ledger: '', signer: '', disabled: '', doomed: '' };
  let customPolicy: string;
  let grantId: string;
  let ciphertext: Uint8Array;
  let signature: Uint8Array;
  let deletionDate: Date;
  let nextRotationDate: Date;
  let before: Awaited<ReturnType<typeof snapshot>>;

  /** Everything a KMS user can observe about the keys this suite creates. */
  async function snapshot(client: KMSClient) {
    const perKey = async (KeyId: string) => ({
      metadata: (await client.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata,
      policy: (await client.send(new GetKeyPolicyCommand({ KeyId }))).Policy,
      grants: (await client.send(new ListGrantsCommand({ KeyId }))).Grants,
      tags: (await client.send(new ListResourceTagsCommand({ KeyId }))).Tags,
    });
    return {
      keys: Object.fromEntries(await Promise.all(Object.entries(ids).map(async ([name, id]) => [name, await perKey(id)] as const))),
      keyIds: (await client.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyId).sort(),
      aliases: (await client.send(new ListAliasesCommand({}))).Aliases!.filter((a) => !a.AliasName!.startsWith('alias/aws/')),
      ledgerRotation: withoutMetadata(await client.send(new GetKeyRotationStatusCommand({ KeyId: ids.ledger }))),
      ledgerRotations: (await client.send(new ListKeyRotationsCommand({ KeyId: ids.ledger }))).Rotations,
    };
  }

  beforeAll(async () => {
    first = env.runtime;
    const { kms } = env.clients;
    const createKey = async (input: CreateKeyCommandInput) => (await kms.send(new CreateKeyCommand(input))).KeyMetadata!.KeyId!;

    ids.ledger = await createKey({ Description: 'ledger key', Tags: [{ TagKey: 'purpose', TagValue: 'ledger' }] });
    ids.signer = await createKey({ Description: 'digest signer', KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    ids.disabled = await createKey({ Description: 'disabled key' });
    ids.doomed = await createKey({ Description: 'doomed key' });

    customPolicy = JSON.stringify({
      Version: '2012-10-17',
      Id: 'persistence-test',
      Statement: [
        { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${first.account}:root` }, Action: 'kms:*', Resource: '*' },
        { Sid: 'Reader', Effect: 'Allow', Principal: { AWS: GRANTEE }, Action: 'kms:Decrypt', Resource: '*' },
      ],
    });
    await kms.send(new PutKeyPolicyCommand({ KeyId: ids.ledger, PolicyName: 'default', Policy: customPolicy }));
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/persist-ledger', TargetKeyId: ids.ledger }));
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/persist-signer', TargetKeyId: ids.signer }));
    grantId = (await kms.send(new CreateGrantCommand({ KeyId: ids.ledger, GranteePrincipal: GRANTEE, Operations: ['Decrypt', 'DescribeKey'], Name: 'reader' }))).GrantId!;

    // Encrypted before the rotation, so decrypting after the restart needs the persisted older material.
    ciphertext = (await kms.send(new EncryptCommand({ KeyId: 'alias/persist-ledger', Plaintext: PLAINTEXT, EncryptionContext: ENCRYPTION_CONTEXT }))).CiphertextBlob!;
    signature = (await kms.send(new SignCommand({ KeyId: ids.signer, Message: MESSAGE, SigningAlgorithm: 'ECDSA_SHA_256' }))).Signature!;
    await kms.send(new EnableKeyRotationCommand({ KeyId: ids.ledger, RotationPeriodInDays: 180 }));
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: ids.ledger }));
    nextRotationDate = (await kms.send(new GetKeyRotationStatusCommand({ KeyId: ids.ledger }))).NextRotationDate!;

    await kms.send(new DisableKeyCommand({ KeyId: ids.disabled }));
    deletionDate = (await kms.send(new ScheduleKeyDeletionCommand({ KeyId: ids.doomed, PendingWindowInDays: 7 }))).DeletionDate!;

    before = await snapshot(kms);
    await env.restart();
  });

  it('keeps the administrator credentials, so the same environment keeps working', () => {
    const { AWS_ENDPOINT_URL: _first, ...firstCredentials } = first.env;
    const { AWS_ENDPOINT_URL: _second, ...secondCredentials } = env.runtime.env;
    expect(secondCredentials).toEqual(firstCredentials);
  });

  it('answers every read exactly as before the restart', async () => {
    expect(await snapshot(env.clients.kms)).toEqual(before);
  });

  it('keeps each key state and the deletion date', async () => {
    const state = async (KeyId: string) => (await env.clients.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!;
    expect((await state(ids.ledger)).KeyState).toBe('Enabled');
    expect((await state(ids.signer)).KeySpec).toBe('ECC_NIST_P256');
    expect((await state(ids.disabled)).KeyState).toBe('Disabled');
    const doomed = await state(ids.doomed);
    expect(doomed.KeyState).toBe('PendingDeletion');
    expect(doomed.DeletionDate).toEqual(deletionDate);
  });

  it('keeps the rotation status and the on-demand rotation', async () => {
    expect(withoutMetadata(await env.clients.kms.send(new GetKeyRotationStatusCommand({ KeyId: ids.ledger })))).toEqual({
      KeyId: `arn:aws:kms:${env.runtime.region}:${env.runtime.account}:key/${ids.ledger}`,
      KeyRotationEnabled: true,
      RotationPeriodInDays: 180,
      NextRotationDate: nextRotationDate,
    });
    const rotations = (await env.clients.kms.send(new ListKeyRotationsCommand({ KeyId: ids.ledger }))).Rotations!;
    expect(rotations.map((r) => r.RotationType)).toEqual(['ON_DEMAND']);
    expect((await env.clients.kms.send(new DescribeKeyCommand({ KeyId: ids.ledger }))).KeyMetadata!.CurrentKeyMaterialId).toBe(rotations[0].KeyMaterialId);
  });

  it('keeps aliases, the grant and the custom key policy', async () => {
    const aliases = (await env.clients.kms.send(new ListAliasesCommand({}))).Aliases!;
    expect(aliases.find((a) => a.AliasName === 'alias/persist-ledger')?.TargetKeyId).toBe(ids.ledger);
    expect(aliases.find((a) => a.AliasName === 'alias/persist-signer')?.TargetKeyId).toBe(ids.signer);
    expect((await env.clients.kms.send(new ListGrantsCommand({ KeyId: ids.ledger }))).Grants).toEqual([
      expect.objectContaining({ GrantId: grantId, Name: 'reader', GranteePrincipal: GRANTEE, Operations: ['Decrypt', 'DescribeKey'] }),
    ]);
    expect((await env.clients.kms.send(new GetKeyPolicyCommand({ KeyId: ids.ledger }))).Policy).toBe(customPolicy);
  });

  it('still decrypts the ciphertext written before the restart and rotation', async () => {
    const { Plaintext, KeyId } = await env.clients.kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: ENCRYPTION_CONTEXT }));
    expect(Buffer.from(Plaintext!)).toEqual(PLAINTEXT);
    expect(KeyId).toBe(`arn:aws:kms:${env.runtime.region}:${env.runtime.account}:key/${ids.ledger}`);
  });

  it('still verifies the signature made with the persisted private key', async () => {
    const { SignatureValid } = await env.clients.kms.send(new VerifyCommand({ KeyId: ids.signer, Message: MESSAGE, Signature: signature, SigningAlgorithm: 'ECDSA_SHA_256' }));
    expect(SignatureValid).toBe(true);
  });
});

describe('a state file that cannot be trusted', () => {
  it.each(['kms', 'identity', 'trail.jsonl'])('refuses a corrupt %s state file with a StateFileError naming it, and leaves it as it was', async (name) => {
    const { dataDir } = await dataDirWithAKey();
    const path = stateFilePath(dataDir, name);
    writeFileSync(path, 'garbage{"format":');

    const err = await rejectionOf(withRuntime({ dataDir }));
    expect(err).toBeInstanceOf(StateFileError);
    expect(err.name).toBe('StateFileError');
    expect((err as StateFileError).file).toBe(path);
    expect(err.message).toContain(path);
    expect(err.message).toMatch(/corrupt/);
    expect(readFileSync(path, 'utf8')).toBe('garbage{"format":');
  });

  it('refuses a kms.json written by a newer format, and leaves it as it was', async () => {
    const { dataDir } = await dataDirWithAKey();
    const path = stateFilePath(dataDir, 'kms');
    const envelope = JSON.parse(readFileSync(path, 'utf8'));
    expect(envelope).toMatchObject({ kind: 'kms', format: expect.any(Number) });
    const newer = JSON.stringify({ ...envelope, format: envelope.format + 1 });
    writeFileSync(path, newer);

    const err = await rejectionOf(withRuntime({ dataDir }));
    expect(err).toBeInstanceOf(StateFileError);
    expect(err.message).toContain(path);
    expect(err.message).toContain(`format ${envelope.format + 1}, written by a newer keydrill`);
    expect(readFileSync(path, 'utf8')).toBe(newer);
  });

  it('refuses a JSON file of another kind in the place of kms.json', async () => {
    const { dataDir } = await dataDirWithAKey();
    const path = stateFilePath(dataDir, 'kms');
    const identity = readFileSync(stateFilePath(dataDir, 'identity'), 'utf8');
    writeFileSync(path, identity);

    const err = await rejectionOf(withRuntime({ dataDir }));
    expect(err).toBeInstanceOf(StateFileError);
    expect(err.message).toContain(`${path}: the file is not a keydrill kms state file`);
    expect(readFileSync(path, 'utf8')).toBe(identity);
  });

  it('starts with everything intact once the original file is restored (the refusal released the lock)', async () => {
    const { dataDir, keyId } = await dataDirWithAKey();
    const path = stateFilePath(dataDir, 'kms');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, '\u0000\u0000\u0000');
    await rejectionOf(withRuntime({ dataDir }));
    expect(existsSync(join(dataDir, 'runtime.lock'))).toBe(false);

    writeFileSync(path, original);
    const runtime = await withRuntime({ dataDir });
    const kms = new KMSClient(clientConfig(runtime));
    try {
      expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState).toBe('Enabled');
    } finally {
      kms.destroy();
      await runtime.stop();
    }
  });
});

describe('a deployment recorded in format 1, which kept handler bookkeeping among the attributes', () => {
  const allow = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
  const rootTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } }, Action: 'sts:AssumeRole' }] };
  const template = (full: boolean): CfnTemplate => ({
    Resources: {
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'recorded-role',
          AssumeRolePolicyDocument: rootTrust,
          Policies: [{ PolicyName: 'describes-keys', PolicyDocument: allow('kms:DescribeKey') }, ...(full ? [{ PolicyName: 'lists-keys', PolicyDocument: allow('kms:ListKeys') }] : [])],
        },
      },
      Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'recorded-queue' } },
      ...(full
        ? {
            Policy: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'lists-aliases', Roles: [{ Ref: 'Role' }], PolicyDocument: allow('kms:ListAliases') } },
            QueuePolicy: { Type: 'AWS::SQS::QueuePolicy', Properties: { Queues: [{ Ref: 'Queue' }], PolicyDocument: allow('sqs:SendMessage') } },
          }
        : {}),
    },
    Outputs: { QueueUrl: { Value: { Ref: 'Queue' } } },
  });

  /** Rewrites the deployment as a format-1 keydrill stored it: bookkeeping under the attributes, no state. */
  function recordAsFormat1(dataDir: string): void {
    const path = stateFilePath(dataDir, 'deployment');
    const envelope = JSON.parse(readFileSync(path, 'utf8'));
    for (const resource of Object.values<{ attributes: object; state?: object }>(envelope.data.resources)) {
      resource.attributes = { ...resource.attributes, ...resource.state };
      delete resource.state;
    }
    writeFileSync(path, JSON.stringify({ ...envelope, format: 1 }));
  }

  /** What the role may do, and whether the queue has a policy. */
  async function observe(runtime: Runtime) {
    const asRole = new KMSClient(clientConfig(runtime, runtime.roleCredentials('recorded-role')));
    const sqs = new SQSClient(clientConfig(runtime));
    try {
      const allowed = async (call: Promise<unknown>) => call.then(() => true, (e: Error) => (e.name === 'AccessDeniedException' ? false : Promise.reject(e)));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: runtime.outputs.QueueUrl, AttributeNames: ['Policy'] }));
      return {
        listsKeys: await allowed(asRole.send(new ListKeysCommand({}))),
        listsAliases: await allowed(asRole.send(new ListAliasesCommand({}))),
        queuePolicy: Attributes?.Policy ?? '',
      };
    } finally {
      asRole.destroy();
      sqs.destroy();
    }
  }

  const stack = (full: boolean) => ({ name: 'recorded', template: template(full) });

  it('loads, and a redeploy still takes off the policies the template no longer has', async () => {
    const dataDir = tempDataDir('persistence-format-1');
    const first = await withRuntime({ dataDir, stack: stack(true) });
    const outputs = first.outputs;
    try {
      expect(await observe(first)).toEqual({ listsKeys: true, listsAliases: true, queuePolicy: expect.stringContaining('sqs:SendMessage') });
    } finally {
      await first.stop();
    }
    recordAsFormat1(dataDir);

    const unchanged = await withRuntime({ dataDir, stack: stack(true) });
    try {
      expect(unchanged.outputs).toEqual(outputs);
    } finally {
      await unchanged.stop();
    }

    const reduced = await withRuntime({ dataDir, stack: stack(false) });
    try {
      expect(await observe(reduced)).toEqual({ listsKeys: false, listsAliases: false, queuePolicy: '' });
    } finally {
      await reduced.stop();
    }
  });
});

describe('the data directory lock', () => {
  /** Starts a runtime in a separate Node process on `dataDir`; resolves once it is listening. */
  function runtimeInAnotherProcess(dataDir: string): Promise<ReadyProcess> {
    const script = `
      require('tsx/cjs');
      const { startRuntime } = require('./runtime/runtime.ts');
      startRuntime({ port: 0, dataDir: process.argv[1] }).then((runtime) => {
        process.on('SIGTERM', () => runtime.stop().then(() => process.exit(0)));
        process.stdout.write(JSON.stringify({ event: 'ready', endpoint: runtime.endpoint }) + '\\n');
      }, (e) => { console.error(e); process.exit(1); });`;
    return spawnUntilReady(process.execPath, ['-e', script, dataDir], { name: 'the other runtime', cwd: REPO_ROOT, ready: (line) => line.includes('"event":"ready"') });
  }

  const exitOf = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

  it('refuses a second runtime while a runtime in another process holds the directory', async () => {
    const dataDir = tempDataDir('persistence');
    const other = await runtimeInAnotherProcess(dataDir);
    expect(readFileSync(join(dataDir, 'runtime.lock'), 'utf8')).toBe(String(other.child.pid));
    const stateBefore = readdirSync(join(dataDir, 'state')).map((f) => [f, readFileSync(join(dataDir, 'state', f), 'utf8')]);

    const err = await rejectionOf(withRuntime({ dataDir }));
    expect(err.message).toBe(`${dataDir} is in use by another keydrill runtime (pid ${other.child.pid}); stop it or choose another --data-dir`);
    // The refused runtime neither took the lock nor touched the state.
    expect(readFileSync(join(dataDir, 'runtime.lock'), 'utf8')).toBe(String(other.child.pid));
    expect(readdirSync(join(dataDir, 'state')).map((f) => [f, readFileSync(join(dataDir, 'state', f), 'utf8')])).toEqual(stateBefore);

    expect((await other.stop('SIGTERM')).code).toBe(0);
    expect(existsSync(join(dataDir, 'runtime.lock'))).toBe(false);
    const runtime = await withRuntime({ dataDir });
    await runtime.stop();
  });

  it('refuses a second runtime in the same process while the first one runs', async () => {
    const dataDir = tempDataDir('persistence');
    const runtime = await withRuntime({ dataDir });
    let intruder: Runtime | undefined;
    try {
      const outcome = await withRuntime({ dataDir }).then(
        (r) => {
          intruder = r;
          return 'started';
        },
        (e: Error) => e.message,
      );
      expect(outcome).toMatch(/is in use by another keydrill runtime/);
    } finally {
      await intruder?.stop();
      await runtime.stop();
    }
  });

  it('takes over a lock left behind by a process that no longer exists, and releases it on stop', async () => {
    const dataDir = tempDataDir('persistence');
    const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    expect(await exitOf(gone)).toBe(0);
    writeFileSync(join(dataDir, 'runtime.lock'), String(gone.pid));

    const runtime = await withRuntime({ dataDir });
    expect(readFileSync(join(dataDir, 'runtime.lock'), 'utf8')).toBe(String(process.pid));
    await runtime.stop();
    expect(existsSync(join(dataDir, 'runtime.lock'))).toBe(false);
  });
});
