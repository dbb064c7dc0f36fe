import type { ConstraintTable } from '../../runtime/core/validation';
import { decodeQueryInput, queryError, toXml } from '../../runtime/protocol/aws-query';
import { ServiceError } from '../../runtime/core/errors';

const form = (s: string) => new Map(new URLSearchParams(s));

const TABLE: ConstraintTable = {
  RoleName: { type: 'string', required: true },
  MaxItems: { type: 'integer' },
  IsTruncated: { type: 'boolean' },
  Tags: { type: 'list', member: { type: 'structure', members: { Key: { type: 'string' }, Value: { type: 'string' } } } },
  Names: { type: 'list', member: { type: 'string' } },
  Attributes: { type: 'map', value: { type: 'string' } },
  When: { type: 'timestamp' },
};

describe('awsQuery decoding, guided by the operation input table', () => {
  it('decodes scalars by their constraint type, lists as member.N and maps as entry.N', () => {
    const input = decodeQueryInput(
      form('RoleName=r&MaxItems=10&IsTruncated=true&Tags.member.1.Key=a&Tags.member.1.Value=1&Tags.member.2.Key=b&Names.member.2=y&Names.member.1=x&Attributes.entry.1.key=k&Attributes.entry.1.value=v&When=2024-01-02T03:04:05Z'),
      TABLE,
    );
    expect(input).toEqual({
      RoleName: 'r',
      MaxItems: 10,
      IsTruncated: true,
      Tags: [{ Key: 'a', Value: '1' }, { Key: 'b' }],
      Names: ['x', 'y'],
      Attributes: { k: 'v' },
      When: new Date('2024-01-02T03:04:05Z'),
    });
  });

  it('leaves a non-integer as its string so validation reports it, and ignores members the table does not name', () => {
    expect(decodeQueryInput(form('RoleName=r&MaxItems=ten&Unknown=1'), TABLE)).toEqual({ RoleName: 'r', MaxItems: 'ten' });
  });

  it('takes renamed and flattened members from hints (SQS attributes)', () => {
    const input = decodeQueryInput(form('Attribute.1.Name=DelaySeconds&Attribute.1.Value=5&AttributeName.1=All'), TABLE, {
      Attributes: { name: 'Attribute', flattened: true, key: 'Name', value: 'Value' },
      Names: { name: 'AttributeName', flattened: true },
    });
    expect(input).toEqual({ Attributes: { DelaySeconds: '5' }, Names: ['All'] });
  });

  it('refuses a zero index and a map entry without its key', () => {
    expect(() => decodeQueryInput(form('RoleName=r&Names.member.0=x'), TABLE)).toThrow(expect.objectContaining({ code: 'MalformedQueryString' }));
    expect(() => decodeQueryInput(form('RoleName=r&Attributes.entry.1.value=v'), TABLE)).toThrow(expect.objectContaining({ code: 'MalformedQueryString' }));
  });

  it.each([
    ['a non-numeric index', 'Names.member.x=a', 'Names.member.x is not indexed from 1'],
    ['an index with a leading zero', 'Names.member.01=a', 'Names.member.01 is not indexed from 1'],
    ['a list item with no value of its own', 'Names.member.1.Key=a', 'Names.member.1 has no value'],
    ['a structure item named without members', 'Tags.member.1=a', 'Tags.member.1 has no value'],
    ['a map entry without its value', 'Attributes.entry.1.key=k', 'Attributes.entry.1 has no value'],
  ])('refuses %s with MalformedQueryString naming the parameter', (_case, query, detail) => {
    expect(() => decodeQueryInput(form(`RoleName=r&${query}`), TABLE)).toThrow(
      expect.objectContaining({ code: 'MalformedQueryString', status: 404, message: `The query string contains a syntax error: ${detail}` }),
    );
  });

  const BATCH: ConstraintTable = {
    Entries: {
      type: 'list',
      member: {
        type: 'structure',
        members: {
          Id: { type: 'string' },
          MessageAttributes: { type: 'map', value: { type: 'structure', members: { DataType: { type: 'string' }, StringListValues: { type: 'list', member: { type: 'string' } } } } },
        },
      },
    },
  };
  const BATCH_HINTS = {
    Entries: { name: 'SendMessageBatchRequestEntry', flattened: true },
    MessageAttributes: { name: 'MessageAttribute', flattened: true, key: 'Name', value: 'Value' },
    StringListValues: { name: 'StringListValue', flattened: true },
  };

  it('decodes flattened lists of structures holding flattened maps (SQS batch entries)', () => {
    const input = decodeQueryInput(
      form(
        'SendMessageBatchRequestEntry.2.Id=b&SendMessageBatchRequestEntry.1.Id=a' +
          '&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=k&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=String' +
          '&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringListValue.1=x&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringListValue.2=y',
      ),
      BATCH,
      BATCH_HINTS,
    );
    expect(input).toEqual({ Entries: [{ Id: 'a', MessageAttributes: { k: { DataType: 'String', StringListValues: ['x', 'y'] } } }, { Id: 'b' }] });
  });

  it('names a nested parameter by its full name when refusing it', () => {
    expect(() => decodeQueryInput(form('SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=String'), BATCH, BATCH_HINTS)).toThrow(
      expect.objectContaining({ message: 'The query string contains a syntax error: SendMessageBatchRequestEntry.1.MessageAttribute.1 has no Name' }),
    );
  });

  it('takes the bare member name with no value as an empty list, as botocore sends one, renamed or not', () => {
    expect(decodeQueryInput(form('Entries='), BATCH, BATCH_HINTS)).toEqual({ Entries: [] });
    expect(decodeQueryInput(form('Names='), TABLE)).toEqual({ Names: [] });
    expect(decodeQueryInput(form('RoleName=r'), TABLE)).toEqual({ RoleName: 'r' });
  });
});

describe('awsQuery XML rendering', () => {
  it('renders lists as member elements, maps as entries, dates as ISO and escapes text', () => {
    expect(toXml({ Stacks: [{ StackName: 'a<b', CreationTime: new Date('2024-01-02T03:04:05Z') }], Tags: undefined, Map: undefined })).toBe(
      '<Stacks><member><StackName>a&lt;b</StackName><CreationTime>2024-01-02T03:04:05.000Z</CreationTime></member></Stacks>',
    );
    expect(toXml({ Attributes: { k: 'v' } }, { Attributes: { key: 'key', value: 'value' } })).toBe('<Attributes><entry><key>k</key><value>v</value></entry></Attributes>');
  });

  it('renders a flattened list of structures holding flattened maps of structures (SQS messages)', () => {
    const hints = {
      Messages: { name: 'Message', flattened: true },
      MessageAttributes: { name: 'MessageAttribute', flattened: true, key: 'Name', value: 'Value' },
    };
    expect(toXml({ Messages: [{ Body: 'b', MessageAttributes: { k: { DataType: 'Binary', BinaryValue: Uint8Array.from([0, 1]) } } }] }, hints)).toBe(
      '<Message><Body>b</Body><MessageAttribute><Name>k</Name><Value><DataType>Binary</DataType><BinaryValue>AAE=</BinaryValue></Value></MessageAttribute></Message>',
    );
  });

  it('escapes a carriage return, which XML parsers would otherwise turn into a line feed', () => {
    expect(toXml({ Body: 'a\r\nb' })).toBe('<Body>a&#xD;\nb</Body>');
  });

  it('renders flattened, renamed lists and maps as repeated elements', () => {
    const hints = { QueueUrls: { name: 'QueueUrl', flattened: true }, Attributes: { name: 'Attribute', flattened: true, key: 'Name', value: 'Value' } };
    expect(toXml({ QueueUrls: ['u1', 'u2'] }, hints)).toBe('<QueueUrl>u1</QueueUrl><QueueUrl>u2</QueueUrl>');
    expect(toXml({ Attributes: { A: '1', B: '2' } }, hints)).toBe('<Attribute><Name>A</Name><Value>1</Value></Attribute><Attribute><Name>B</Name><Value>2</Value></Attribute>');
  });
});

describe('awsQuery errors', () => {
  const codeOf = (body: string) => /<Code>(.*)<\/Code>/.exec(body)?.[1];

  it('renders an ErrorResponse in the service namespace, with the type, code, message and request id', () => {
    const res = queryError(new ServiceError('AccessDenied', 'no <way>', 403), 'req-1', 'urn:ns');
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toBe('text/xml');
    expect(res.body).toBe('<ErrorResponse xmlns="urn:ns"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>no &lt;way&gt;</Message></Error><RequestId>req-1</RequestId></ErrorResponse>');
  });

  it("uses the service's own query code first, then the protocol's, else the error's code", () => {
    const codes = { QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue', ValidationException: 'Overridden' };
    expect(codeOf(String(queryError(new ServiceError('QueueDoesNotExist', 'm'), 'r', 'ns', codes).body))).toBe('AWS.SimpleQueueService.NonExistentQueue');
    expect(codeOf(String(queryError(new ServiceError('ValidationException', 'm'), 'r', 'ns', codes).body))).toBe('Overridden');
    expect(codeOf(String(queryError(new ServiceError('ValidationException', 'm'), 'r', 'ns').body))).toBe('ValidationError');
    expect(codeOf(String(queryError(new ServiceError('UnknownOperationException', 'm'), 'r', 'ns').body))).toBe('InvalidAction');
    expect(codeOf(String(queryError(new ServiceError('QueueDoesNotExist', 'm'), 'r', 'ns').body))).toBe('QueueDoesNotExist');
  });

  it('marks server faults as Receiver', () => {
    expect(String(queryError(new ServiceError('InternalFailure', 'm', 500), 'r', 'ns').body)).toContain('<Type>Receiver</Type>');
  });
});
