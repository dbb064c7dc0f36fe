import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  type SendMessageResult,
} from '@aws-sdk/client-sqs';
import { createHash } from 'node:crypto';
import type { Runtime } from '../../runtime';
import { rootPrincipal } from '../../runtime/identity/principal';
import { clientConfig, failure, rejectionOf, useRuntime, withRuntime } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const sqsClient = (runtime: Runtime) => new SQSClient(clientConfig(runtime));

describe('SQS', () => {
  const env = useRuntime({ sqs: { longPollRecheckMs: 20 } });
  let n = 0;
  /** A fresh queue per test, so tests do not see each other's messages. */
  const newQueue = async (attributes?: Record<string, string>) => {
    const name = `q${++n}`;
    const { QueueUrl } = await env.clients.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    return { name, url: QueueUrl! };
  };
  const receive = (QueueUrl: string, extra: object = {}) =>
    env.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'], ...extra }));
  const count = async (QueueUrl: string) => {
    const { Attributes } = await env.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    return { visible: Number(Attributes!.ApproximateNumberOfMessages), inFlight: Number(Attributes!.ApproximateNumberOfMessagesNotVisible), delayed: Number(Attributes!.ApproximateNumberOfMessagesDelayed) };
  };


  describe('queues', () => {
    it('creates a queue at <endpoint>/<account>/<name>, finds it by name and lists it by prefix', async () => {
      const { name, url } = await newQueue();
      expect(url).toBe(`${env.runtime.endpoint}/${env.runtime.account}/${name}`);
      expect((await env.clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl).toBe(url);
      expect((await env.clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: name }))).QueueUrls).toEqual([url]);
      expect((await env.clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'no-such-prefix' }))).QueueUrls).toBeUndefined();
    });

    it('pages ListQueues with MaxResults and NextToken', async () => {
      for (const s of ['a', 'b', 'c']) await env.clients.sqs.send(new CreateQueueCommand({ QueueName: `page-${s}` }));
      const first = await env.clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'page-', MaxResults: 2 }));
      expect(first.QueueUrls!.map((u) => u.split('/').pop())).toEqual(['page-a', 'page-b']);
      const second = await env.clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'page-', MaxResults: 2, NextToken: first.NextToken }));
      expect(second.QueueUrls!.map((u) => u.split('/').pop())).toEqual(['page-c']);
      expect(second.NextToken).toBeUndefined();
    });

    it('returns the same queue for the same attributes and refuses different ones', async () => {
      const { name, url } = await newQueue({ VisibilityTimeout: '40' });
      expect((await env.clients.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '40' } }))).QueueUrl).toBe(url);
      expect(await failure(env.clients.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '41' } })))).toEqual({
        name: 'QueueNameExists',
        status: 400,
        message: 'A queue already exists with the same name and a different value for attribute VisibilityTimeout',
      });
    });

    it('reports the ARN, defaults and settings in GetQueueAttributes and applies SetQueueAttributes', async () => {
      const { name, url } = await newQueue({ MessageRetentionPeriod: '1209600' });
      const { Attributes } = await env.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
      expect(Attributes).toMatchObject({
        QueueArn: `arn:aws:sqs:${env.runtime.region}:${env.runtime.account}:${name}`,
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '0',
        VisibilityTimeout: '30',
        DelaySeconds: '0',
        ReceiveMessageWaitTimeSeconds: '0',
        MessageRetentionPeriod: '1209600',
      });
      await env.clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: '120', DelaySeconds: '5' } }));
      const picked = await env.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['VisibilityTimeout', 'DelaySeconds'] }));
      expect(picked.Attributes).toEqual({ VisibilityTimeout: '120', DelaySeconds: '5' });
      expect((await env.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url }))).Attributes).toBeUndefined();
    });

    it('deletes a queue; afterwards every call names the error QueueDoesNotExist', async () => {
      const { name, url } = await newQueue();
      await env.clients.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      const err = await rejectionOf(env.clients.sqs.send(new GetQueueUrlCommand({ QueueName: name })));
      expect(err).toBeInstanceOf(QueueDoesNotExist);
      expect(await failure(env.clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })))).toEqual({
        name: 'QueueDoesNotExist',
        status: 400,
        message: 'The specified queue does not exist.',
      });
      expect((await failure(env.clients.sqs.send(new DeleteQueueCommand({ QueueUrl: url })))).name).toBe('QueueDoesNotExist');
    });
  });

  describe('validations', () => {
    it('refuses bad queue names and FIFO queues with clear errors', async () => {
      expect(await failure(env.clients.sqs.send(new CreateQueueCommand({ QueueName: 'bad name' })))).toEqual({
        name: 'InvalidParameterValue',
        status: 400,
        message: 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
      });
      expect((await failure(env.clients.sqs.send(new CreateQueueCommand({ QueueName: 'jobs.fifo', Attributes: { FifoQueue: 'true' } })))).name).toBe('UnsupportedOperation');
      expect((await failure(env.clients.sqs.send(new CreateQueueCommand({ QueueName: 'jobs', Attributes: { FifoQueue: 'true' } })))).name).toBe('UnsupportedOperation');
    });

    it('refuses out-of-range and unknown attributes', async () => {
      expect(await failure(env.clients.sqs.send(new CreateQueueCommand({ QueueName: 'v1', Attributes: { VisibilityTimeout: '43201' } })))).toEqual({
        name: 'InvalidAttributeValue',
        status: 400,
        message: 'Invalid value for the parameter VisibilityTimeout.',
      });
      expect((await failure(env.clients.sqs.send(new CreateQueueCommand({ QueueName: 'v1', Attributes: { DelaySeconds: 'soon' } })))).name).toBe('InvalidAttributeValue');
      expect(await failure(env.clients.sqs.send(new CreateQueueCommand({ QueueName: 'v1', Attributes: { Colour: 'blue' } as never })))).toEqual({
        name: 'InvalidAttributeName',
        status: 400,
        message: 'Unknown Attribute Colour.',
      });
      const { url } = await newQueue();
      expect((await failure(env.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Colour' as never] })))).name).toBe('InvalidAttributeName');
    });

    it('checks ReceiveMessage parameters', async () => {
      const { url } = await newQueue();
      expect(await failure(env.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 })))).toEqual({
        name: 'InvalidParameterValue',
        status: 400,
        message: 'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
      });
      expect((await failure(env.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 0 })))).name).toBe('InvalidParameterValue');
      expect((await failure(env.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 21 })))).message).toBe(
        'Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.',
      );
      expect((await failure(env.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 43_201 })))).name).toBe('InvalidParameterValue');
    });

    it('checks messages, receipt handles and queue URLs', async () => {
      const { url } = await newQueue();
      expect((await failure(env.clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'bell \u0007' })))).name).toBe('InvalidMessageContents');
      expect((await failure(env.clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', DelaySeconds: 901 })))).name).toBe('InvalidParameterValue');
      expect(await failure(env.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'forged' })))).toEqual({
        name: 'ReceiptHandleIsInvalid',
        status: 404,
        message: 'The input receipt handle "forged" is not a valid receipt handle.',
      });
      expect((await failure(env.clients.sqs.send(new SendMessageCommand({ QueueUrl: `${env.runtime.endpoint}/111122223333/${url.split('/').pop()}`, MessageBody: 'x' })))).name).toBe(
        'QueueDoesNotExist',
      );
    });

    it('answers a missing required member with a ValidationException and a wrong type with a SerializationException', async () => {
      const missing = await failure(env.clients.sqs.send(new CreateQueueCommand({} as never)));
      expect(missing).toEqual({
        name: 'ValidationException',
        status: 400,
        message: "1 validation error detected: Value null at 'queueName' failed to satisfy constraint: Member must not be null",
      });
      const { url } = await newQueue();
      expect((await failure(env.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 'ten' as never })))).name).toBe('SerializationException');
    });
  });

  describe('messages', () => {
    it('sends with MD5OfMessageBody and a MessageId, and receives body, checksums and system attributes', async () => {
      const { url } = await newQueue();
      const before = env.runtime.clock.now().getTime();
      const sent = await env.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: url, MessageBody: 'héllo', MessageAttributes: { timestamp: { DataType: 'Number', StringValue: '1493147359900' } } }),
      );
      expect(sent.MD5OfMessageBody).toBe(md5('héllo'));
      expect(sent.MD5OfMessageAttributes).toBe('235c5c510d26fb653d073faed50ae77c');
      expect(sent.MessageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const { Messages } = await receive(url);
      expect(Messages).toHaveLength(1);
      const [m] = Messages!;
      expect(m).toMatchObject({ MessageId: sent.MessageId, Body: 'héllo', MD5OfBody: md5('héllo'), MD5OfMessageAttributes: sent.MD5OfMessageAttributes });
      expect(m.MessageAttributes).toEqual({ timestamp: { DataType: 'Number', StringValue: '1493147359900' } });
      expect(m.Attributes!.ApproximateReceiveCount).toBe('1');
      expect(m.Attributes!.SenderId).toBe(env.runtime.account);
      expect(Number(m.Attributes!.SentTimestamp)).toBeGreaterThanOrEqual(before);
      expect(await count(url)).toEqual({ visible: 0, inFlight: 1, delayed: 0 });
    });

    it('returns only the system attributes asked for, and no Messages member when the queue is empty', async () => {
      const { url } = await newQueue();
      expect((await env.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
      await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
      const { Messages } = await env.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['SentTimestamp'] }));
      expect(Object.keys(Messages![0].Attributes!)).toEqual(['SentTimestamp']);
      expect(Messages![0].MessageAttributes).toBeUndefined();
    });

    it('hides a received message for the visibility timeout on the runtime clock, then delivers it again', async () => {
      const { url } = await newQueue({ VisibilityTimeout: '30' });
      await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'again' }));
      const first = (await receive(url)).Messages![0];
      expect((await receive(url)).Messages).toBeUndefined();
      env.runtime.clock.advance(29_000);
      expect((await receive(url)).Messages).toBeUndefined();
      env.runtime.clock.advance(1_000);
      const second = (await receive(url)).Messages![0];
      expect(second.MessageId).toBe(first.MessageId);
      expect(second.Attributes!.ApproximateReceiveCount).toBe('2');
      expect(second.ReceiptHandle).not.toBe(first.ReceiptHandle);

      // The older receipt handle no longer deletes the message (SQS: the request succeeds, the message stays).
      await env.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle }));
      expect((await count(url)).inFlight).toBe(1);
      await env.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second.ReceiptHandle }));
      expect(await count(url)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
      // Deleting again succeeds without effect.
      await env.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second.ReceiptHandle }));
    });

    it('takes a per-receive VisibilityTimeout and MaxNumberOfMessages', async () => {
      const { url } = await newQueue();
      for (let i = 0; i < 4; i++) await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `m${i}` }));
      const { Messages } = await receive(url, { MaxNumberOfMessages: 3, VisibilityTimeout: 5 });
      expect(Messages!.map((m) => m.Body)).toEqual(['m0', 'm1', 'm2']);
      env.runtime.clock.advance(5_000);
      expect((await receive(url, { MaxNumberOfMessages: 10 })).Messages).toHaveLength(4);
    });

    it('changes the visibility of an in-flight message, and refuses a message that is not in flight', async () => {
      const { url } = await newQueue();
      await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
      const m = (await receive(url)).Messages![0];
      await env.clients.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 }));
      const again = (await receive(url)).Messages![0];
      expect(again.MessageId).toBe(m.MessageId);
      expect(await failure(env.clients.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 10 })))).toEqual({
        name: 'MessageNotInflight',
        status: 400,
        message: 'Message does not exist or is not available for visibility timeout change.',
      });
      expect(
        (await failure(env.clients.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: again.ReceiptHandle, VisibilityTimeout: 43_201 })))).name,
      ).toBe('InvalidParameterValue');
    });

    it('delays delivery by the queue or message DelaySeconds', async () => {
      const { url } = await newQueue({ DelaySeconds: '10' });
      await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'queue delay' }));
      await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'no delay', DelaySeconds: 0 }));
      expect((await receive(url, { MaxNumberOfMessages: 10 })).Messages!.map((m) => m.Body)).toEqual(['no delay']);
      expect((await count(url)).delayed).toBe(1);
      env.runtime.clock.advance(10_000);
      expect((await receive(url)).Messages!.map((m) => m.Body)).toEqual(['queue delay']);
    });

    it('drops messages older than the retention period', async () => {
      const { url } = await newQueue({ MessageRetentionPeriod: '60' });
      await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'old' }));
      env.runtime.clock.advance(60_000);
      expect((await count(url)).visible).toBe(0);
      expect((await receive(url)).Messages).toBeUndefined();
    });

    it('purges a queue, once per 60 seconds', async () => {
      const { url } = await newQueue();
      await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
      await env.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
      expect((await count(url)).visible).toBe(0);
      const again = await failure(env.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: url })));
      expect(again.name).toBe('PurgeQueueInProgress');
      expect(again.status).toBe(403);
      env.runtime.clock.advance(60_000);
      await env.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    });

    it('sends batches: good entries succeed, a bad message fails only its entry', async () => {
      const { url } = await newQueue();
      const result = await env.clients.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: 'a', MessageBody: 'first' },
            { Id: 'b', MessageBody: 'bad \u0000' },
            { Id: 'c', MessageBody: 'third', DelaySeconds: 0 },
          ],
        }),
      );
      expect(result.Successful!.map((s) => [s.Id, s.MD5OfMessageBody])).toEqual([
        ['a', md5('first')],
        ['c', md5('third')],
      ]);
      expect(result.Failed).toEqual([{ Id: 'b', SenderFault: true, Code: 'InvalidMessageContents', Message: expect.stringContaining('Invalid characters') }]);
      expect((await count(url)).visible).toBe(2);
    });

    it('refuses empty, too large and ambiguous batches', async () => {
      const { url } = await newQueue();
      const batch = (Entries: { Id: string; MessageBody: string }[]) => failure(env.clients.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries })));
      expect((await batch([])).name).toBe('EmptyBatchRequest');
      expect(await batch(Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' })))).toEqual({
        name: 'TooManyEntriesInBatchRequest',
        status: 400,
        message: 'Maximum number of entries per request are 10. You have sent 11.',
      });
      expect(await batch([{ Id: 'same', MessageBody: 'x' }, { Id: 'same', MessageBody: 'y' }])).toEqual({ name: 'BatchEntryIdsNotDistinct', status: 400, message: 'Id same repeated.' });
      expect((await batch([{ Id: 'no spaces', MessageBody: 'x' }])).name).toBe('InvalidBatchEntryId');
      const small = await newQueue({ MaximumMessageSize: '1024' });
      const tooLong = await failure(
        env.clients.sqs.send(new SendMessageBatchCommand({ QueueUrl: small.url, Entries: [{ Id: 'a', MessageBody: 'x'.repeat(600) }, { Id: 'b', MessageBody: 'y'.repeat(600) }] })),
      );
      expect(tooLong).toEqual({ name: 'BatchRequestTooLong', status: 400, message: 'Batch requests cannot be longer than 1024 bytes.' });
    });
  });

  describe('long polling', () => {
    it('returns as soon as a message arrives', async () => {
      const { url } = await newQueue();
      const started = Date.now();
      const polling = receive(url, { WaitTimeSeconds: 10 });
      await new Promise((r) => setTimeout(r, 300));
      const sent = await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake up' }));
      const { Messages } = await polling;
      expect(Messages!.map((m) => m.MessageId)).toEqual([sent.MessageId]);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('returns when a message becomes visible again on the runtime clock', async () => {
      const { url } = await newQueue();
      await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
      await receive(url, { VisibilityTimeout: 600 });
      const polling = receive(url, { WaitTimeSeconds: 10 });
      await new Promise((r) => setTimeout(r, 200));
      env.runtime.clock.advance(600_000);
      expect((await polling).Messages![0].Attributes!.ApproximateReceiveCount).toBe('2');
    });

    it('uses the queue ReceiveMessageWaitTimeSeconds and comes back empty when the time is up', async () => {
      const { url } = await newQueue({ ReceiveMessageWaitTimeSeconds: '1' });
      const started = Date.now();
      expect((await receive(url)).Messages).toBeUndefined();
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    });
  });

  describe('in-process callers', () => {
    it('GetQueueUrl then SendMessage through the dispatcher, with the URL SDK clients get', async () => {
      const { name, url } = await newQueue();
      const caller = { principal: rootPrincipal(env.runtime.account) };
      const { QueueUrl } = await env.runtime.dispatcher.call<{ QueueUrl: string }>('sqs', 'GetQueueUrl', { QueueName: name }, caller);
      expect(QueueUrl).toBe(url);
      const sent = await env.runtime.dispatcher.call<SendMessageResult>('sqs', 'SendMessage', { QueueUrl, MessageBody: '{"pointer":true}' }, caller);
      expect((await receive(url)).Messages![0]).toMatchObject({ MessageId: sent.MessageId, Body: '{"pointer":true}' });
      await expect(env.runtime.dispatcher.call('sqs', 'GetQueueUrl', { QueueName: 'missing' }, caller)).rejects.toMatchObject({ code: 'QueueDoesNotExist' });
    });
  });

  describe('authorization', () => {
    it('lets a role do only what its identity policies allow', async () => {
      const { name, url } = await newQueue();
      env.runtime.identity.putRole('sqs-sender', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
      env.runtime.identity.putRolePolicy('sqs-sender', 'send', {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:GetQueueUrl'], Resource: `arn:aws:sqs:${env.runtime.region}:${env.runtime.account}:${name}` }],
      });
      const role = env.clientsAs(env.runtime.roleCredentials('sqs-sender')).sqs;
      expect((await role.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl).toBe(url);
      await role.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'allowed' }));
      const denied = await failure(role.send(new ReceiveMessageCommand({ QueueUrl: url })));
      expect(denied.name).toBe('AccessDenied');
      expect(denied.status).toBe(403);
      expect(denied.message).toMatch(/is not authorized to perform: sqs:receivemessage on resource: arn:aws:sqs:.*because no identity-based policy allows/);
    });
  });
});

describe('SQS bootstrap and durability', () => {
  const dataDir = tempDataDir('sqs');

  const template = {
    Resources: {
      Named: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'failed-batches', VisibilityTimeout: 60, MessageRetentionPeriod: 1209600 } },
      Unnamed: { Type: 'AWS::SQS::Queue' },
      NamedPolicy: {
        Type: 'AWS::SQS::QueuePolicy',
        Properties: {
          Queues: [{ Ref: 'Named' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sqs:*', Resource: { 'Fn::GetAtt': ['Named', 'Arn'] }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
          },
        },
      },
    },
    Outputs: {
      Url: { Value: { Ref: 'Named' } },
      Arn: { Value: { 'Fn::GetAtt': ['Named', 'Arn'] } },
      Generated: { Value: { 'Fn::GetAtt': ['Unnamed', 'QueueName'] } },
    },
  };

  it('deploys queues from a template (Ref = URL on the endpoint) and keeps acknowledged messages across a restart', async () => {
    const first = await withRuntime({ dataDir, stack: { name: 'sqs-stack', template } });
    const sqs = sqsClient(first);
    let messageId: string | undefined;
    try {
      expect(first.outputs.Url).toBe(`${first.endpoint}/${first.account}/failed-batches`);
      expect(first.outputs.Arn).toBe(`arn:aws:sqs:${first.region}:${first.account}:failed-batches`);
      expect(first.outputs.Generated).toBe('sqs-stack-Unnamed');
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: first.outputs.Url, AttributeNames: ['VisibilityTimeout', 'Policy'] }));
      expect(Attributes!.VisibilityTimeout).toBe('60');
      expect(JSON.parse(Attributes!.Policy!).Statement[0].Effect).toBe('Deny');
      messageId = (await sqs.send(new SendMessageCommand({ QueueUrl: first.outputs.Url, MessageBody: 'survives' }))).MessageId;
    } finally {
      sqs.destroy();
      await first.stop();
    }

    const second = await withRuntime({ dataDir, stack: { name: 'sqs-stack', template } });
    const again = sqsClient(second);
    try {
      const { QueueUrl } = await again.send(new GetQueueUrlCommand({ QueueName: 'failed-batches' }));
      expect(QueueUrl).toBe(`${second.endpoint}/${second.account}/failed-batches`);
      const { Messages } = await again.send(new ReceiveMessageCommand({ QueueUrl }));
      expect(Messages!.map((m) => [m.MessageId, m.Body])).toEqual([[messageId, 'survives']]);
    } finally {
      again.destroy();
      await second.stop();
    }
  });

  it('refuses to start on a corrupt SQS state file', async () => {
    const dir = tempDataDir('sqs-corrupt');
    const rt = await withRuntime({ dataDir: dir });
    await rt.stop();
    writeFileSync(join(dir, 'state', 'sqs.json'), '{"format":1,"kind":"sqs","data":');
    await expect(withRuntime({ dataDir: dir })).rejects.toThrow(/sqs\.json: the file is corrupt/);
  });
});
