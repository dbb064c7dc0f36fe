import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  DeleteApiDestinationCommand,
  DeleteConnectionCommand,
  DescribeApiDestinationCommand,
  DescribeConnectionCommand,
  ListApiDestinationsCommand,
  ListConnectionsCommand,
  PutEventsCommand,
  UpdateConnectionCommand,
} from '@aws-sdk/client-eventbridge';
import { control } from '../helpers/control-plane';
import { ruleWithTargets } from '../helpers/events';
import { failure, useRuntime } from '../helpers/runtime';

/** API destinations: connections and destinations through client-eventbridge, and the webhook call a rule makes to a local HTTP server. */
const env = useRuntime({ events: { baseDelayMs: 5, maxDelayMs: 20 } });
const eb = () => env.clients.eventbridge;

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook that records every request and answers with the next status of `answers` (then 200). */
function webhook(answers: { status: number; headers?: Record<string, string> }[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const answer = answers.shift() ?? { status: 200 };
      res.writeHead(answer.status, answer.headers).end();
    });
  });
  return {
    received,
    async start(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

async function destination(name: string, endpoint: string, auth: 'API_KEY' | 'BASIC' = 'API_KEY') {
  const { ConnectionArn } = await eb().send(
    new CreateConnectionCommand({
      Name: `${name}-connection`,
      AuthorizationType: auth,
      AuthParameters:
        auth === 'API_KEY'
          ? { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'secret-value' }, InvocationHttpParameters: { HeaderParameters: [{ Key: 'x-from-connection', Value: 'c', IsValueSecret: false }] } }
          : { BasicAuthParameters: { Username: 'user', Password: 'pass' } },
    }),
  );
  const { ApiDestinationArn } = await eb().send(new CreateApiDestinationCommand({ Name: name, ConnectionArn, InvocationEndpoint: endpoint, HttpMethod: 'POST' }));
  return { connectionArn: ConnectionArn!, arn: ApiDestinationArn! };
}

describe('connections and API destinations', () => {
  it('creates, describes without secrets, lists, updates and deletes', async () => {
    const { connectionArn, arn } = await destination('crud', 'https://example.com/hooks');
    expect(connectionArn).toMatch(new RegExp(`^arn:aws:events:${env.runtime.region}:${env.runtime.account}:connection/crud-connection/[0-9a-f-]{36}$`));
    expect(arn).toMatch(/:api-destination\/crud\/[0-9a-f-]{36}$/);

    const described = await eb().send(new DescribeConnectionCommand({ Name: 'crud-connection' }));
    expect(described).toMatchObject({ ConnectionArn: connectionArn, ConnectionState: 'AUTHORIZED', AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key' } } });
    expect(JSON.stringify(described)).not.toContain('secret-value');
    expect(described.SecretArn).toMatch(/^arn:aws:secretsmanager:.*:secret:events!connection\/crud-connection\//);

    expect((await eb().send(new ListConnectionsCommand({ NamePrefix: 'crud' }))).Connections!.map((c) => c.Name)).toEqual(['crud-connection']);
    expect(await eb().send(new DescribeApiDestinationCommand({ Name: 'crud' }))).toMatchObject({
      ApiDestinationArn: arn,
      ApiDestinationState: 'ACTIVE',
      ConnectionArn: connectionArn,
      InvocationEndpoint: 'https://example.com/hooks',
      HttpMethod: 'POST',
      InvocationRateLimitPerSecond: 300,
    });
    expect((await eb().send(new ListApiDestinationsCommand({ ConnectionArn: connectionArn }))).ApiDestinations!.map((d) => d.Name)).toEqual(['crud']);

    await eb().send(new UpdateConnectionCommand({ Name: 'crud-connection', AuthParameters: { ApiKeyAuthParameters: { ApiKeyValue: 'rotated' } } }));
    expect((await eb().send(new DescribeConnectionCommand({ Name: 'crud-connection' }))).AuthParameters!.ApiKeyAuthParameters).toEqual({ ApiKeyName: 'x-api-key' });

    await eb().send(new DeleteApiDestinationCommand({ Name: 'crud' }));
    expect(await failure(eb().send(new DescribeApiDestinationCommand({ Name: 'crud' })))).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await eb().send(new DeleteConnectionCommand({ Name: 'crud-connection' }))).toMatchObject({ ConnectionState: 'DELETING' });
    expect(await failure(eb().send(new DescribeConnectionCommand({ Name: 'crud-connection' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Failed to describe the connection(s). Connection 'crud-connection' does not exist.",
    });
  });

  it('refuses duplicates, missing credentials and unknown connections, and keeps the state', async () => {
    await destination('dupe', 'https://example.com/a');
    expect(await failure(eb().send(new CreateConnectionCommand({ Name: 'dupe-connection', AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'u', Password: 'p' } } })))).toMatchObject({
      name: 'ResourceAlreadyExistsException',
    });
    expect(await failure(eb().send(new CreateConnectionCommand({ Name: 'no-key', AuthorizationType: 'API_KEY', AuthParameters: { BasicAuthParameters: { Username: 'u', Password: 'p' } } })))).toMatchObject({
      name: 'ValidationException',
      message: 'ApiKeyAuthParameters must be specified for AuthorizationType API_KEY.',
    });
    const ghost = `arn:aws:events:${env.runtime.region}:${env.runtime.account}:connection/ghost/00000000-0000-0000-0000-000000000000`;
    expect(await failure(eb().send(new CreateApiDestinationCommand({ Name: 'ghost', ConnectionArn: ghost, InvocationEndpoint: 'https://example.com', HttpMethod: 'POST' })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(await failure(eb().send(new CreateApiDestinationCommand({ Name: 'bad-method', ConnectionArn: ghost, InvocationEndpoint: 'https://example.com', HttpMethod: 'CONNECT' as 'POST' })))).toMatchObject({
      name: 'ValidationException',
    });
    expect((await eb().send(new ListApiDestinationsCommand({ NamePrefix: 'ghost' }))).ApiDestinations).toEqual([]);
    expect((await eb().send(new ListConnectionsCommand({ NamePrefix: 'no-key' }))).Connections).toEqual([]);
  });
});

describe('a rule with an API destination target', () => {
  it('calls the webhook with AWS headers, the connection\'s key, path parameters and the event as body', async () => {
    const hook = webhook();
    const base = await hook.start();
    try {
      const { arn } = await destination('orders-hook', `${base}/hooks/*`);
      await ruleWithTargets(env.clients, { Name: 'to-webhook', EventPattern: { source: ['app.webhook'] } }, [
        { Id: 'hook', Arn: arn, HttpParameters: { PathParameterValues: ['orders'], HeaderParameters: { 'x-from-target': 't' }, QueryStringParameters: { q: '1' } } },
      ]);
      const out = await eb().send(new PutEventsCommand({ Entries: [{ Source: 'app.webhook', DetailType: 'Order Placed', Detail: '{"id":7}' }] }));
      await until(() => hook.received.length > 0);
      expect(hook.received).toHaveLength(1);
      const [call] = hook.received;
      expect(call.method).toBe('POST');
      expect(call.url).toBe('/hooks/orders?q=1');
      expect(call.headers).toMatchObject({
        'user-agent': 'Amazon/EventBridge/ApiDestinations',
        'content-type': 'application/json; charset=utf-8',
        range: 'bytes=0-1048575',
        'x-api-key': 'secret-value',
        'x-from-connection': 'c',
        'x-from-target': 't',
      });
      expect(JSON.parse(call.body)).toMatchObject({ id: out.Entries![0].EventId, source: 'app.webhook', 'detail-type': 'Order Placed', detail: { id: 7 } });
    } finally {
      await hook.close();
    }
  });

  it('sends Basic credentials for a BASIC connection', async () => {
    const hook = webhook();
    const base = await hook.start();
    try {
      const { arn } = await destination('basic-hook', `${base}/basic`, 'BASIC');
      await ruleWithTargets(env.clients, { Name: 'to-basic', EventPattern: { source: ['app.basic'] } }, [{ Id: 'hook', Arn: arn }]);
      await eb().send(new PutEventsCommand({ Entries: [{ Source: 'app.basic', DetailType: 't', Detail: '{}' }] }));
      await until(() => hook.received.length > 0);
      expect(hook.received[0].headers.authorization).toBe(`Basic ${Buffer.from('user:pass').toString('base64')}`);
    } finally {
      await hook.close();
    }
  });

  it('gets a client-credentials token for an OAuth connection and sends it as the bearer', async () => {
    const received: Received[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        if (req.url === '/token') res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"tok-123","token_type":"bearer"}');
        else res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const { ConnectionArn } = await eb().send(
        new CreateConnectionCommand({
          Name: 'oauth-connection',
          AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
          AuthParameters: { OAuthParameters: { ClientParameters: { ClientID: 'client', ClientSecret: 'shh' }, AuthorizationEndpoint: `${base}/token`, HttpMethod: 'POST' } },
        }),
      );
      expect(JSON.stringify(await eb().send(new DescribeConnectionCommand({ Name: 'oauth-connection' })))).not.toContain('shh');
      const { ApiDestinationArn } = await eb().send(new CreateApiDestinationCommand({ Name: 'oauth-hook', ConnectionArn, InvocationEndpoint: `${base}/hook`, HttpMethod: 'PUT' }));
      await ruleWithTargets(env.clients, { Name: 'to-oauth', EventPattern: { source: ['app.oauth'] } }, [{ Id: 'hook', Arn: ApiDestinationArn }]);
      await eb().send(new PutEventsCommand({ Entries: [{ Source: 'app.oauth', DetailType: 't', Detail: '{}' }] }));
      await until(() => received.some((r) => r.url === '/hook'));
      const token = received.find((r) => r.url === '/token')!;
      expect(token.method).toBe('POST');
      expect(token.headers.authorization).toBe(`Basic ${Buffer.from('client:shh').toString('base64')}`);
      expect(token.body).toBe('grant_type=client_credentials');
      const hook = received.find((r) => r.url === '/hook')!;
      expect(hook.method).toBe('PUT');
      expect(hook.headers.authorization).toBe('Bearer tok-123');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('retries a 503 no sooner than its Retry-After, on the runtime clock', async () => {
    const hook = webhook([{ status: 503, headers: { 'Retry-After': '120' } }]);
    const base = await hook.start();
    try {
      const { arn } = await destination('retry-hook', `${base}/retry`);
      await ruleWithTargets(env.clients, { Name: 'to-retry', EventPattern: { source: ['app.retry'] } }, [{ Id: 'hook', Arn: arn }]);
      await eb().send(new PutEventsCommand({ Entries: [{ Source: 'app.retry', DetailType: 't', Detail: '{}' }] }));
      await until(() => hook.received.length > 0);
      // The backoff alone would retry within milliseconds; Retry-After holds it back.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(hook.received).toHaveLength(1);
      await control(env.runtime, 'clock', { method: 'POST', body: { advanceSeconds: 121 } });
      await until(() => hook.received.length > 1);
      expect(hook.received).toHaveLength(2);
    } finally {
      await hook.close();
    }
  });

  it('does not retry a 400', async () => {
    const hook = webhook([{ status: 400 }]);
    const base = await hook.start();
    try {
      const { arn } = await destination('final-hook', `${base}/final`);
      await ruleWithTargets(env.clients, { Name: 'to-final', EventPattern: { source: ['app.final'] } }, [{ Id: 'hook', Arn: arn }]);
      await eb().send(new PutEventsCommand({ Entries: [{ Source: 'app.final', DetailType: 't', Detail: '{}' }] }));
      await until(() => hook.received.length > 0);
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(hook.received).toHaveLength(1);
    } finally {
      await hook.close();
    }
  });
});
