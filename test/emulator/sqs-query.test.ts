import { createHash } from 'node:crypto';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Runtime } from '../../runtime';
import { clientConfig, withRuntime } from '../helpers/runtime';
import { rawRequest, type RawResponse } from '../helpers/raw-request';

/*
 * SQS over the awsQuery protocol, as the AWS CLI v1, older v2 releases (Debian's 2.9) and older SDKs speak it:
 * forms built the way botocore builds them from SQS's query model (flattened `Attribute.N.Name`,
 * `SendMessageBatchRequestEntry.N.Id`, …), XML answers checked element by element.
 */

const SQS_NS = 'http://queue.amazonaws.com/doc/2012-11-05/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const unescapeXml = (s: string) => s.replace(/&#xD;/g, '\r').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The unescaped text of every `<tag>` element in `xml`, in order (elements without nested `<tag>`). */
const texts = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>(.*?)</${tag}>`, 'gs'))].map((m) => unescapeXml(m[1]));
/** SQS's flattened `<Attribute><Name/><Value/></Attribute>` maps as an object. */
const nameValues = (xml: string, tag: string) =>
  Object.fromEntries([...xml.matchAll(new RegExp(`<${tag}><Name>(.*?)</Name><Value>(.*?)</Value></${tag}>`, 'gs'))].map((m) => [unescapeXml(m[1]), unescapeXml(m[2])]));

interface QueryError {
  status: number;
  namespace: string;
  type: string;
  code: string;
  message: string;
}

describe('SQS over the query protocol', () => {
  let runtime: Runtime;
  let json: SQSClient;
  let n = 0;

  const send = (body: string, options: { path?: string; service?: string; sign?: boolean; tamperBody?: string } = {}) =>
    rawRequest(runtime, { service: options.service ?? 'sqs', path: options.path, headers: FORM, body, sign: options.sign, tamperBody: options.tamperBody });
  const form = (action: string, params: Record<string, string>) => new URLSearchParams({ Action: action, Version: '2012-11-05', ...params }).toString();

  /** The inside of `<Action>Result`, after checking the envelope and that its request id is the header's. */
  function resultOf(res: RawResponse, action: string): string {
    const id = res.headers.get('x-amzn-requestid') ?? 'none';
    const envelope = new RegExp(
      `^<${action}Response xmlns="${escapeRegExp(SQS_NS)}"><${action}Result>(.*)</${action}Result><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${action}Response>$`,
      's',
    ).exec(res.text);
    if (res.status !== 200 || res.headers.get('content-type') !== 'text/xml' || !envelope) throw new Error(`not a ${action} result (${res.status}): ${res.text}`);
    return envelope[1];
  }

  function errorOf(res: RawResponse): QueryError {
    const id = res.headers.get('x-amzn-requestid') ?? 'none';
    const m = new RegExp(
      `^<ErrorResponse xmlns="([^"]+)"><Error><Type>(Sender|Receiver)</Type><Code>([^<]+)</Code><Message>([^<]+)</Message></Error><RequestId>${id}</RequestId></ErrorResponse>$`,
    ).exec(res.text);
    if (!m || res.headers.get('content-type') !== 'text/xml') throw new Error(`not an ErrorResponse (${res.status}): ${res.text}`);
    return { status: res.status, namespace: m[1], type: m[2], code: m[3], message: unescapeXml(m[4]) };
  }

  const result = async (action: string, params: Record<string, string> = {}, path?: string) => resultOf(await send(form(action, params), { path }), action);
  const failure = async (action: string, params: Record<string, string> = {}, path?: string) => errorOf(await send(form(action, params), { path }));
  const sqsError = (code: string, status: number, message: string): QueryError => ({ status, namespace: SQS_NS, type: 'Sender', code, message });

  const queueUrlOf = (name: string) => `${runtime.endpoint}/${runtime.account}/${name}`;
  const newQueue = async (attributes: Record<string, string> = {}) => {
    const name = `qq${++n}`;
    const params: Record<string, string> = { QueueName: name };
    Object.entries(attributes).forEach(([k, v], i) => Object.assign(params, { [`Attribute.${i + 1}.Name`]: k, [`Attribute.${i + 1}.Value`]: v }));
    const url = texts(await result('CreateQueue', params), 'QueueUrl')[0];
    return { name, url };
  };
  const receiveOne = async (QueueUrl: string, extra: Record<string, string> = {}) => {
    const messages = texts(await result('ReceiveMessage', { QueueUrl, ...extra }), 'Message');
    expect(messages).toHaveLength(1);
    return messages[0];
  };

  beforeAll(async () => {
    runtime = await withRuntime();
    json = new SQSClient(clientConfig(runtime));
  });
  afterAll(async () => {
    json.destroy();
    await runtime.stop();
  });

  describe('queues', () => {
    it('creates a queue with flattened attributes and tags, and finds it by name', async () => {
      const xml = await result('CreateQueue', { QueueName: 'made-by-query', 'Attribute.1.Name': 'DelaySeconds', 'Attribute.1.Value': '3', 'Tag.1.Key': 'team', 'Tag.1.Value': 'a' });
      expect(xml).toBe(`<QueueUrl>${queueUrlOf('made-by-query')}</QueueUrl>`);
      expect(await result('GetQueueUrl', { QueueName: 'made-by-query' })).toBe(xml);
      const { Attributes } = await json.send(new GetQueueAttributesCommand({ QueueUrl: queueUrlOf('made-by-query'), AttributeNames: ['DelaySeconds'] }));
      expect(Attributes).toEqual({ DelaySeconds: '3' });
    });

    it('lists queue URLs as repeated <QueueUrl> elements, paged by MaxResults and NextToken', async () => {
      for (const s of ['a', 'b', 'c']) await result('CreateQueue', { QueueName: `qpage-${s}` });
      expect(await result('ListQueues', { QueueNamePrefix: 'qpage-' })).toBe(['a', 'b', 'c'].map((s) => `<QueueUrl>${queueUrlOf(`qpage-${s}`)}</QueueUrl>`).join(''));
      const first = await result('ListQueues', { QueueNamePrefix: 'qpage-', MaxResults: '2' });
      expect(texts(first, 'QueueUrl')).toEqual([queueUrlOf('qpage-a'), queueUrlOf('qpage-b')]);
      const [token] = texts(first, 'NextToken');
      expect(await result('ListQueues', { QueueNamePrefix: 'qpage-', MaxResults: '2', NextToken: token })).toBe(`<QueueUrl>${queueUrlOf('qpage-c')}</QueueUrl>`);
      expect(await result('ListQueues', { QueueNamePrefix: 'no-such-prefix' })).toBe('');
    });

    it('reads attributes as <Attribute><Name/><Value/></Attribute> and sets them from Attribute.N', async () => {
      const { url } = await newQueue({ VisibilityTimeout: '40' });
      expect(nameValues(await result('GetQueueAttributes', { QueueUrl: url, 'AttributeName.1': 'VisibilityTimeout', 'AttributeName.2': 'DelaySeconds' }), 'Attribute')).toEqual({
        VisibilityTimeout: '40',
        DelaySeconds: '0',
      });
      expect(await result('SetQueueAttributes', { QueueUrl: url, 'Attribute.1.Name': 'VisibilityTimeout', 'Attribute.1.Value': '45', 'Attribute.2.Name': 'DelaySeconds', 'Attribute.2.Value': '2' })).toBe('');
      const all = nameValues(await result('GetQueueAttributes', { QueueUrl: url, 'AttributeName.1': 'All' }), 'Attribute');
      expect(all).toMatchObject({ VisibilityTimeout: '45', DelaySeconds: '2', QueueArn: `arn:aws:sqs:${runtime.region}:${runtime.account}:${url.split('/').pop()}` });
      // botocore sends an empty list as the bare member name: no attributes asked for, none returned.
      expect(await result('GetQueueAttributes', { QueueUrl: url, AttributeNames: '' })).toBe('');
    });

    it('deletes a queue; then it does not exist, in SQS query codes', async () => {
      const { name, url } = await newQueue();
      expect(await result('DeleteQueue', { QueueUrl: url })).toBe('');
      const gone = sqsError('AWS.SimpleQueueService.NonExistentQueue', 400, 'The specified queue does not exist.');
      expect(await failure('GetQueueUrl', { QueueName: name })).toEqual(gone);
      expect(await failure('DeleteQueue', { QueueUrl: url })).toEqual(gone);
      expect(await failure('SendMessage', { QueueUrl: url, MessageBody: 'x' })).toEqual(gone);
    });

    it('refuses what the JSON protocol refuses, with the query codes of SQS', async () => {
      const { name } = await newQueue({ VisibilityTimeout: '40' });
      expect(await failure('CreateQueue', { QueueName: name, 'Attribute.1.Name': 'VisibilityTimeout', 'Attribute.1.Value': '41' })).toEqual(
        sqsError('QueueAlreadyExists', 400, 'A queue already exists with the same name and a different value for attribute VisibilityTimeout'),
      );
      expect(await failure('CreateQueue', { QueueName: 'bad name' })).toEqual(
        sqsError('InvalidParameterValue', 400, 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length'),
      );
      expect((await failure('CreateQueue', { QueueName: 'jobs.fifo' })).code).toBe('AWS.SimpleQueueService.UnsupportedOperation');
      expect(await failure('CreateQueue', { 'Attribute.1.Name': 'Colour', 'Attribute.1.Value': 'blue', QueueName: 'colour' })).toEqual(
        sqsError('InvalidAttributeName', 400, 'Unknown Attribute Colour.'),
      );
      expect(await failure('GetQueueAttributes', { QueueUrl: queueUrlOf(name), 'AttributeName.1': 'Colour' })).toEqual(sqsError('InvalidAttributeName', 400, 'Unknown Attribute Colour.'));
      expect(await failure('CreateQueue', {})).toEqual(
        sqsError('ValidationError', 400, "1 validation error detected: Value null at 'queueName' failed to satisfy constraint: Member must not be null"),
      );
      expect(await failure('ListQueues', { MaxResults: '1001' })).toEqual(
        sqsError('InvalidParameterValue', 400, 'Value 1001 for parameter MaxResults is invalid. Reason: Must be between 1 and 1000, if provided.'),
      );
    });
  });

  describe('messages', () => {
    it('sends a message with attributes and receives it as <Message> with <Attribute> and <MessageAttribute> elements', async () => {
      const { url } = await newQueue();
      const body = 'line 1\r\nline 2 <b>&"quoted"</b>';
      const sent = await result('SendMessage', {
        QueueUrl: url,
        MessageBody: body,
        'MessageAttribute.1.Name': 'colour',
        'MessageAttribute.1.Value.DataType': 'String',
        'MessageAttribute.1.Value.StringValue': 'blue',
        'MessageAttribute.2.Name': 'bytes',
        'MessageAttribute.2.Value.DataType': 'Binary',
        'MessageAttribute.2.Value.BinaryValue': 'AAEC',
      });
      const [messageId] = texts(sent, 'MessageId');
      expect(texts(sent, 'MD5OfMessageBody')).toEqual([md5(body)]);
      expect(messageId).toMatch(/^[0-9a-f-]{36}$/);
      const [attributesDigest] = texts(sent, 'MD5OfMessageAttributes');
      expect(attributesDigest).toMatch(/^[0-9a-f]{32}$/);

      const message = await receiveOne(url, { 'AttributeName.1': 'All', 'MessageAttributeName.1': 'All' });
      expect(texts(message, 'MessageId')).toEqual([messageId]);
      expect(texts(message, 'Body')).toEqual([body]);
      expect(texts(message, 'MD5OfBody')).toEqual([md5(body)]);
      expect(texts(message, 'MD5OfMessageAttributes')).toEqual([attributesDigest]);
      expect(nameValues(message, 'Attribute')).toMatchObject({ SenderId: runtime.account, ApproximateReceiveCount: '1' });
      const attributes = Object.fromEntries([...message.matchAll(/<MessageAttribute><Name>(.*?)<\/Name><Value>(.*?)<\/Value><\/MessageAttribute>/g)].map((m) => [m[1], m[2]]));
      expect(Object.keys(attributes).sort()).toEqual(['bytes', 'colour']);
      expect({ type: texts(attributes.colour, 'DataType'), value: texts(attributes.colour, 'StringValue') }).toEqual({ type: ['String'], value: ['blue'] });
      expect({ type: texts(attributes.bytes, 'DataType'), value: texts(attributes.bytes, 'BinaryValue') }).toEqual({ type: ['Binary'], value: ['AAEC'] });
    });

    it('returns only the attributes asked for, and an empty result for an empty queue', async () => {
      const { url } = await newQueue();
      await result('SendMessage', { QueueUrl: url, MessageBody: 'x', 'MessageAttribute.1.Name': 'a', 'MessageAttribute.1.Value.DataType': 'Number', 'MessageAttribute.1.Value.StringValue': '5' });
      const message = await receiveOne(url, { 'AttributeName.1': 'SentTimestamp' });
      expect(Object.keys(nameValues(message, 'Attribute'))).toEqual(['SentTimestamp']);
      expect(message).not.toContain('<MessageAttribute>');
      expect(await result('ReceiveMessage', { QueueUrl: url })).toBe('');
    });

    it('shares its messages with the JSON protocol both ways', async () => {
      const { url } = await newQueue();
      await json.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'from json' }));
      expect(texts(await receiveOne(url), 'Body')).toEqual(['from json']);
      await result('SendMessage', { QueueUrl: url, MessageBody: 'from query' });
      const { Messages } = await json.send(new ReceiveMessageCommand({ QueueUrl: url }));
      expect(Messages?.map((m) => m.Body)).toEqual(['from query']);
    });

    it('sends a batch, reporting each entry as <SendMessageBatchResultEntry> or <BatchResultErrorEntry>', async () => {
      const { url } = await newQueue();
      const xml = await result('SendMessageBatch', {
        QueueUrl: url,
        'SendMessageBatchRequestEntry.1.Id': 'ok',
        'SendMessageBatchRequestEntry.1.MessageBody': 'one',
        'SendMessageBatchRequestEntry.1.MessageAttribute.1.Name': 'k',
        'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType': 'String',
        'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue': 'v',
        'SendMessageBatchRequestEntry.2.Id': 'late',
        'SendMessageBatchRequestEntry.2.MessageBody': 'two',
        'SendMessageBatchRequestEntry.2.DelaySeconds': '901',
      });
      const [ok] = texts(xml, 'SendMessageBatchResultEntry');
      expect(texts(ok, 'Id')).toEqual(['ok']);
      expect(texts(ok, 'MD5OfMessageBody')).toEqual([md5('one')]);
      expect(texts(ok, 'MD5OfMessageAttributes')).toHaveLength(1);
      expect(texts(xml, 'BatchResultErrorEntry')).toEqual([
        '<Id>late</Id><SenderFault>true</SenderFault><Code>InvalidParameterValue</Code><Message>Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.</Message>',
      ]);
      const message = await receiveOne(url, { 'MessageAttributeName.1': 'k' });
      expect(texts(message, 'Body')).toEqual(['one']);
      expect(texts(message, 'MessageId')).toEqual(texts(ok, 'MessageId'));
    });

    it('refuses a bad batch as a whole, in SQS query codes', async () => {
      const { url } = await newQueue();
      const entries = (ids: string[]) => Object.assign({ QueueUrl: url }, ...ids.map((id, i) => ({ [`SendMessageBatchRequestEntry.${i + 1}.Id`]: id, [`SendMessageBatchRequestEntry.${i + 1}.MessageBody`]: 'x' })));
      // botocore sends an empty batch as `Entries=`.
      expect(await failure('SendMessageBatch', { QueueUrl: url, Entries: '' })).toEqual(
        sqsError('AWS.SimpleQueueService.EmptyBatchRequest', 400, 'There should be at least one SendMessageBatchRequestEntry in the request.'),
      );
      expect(await failure('SendMessageBatch', entries(['a', 'a']))).toEqual(sqsError('AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 400, 'Id a repeated.'));
      expect(await failure('SendMessageBatch', entries(Array.from({ length: 11 }, (_, i) => `e${i}`)))).toEqual(
        sqsError('AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 400, 'Maximum number of entries per request are 10. You have sent 11.'),
      );
      expect((await failure('SendMessageBatch', entries(['bad id']))).code).toBe('AWS.SimpleQueueService.InvalidBatchEntryId');
    });

    it('changes the visibility of a received message and deletes it by its receipt handle', async () => {
      const { url } = await newQueue();
      await result('SendMessage', { QueueUrl: url, MessageBody: 'x' });
      const [handle] = texts(await receiveOne(url, { VisibilityTimeout: '30' }), 'ReceiptHandle');
      expect(await result('ReceiveMessage', { QueueUrl: url })).toBe('');
      expect(await result('ChangeMessageVisibility', { QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: '0' })).toBe('');
      const [again] = texts(await receiveOne(url), 'ReceiptHandle');
      expect(await result('DeleteMessage', { QueueUrl: url, ReceiptHandle: again })).toBe('');
      const { Attributes } = await json.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
      expect(Attributes).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
      expect(await failure('ChangeMessageVisibility', { QueueUrl: url, ReceiptHandle: again, VisibilityTimeout: '10' })).toEqual(
        sqsError('AWS.SimpleQueueService.MessageNotInflight', 400, 'Message does not exist or is not available for visibility timeout change.'),
      );
      expect(await failure('DeleteMessage', { QueueUrl: url, ReceiptHandle: 'forged' })).toEqual(
        sqsError('ReceiptHandleIsInvalid', 404, 'The input receipt handle "forged" is not a valid receipt handle.'),
      );
    });

    it('purges a queue once per interval', async () => {
      const { url } = await newQueue();
      await result('SendMessage', { QueueUrl: url, MessageBody: 'x' });
      expect(await result('PurgeQueue', { QueueUrl: url })).toBe('');
      expect(await result('ReceiveMessage', { QueueUrl: url })).toBe('');
      expect(await failure('PurgeQueue', { QueueUrl: url })).toEqual(
        sqsError('AWS.SimpleQueueService.PurgeQueueInProgress', 403, `Only one PurgeQueue operation on arn:aws:sqs:${runtime.region}:${runtime.account}:${url.split('/').pop()} is allowed every 60 seconds.`),
      );
    });

    it('refuses bad message parameters with the messages of the JSON protocol', async () => {
      const { url } = await newQueue();
      expect(await failure('ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: '11' })).toEqual(
        sqsError('InvalidParameterValue', 400, 'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.'),
      );
      expect((await failure('SendMessage', { QueueUrl: url, MessageBody: 'bell \u0007' })).code).toBe('InvalidMessageContents');
      expect(await failure('SendMessage', { QueueUrl: url, MessageBody: 'x', 'MessageAttribute.1.Name': 'a', 'MessageAttribute.1.Value.DataType': 'Colour', 'MessageAttribute.1.Value.StringValue': 'v' })).toEqual(
        sqsError('InvalidParameterValue', 400, "The type of message (user) attribute 'a' is invalid. You must use only the following supported type prefixes: Binary, Number, String."),
      );
    });
  });

  describe('requests posted to the queue URL', () => {
    it('take the QueueUrl from the path when the form has none, as the AWS SDK for Java 1.x sends them', async () => {
      const { url } = await newQueue();
      const path = new URL(url).pathname;
      await result('SendMessage', { MessageBody: 'by path' }, path);
      expect(texts(await result('ReceiveMessage', {}, path), 'Body')).toEqual(['by path']);
      expect(nameValues(await result('GetQueueAttributes', { 'AttributeName.1': 'ApproximateNumberOfMessagesNotVisible' }, path), 'Attribute')).toEqual({
        ApproximateNumberOfMessagesNotVisible: '1',
      });
    });

    it("prefer the form's QueueUrl, and address a missing queue as missing", async () => {
      const { url } = await newQueue();
      await result('SendMessage', { QueueUrl: url, MessageBody: 'by form' }, `/${runtime.account}/some-other-queue`);
      expect(texts(await receiveOne(url), 'Body')).toEqual(['by form']);
      expect((await failure('SendMessage', { MessageBody: 'x' }, `/${runtime.account}/no-such-queue`)).code).toBe('AWS.SimpleQueueService.NonExistentQueue');
    });
  });
});

describe('awsQuery protocol errors, in every awsQuery service', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await withRuntime();
  });
  afterAll(() => runtime.stop());

  const send = (service: string, body: string, extra: { sign?: boolean; tamperBody?: string } = {}) => rawRequest(runtime, { service, headers: FORM, body, ...extra });
  const errorParts = (res: RawResponse) => {
    const m = /^<ErrorResponse xmlns="([^"]+)"><Error><Type>Sender<\/Type><Code>([^<]+)<\/Code><Message>([^<]+)<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/.exec(res.text);
    return m ? { status: res.status, namespace: m[1], code: m[2], message: unescapeXml(m[3]) } : { status: res.status, text: res.text };
  };

  describe.each([
    ['sqs', SQS_NS],
    ['sts', STS_NS],
  ])('%s', (service, namespace) => {
    it('answers an unknown action with InvalidAction, naming it', async () => {
      expect(errorParts(await send(service, 'Action=FlyToTheMoon&Version=2012-11-05'))).toEqual({
        status: 400,
        namespace,
        code: 'InvalidAction',
        message: 'The action or operation requested is invalid. Verify that the action is typed correctly. (FlyToTheMoon)',
      });
    });

    it('answers a form without Action with MissingAction', async () => {
      for (const body of ['Version=2012-11-05', '', 'Action=']) {
        expect(errorParts(await send(service, body))).toEqual({ status: 400, namespace, code: 'MissingAction', message: 'The request is missing an action or a required parameter.' });
      }
    });

    it('answers a body with a broken percent escape, or one that is no UTF-8, with MalformedQueryString', async () => {
      for (const body of ['Action=GetCallerIdentity&X=%E0%A4%A', 'Action=GetCallerIdentity&X=%zz', 'Action=GetCallerIdentity&X=%FF']) {
        expect(errorParts(await send(service, body))).toEqual({
          status: 404,
          namespace,
          code: 'MalformedQueryString',
          message: 'The query string contains a syntax error: the body is not form-encoded UTF-8',
        });
      }
    });

    it('answers a wrong signature with SignatureDoesNotMatch', async () => {
      const res = await send(service, 'Action=FlyToTheMoon', { tamperBody: 'Action=FlyToTheSun' });
      expect(errorParts(res)).toMatchObject({ status: 403, namespace, code: 'SignatureDoesNotMatch' });
    });
  });

  it('answers an unsigned request with MissingAuthenticationToken', async () => {
    expect(errorParts(await send('sqs', 'Action=ListQueues', { sign: false }))).toMatchObject({ status: 403, code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' });
  });

  it.each([
    ['a non-numeric index', { 'AttributeName.first': 'All' }, 'AttributeName.first is not indexed from 1'],
    ['a zero index', { 'AttributeName.0': 'All' }, 'AttributeName.0 is not indexed from 1'],
    ['an index with nothing at it', { 'AttributeName.1.Name': 'All' }, 'AttributeName.1 has no value'],
  ])('answers an SQS form with %s with MalformedQueryString', async (_case, params, detail) => {
    const body = new URLSearchParams({ Action: 'GetQueueAttributes', QueueUrl: `${runtime.endpoint}/${runtime.account}/q`, ...params }).toString();
    expect(errorParts(await send('sqs', body))).toEqual({ status: 404, namespace: SQS_NS, code: 'MalformedQueryString', message: `The query string contains a syntax error: ${detail}` });
  });

  it('answers an SQS map entry without its name or value with MalformedQueryString', async () => {
    const queueUrl = `${runtime.endpoint}/${runtime.account}/q`;
    for (const [params, detail] of [
      [{ Action: 'CreateQueue', QueueName: 'q', 'Attribute.1.Value': '5' }, 'Attribute.1 has no Name'],
      [{ Action: 'SetQueueAttributes', QueueUrl: queueUrl, 'Attribute.1.Name': 'DelaySeconds' }, 'Attribute.1 has no Value'],
      [{ Action: 'SendMessage', QueueUrl: queueUrl, MessageBody: 'x', 'MessageAttribute.1.Name': 'a' }, 'MessageAttribute.1 has no Value'],
    ] as const) {
      const body = new URLSearchParams(params).toString();
      expect(errorParts(await send('sqs', body))).toMatchObject({ status: 404, code: 'MalformedQueryString', message: `The query string contains a syntax error: ${detail}` });
    }
  });

  it('never answers a malformed SQS form with a 500, and always with a message', async () => {
    const queue = `QueueUrl=${encodeURIComponent(`${runtime.endpoint}/${runtime.account}/q`)}`;
    const bodies = [
      '',
      'QueueUrl=',
      'QueueUrl=not-a-url',
      queue,
      `${queue}&MaxNumberOfMessages=ten&VisibilityTimeout=-1&WaitTimeSeconds=1.5`,
      `${queue}&AttributeName.1=&MessageAttributeName.2=x`,
      `${queue}&ReceiptHandle=&VisibilityTimeout=`,
      `${queue}&MessageBody=x&MessageAttribute.1.Name=a&MessageAttribute.1.Value.DataType=Binary&MessageAttribute.1.Value.BinaryValue=!!`,
      `${queue}&MessageBody=x&MessageAttribute.1.Name=a&MessageAttribute.1.Value.StringValue=v`,
      `${queue}&SendMessageBatchRequestEntry.1=x`,
      `${queue}&SendMessageBatchRequestEntry.1.Id=a`,
      `${queue}&SendMessageBatchRequestEntry.2.Id=a&SendMessageBatchRequestEntry.2.MessageBody=x`,
      'QueueName=q&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=soon&Tag.1.Key=k',
      'QueueName=q&Tag.1.Value=v',
    ];
    const actions = ['CreateQueue', 'ListQueues', 'GetQueueUrl', 'GetQueueAttributes', 'SetQueueAttributes', 'SendMessage', 'SendMessageBatch', 'ReceiveMessage', 'ChangeMessageVisibility', 'DeleteMessage', 'PurgeQueue', 'DeleteQueue'];
    await rawRequest(runtime, { service: 'sqs', headers: FORM, body: 'Action=CreateQueue&QueueName=q' });
    for (const action of actions) {
      for (const body of bodies) {
        const res = await send('sqs', `Action=${action}&${body}`);
        expect({ action, body, status: res.status < 500 }).toEqual({ action, body, status: true });
        if (res.status !== 200) expect(errorParts(res)).toMatchObject({ namespace: SQS_NS, message: expect.stringMatching(/\S/) });
      }
    }
  });

  it('gives UnknownOperationException a message over awsJson too', async () => {
    const res = await rawRequest(runtime, { service: 'sqs', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.FlyToTheMoon' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ __type: 'UnknownOperationException', message: 'The action or operation requested is invalid. Verify that the action is typed correctly.' });
  });
});
