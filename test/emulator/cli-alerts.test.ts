import { spawn, execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateEventBusCommand, ListRulesCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { useRuntime } from '../helpers/runtime';

/** `keydrill alerts` against a runtime: --follow prints delivered events and cleans up on SIGINT; webhook subscriptions. */
const env = useRuntime();
const KEYDRILL = join(__dirname, '..', '..', 'bin', 'keydrill.js');
const cliEnv = () => ({ PATH: process.env.PATH!, ...env.runtime.env });

beforeAll(async () => {
  await env.clients.eventbridge.send(new CreateEventBusCommand({ Name: 'cli-alerts' }));
});

async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('keydrill alerts --follow', () => {
  it('prints matching events as JSON lines, and removes its rule and queue on SIGINT', async () => {
    const child = spawn(process.execPath, [KEYDRILL, 'alerts', '--follow', '--bus', 'cli-alerts', '--source', 'keydrill.test', '--json'], { env: cliEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => stderr.includes('following cli-alerts'));
      const rules = await env.clients.eventbridge.send(new ListRulesCommand({ EventBusName: 'cli-alerts', NamePrefix: 'keydrill-follow-' }));
      expect(rules.Rules).toHaveLength(1);
      const out = await env.clients.eventbridge.send(
        new PutEventsCommand({
          Entries: [
            { EventBusName: 'cli-alerts', Source: 'other.source', DetailType: 'Ignored', Detail: '{}' },
            { EventBusName: 'cli-alerts', Source: 'keydrill.test', DetailType: 'Ledger Encryption Status Changed', Detail: '{"ledger":"l1","status":"KMS_KEY_INACCESSIBLE"}' },
          ],
        }),
      );
      await waitFor(() => stdout.includes('\n')).catch((error: Error) => {
        throw new Error(`${error.message}; stderr: ${stderr}`);
      });
      const [line, ...more] = stdout.trim().split('\n');
      expect(more).toEqual([]);
      expect(JSON.parse(line)).toMatchObject({ id: out.Entries![1].EventId, source: 'keydrill.test', 'detail-type': 'Ledger Encryption Status Changed', detail: { status: 'KMS_KEY_INACCESSIBLE' } });
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('removed rule and queue');
    expect((await env.clients.eventbridge.send(new ListRulesCommand({ EventBusName: 'cli-alerts', NamePrefix: 'keydrill-follow-' }))).Rules).toEqual([]);
    expect((await env.clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'keydrill-follow-' }))).QueueUrls ?? []).toEqual([]);
  });
});

describe('keydrill alerts subscribe / list / unsubscribe', () => {
  it('subscribes a webhook that then receives the event, lists it, and removes it', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        bodies.push(`${req.headers['x-keydrill-subscription']} ${body}`);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
    const cli = (...args: string[]) => promisify(execFile)(process.execPath, [KEYDRILL, 'alerts', ...args], { env: cliEnv() });
    try {
      const { stdout } = await cli('subscribe', '--webhook', url, '--name', 'pager', '--bus', 'cli-alerts', '--detail-type', 'Key Disabled');
      expect(JSON.parse(stdout)).toMatchObject({ name: 'pager', bus: 'cli-alerts', ruleArn: expect.stringContaining(':rule/cli-alerts/keydrill-sub-pager') });
      await env.clients.eventbridge.send(new PutEventsCommand({ Entries: [{ EventBusName: 'cli-alerts', Source: 'keydrill', DetailType: 'Key Disabled', Detail: '{"key":"k"}' }] }));
      await waitFor(() => bodies.length > 0);
      expect(bodies[0]).toMatch(/^pager \{.*"detail-type":"Key Disabled"/);

      const listed = await cli('list', '--bus', 'cli-alerts', '--json');
      expect(JSON.parse(listed.stdout)).toMatchObject({ name: 'pager', endpoint: url, state: 'ENABLED', pattern: '{"detail-type":["Key Disabled"]}' });

      await cli('unsubscribe', 'pager', '--bus', 'cli-alerts');
      expect((await cli('list', '--bus', 'cli-alerts')).stdout).toBe('');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
