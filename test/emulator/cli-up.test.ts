import { DescribeKeyCommand, KMSClient, ListAliasesCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type ReadyProcess, spawnUntilReady } from '../helpers/spawn-until-ready';
import { tempDataDir } from '../helpers/temp-data-dir';

// `keydrill up` synthesizes the CDK app when infra/ changed since the last synthesis: allow for it.
jest.setTimeout(120_000);

const REPO_ROOT = join(__dirname, '..', '..');
const KEYDRILL = join(REPO_ROOT, 'bin', 'keydrill.js');
const OUTPUT_KEYS = ['AppRoleArn', 'LedgerKeyAlias', 'LedgerKeyArn', 'NoAccessKeyArn', 'RotateKeyArn', 'StandbyKeyArn'];
const ENV_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_SECRET_ACCESS_KEY'];

interface ReadyEvent {
  event: 'ready';
  endpoint: string;
  env: Record<string, string>;
  controlToken: string;
  outputs: Record<string, string>;
  dataDir: string;
  startupMs: number;
}

const tryParse = (line: string): { event?: string } | undefined => {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
};

const isEvent = (event: string) => (line: string) => tryParse(line)?.event === event;

/** The first stdout line `{"event":<event>,…}` of a `keydrill up`; rejects if the process exits without printing it. */
const nextEvent = async (up: ReadyProcess, event: string): Promise<unknown> => JSON.parse(await up.line(isEvent(event)));

/** `keydrill up` as a child process, once it has printed its ready line. */
const keydrillUp = (args: string[]) => spawnUntilReady(process.execPath, [KEYDRILL, 'up', ...args], { name: 'keydrill up', cwd: REPO_ROOT, ready: isEvent('ready') });

const dataDir = tempDataDir('cli-up');

const keydrill = (...args: string[]) => promisify(execFile)(process.execPath, [KEYDRILL, ...args], { cwd: REPO_ROOT, env: process.env });

/**
 * Runs `body` with the process environment holding exactly what `keydrill up` printed, so clients built as
 * application code builds them — `new XClient({})` — find the runtime through the environment alone.
 */
async function withPrintedEnv<T>(env: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('AWS_ENDPOINT_URL') || ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_REGION'].includes(name)) delete process.env[name];
  }
  Object.assign(process.env, env);
  try {
    return await body();
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}

describe('keydrill up', () => {
  let up: ReadyProcess;
  let ready: ReadyEvent;
  let keyArnsBefore: string[];

  beforeAll(async () => {
    up = await keydrillUp(['--port', '0', '--data-dir', dataDir]);
    ready = JSON.parse(up.readyLine);
  });

  it('prints one ready line with the endpoint, the environment and the stack outputs', () => {
    expect(up.stdoutLines.filter((l) => tryParse(l)?.event === 'ready')).toHaveLength(1);
    expect(ready.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(ready.endpoint).port)).toBeGreaterThan(0);
    expect(ready.dataDir).toBe(dataDir);
    expect(Object.keys(ready.env).sort()).toEqual(ENV_KEYS);
    expect(ready.env).toEqual({
      AWS_ENDPOINT_URL: ready.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: expect.stringMatching(/^AKIA[A-Z0-9]{16}$/),
      AWS_SECRET_ACCESS_KEY: expect.stringMatching(/^\S{40}$/),
    });
    // The stack may grow more outputs (the ledger, …); these are the ones the brief of `keydrill up` promises.
    expect(Object.keys(ready.outputs)).toEqual(expect.arrayContaining(OUTPUT_KEYS));
    const keyArn = expect.stringMatching(/^arn:aws:kms:us-east-1:000000000000:key\/[0-9a-f-]{36}$/);
    expect(ready.outputs).toMatchObject({
      LedgerKeyArn: keyArn,
      RotateKeyArn: keyArn,
      StandbyKeyArn: keyArn,
      NoAccessKeyArn: keyArn,
      LedgerKeyAlias: expect.stringMatching(/^alias\/[\w/-]+$/),
      AppRoleArn: expect.stringMatching(/^arn:aws:iam::000000000000:role\/\S+$/),
    });
    expect(new Set([ready.outputs.LedgerKeyArn, ready.outputs.RotateKeyArn, ready.outputs.StandbyKeyArn, ready.outputs.NoAccessKeyArn]).size).toBe(4);
  });

  it('keeps stdout machine-readable: every line it printed is JSON, progress goes to stderr', () => {
    expect(up.stdoutLines.every((l) => tryParse(l) !== undefined)).toBe(true);
    expect(up.stderr).toMatch(/keydrill: /);
  });

  it('prints a controlToken that the control plane accepts, and keeps it in the data directory for the user alone', async () => {
    expect(ready.controlToken).toMatch(/^[\w-]{43}$/);
    const tokenFile = join(dataDir, 'control-token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(tokenFile, 'utf8').trim()).toBe(ready.controlToken);
    const outputs = (token?: string) => fetch(`${ready.endpoint}/_keydrill/outputs`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await outputs()).status).toBe(401);
    const answer = await outputs(ready.controlToken);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual(ready.outputs);
  });

  describe('CLI commands reach the control plane with the token', () => {
    const logs = (env: Record<string, string>, cwd = REPO_ROOT) =>
      promisify(execFile)(process.execPath, [KEYDRILL, 'logs', 'no-such-function'], { cwd, env: { PATH: process.env.PATH!, AWS_ENDPOINT_URL: ready.endpoint, ...env } }).then(
        () => '',
        (e: { stderr: string }) => e.stderr,
      );
    // "no function named" is the Lambda route's own answer: the call got past the control plane's check.
    const AUTHORIZED = 'keydrill: no function named no-such-function';

    it('from KEYDRILL_CONTROL_TOKEN, and say so when it is refused', async () => {
      expect(await logs({ KEYDRILL_CONTROL_TOKEN: ready.controlToken })).toContain(AUTHORIZED);
      expect(await logs({ KEYDRILL_CONTROL_TOKEN: 'not-the-token' })).toContain("refused the call (the bearer token is not this runtime's controlToken)");
    });

    it('from the default data directory when the environment has no credentials', async () => {
      const project = tempDataDir('cli-token');
      mkdirSync(join(project, '.keydrill'));
      writeFileSync(join(project, '.keydrill', 'control-token'), ready.controlToken);
      expect(await logs({}, project)).toContain(AUTHORIZED);
      expect(await logs({}, tempDataDir('cli-no-token'))).toContain('refused the call (the control plane needs Authorization');
    });
  });

  it('serves the deployed keys to the unmodified SDK clients configured by the printed environment alone', async () => {
    await withPrintedEnv(ready.env, async () => {
      const kms = new KMSClient({ maxAttempts: 1 });
      const sts = new STSClient({ maxAttempts: 1 });
      try {
        const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: ready.outputs.LedgerKeyArn }));
        expect(KeyMetadata).toMatchObject({ Arn: ready.outputs.LedgerKeyArn, KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT' });

        const aliases = (await kms.send(new ListAliasesCommand({}))).Aliases!;
        const ledgerAlias = aliases.find((a) => a.AliasName === ready.outputs.LedgerKeyAlias);
        expect(ledgerAlias?.TargetKeyId).toBe(KeyMetadata!.KeyId);

        expect(await sts.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root' });

        keyArnsBefore = (await kms.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyArn!).sort();
        expect(keyArnsBefore).toEqual(expect.arrayContaining([ready.outputs.LedgerKeyArn, ready.outputs.RotateKeyArn, ready.outputs.StandbyKeyArn, ready.outputs.NoAccessKeyArn]));
      } finally {
        kms.destroy();
        sts.destroy();
      }
    });
  });

  it('`keydrill outputs` prints the same outputs from the data directory', async () => {
    const { stdout } = await keydrill('outputs', '--data-dir', dataDir);
    expect(JSON.parse(stdout)).toEqual(ready.outputs);
  });

  it('refuses a second `keydrill up` on the same data directory', async () => {
    const err = (await keydrill('up', '--port', '0', '--data-dir', dataDir).then(
      () => undefined,
      (e: { code?: number; stdout?: string; stderr?: string }) => e,
    ))!;
    expect(err).toBeDefined();
    expect(err.code).toBe(1);
    expect(err.stderr).toContain(`${dataDir} is in use by another keydrill runtime (pid ${up.child.pid})`);
    expect(err.stdout).not.toContain('"event":"ready"');
  });

  describe('stopped with SIGTERM and started again on the same data directory', () => {
    let deploymentBefore: string;
    let again: ReadyProcess;
    let readyAgain: ReadyEvent;

    beforeAll(async () => {
      deploymentBefore = readFileSync(join(dataDir, 'state', 'deployment.json'), 'utf8');
    });
    afterAll(async () => {
      await again?.stop('SIGTERM');
    });

    it('prints {"event":"stopped"}, exits 0 and releases the data directory', async () => {
      up.child.kill('SIGTERM');
      expect(await nextEvent(up, 'stopped')).toEqual({ event: 'stopped' });
      expect(await up.exited).toEqual({ code: 0, signal: null });
      expect(existsSync(join(dataDir, 'runtime.lock'))).toBe(false);
      expect(existsSync(join(dataDir, 'control-token'))).toBe(false);
    });

    it('comes back with the same keys, credentials and outputs, without deploying anything again', async () => {
      again = await keydrillUp(['--port', '0', '--data-dir', dataDir]);
      readyAgain = JSON.parse(again.readyLine);
      expect(readyAgain.outputs).toEqual(ready.outputs);
      expect(readyAgain.env.AWS_ACCESS_KEY_ID).toBe(ready.env.AWS_ACCESS_KEY_ID);
      expect(readyAgain.env.AWS_SECRET_ACCESS_KEY).toBe(ready.env.AWS_SECRET_ACCESS_KEY);
      // The token is the running runtime's, not the data directory's: the first one no longer opens anything.
      expect(readyAgain.controlToken).not.toBe(ready.controlToken);
      expect(readFileSync(join(dataDir, 'control-token'), 'utf8').trim()).toBe(readyAgain.controlToken);
      // An unchanged template is not redeployed: the recorded deployment is byte for byte the same.
      expect(readFileSync(join(dataDir, 'state', 'deployment.json'), 'utf8')).toBe(deploymentBefore);

      await withPrintedEnv(readyAgain.env, async () => {
        const kms = new KMSClient({ maxAttempts: 1 });
        try {
          // Exactly the keys of the first start: none lost, none created a second time.
          expect((await kms.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyArn!).sort()).toEqual(keyArnsBefore);
          const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: ready.outputs.LedgerKeyAlias }));
          expect(KeyMetadata!.Arn).toBe(ready.outputs.LedgerKeyArn);
        } finally {
          kms.destroy();
        }
      });
    });

    it('stops again on SIGTERM with exit code 0', async () => {
      again.child.kill('SIGTERM');
      expect(await nextEvent(again, 'stopped')).toEqual({ event: 'stopped' });
      expect(await again.exited).toEqual({ code: 0, signal: null });
    });
  });
});
