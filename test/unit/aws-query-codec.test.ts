import type { ConstraintTable } from '../../runtime/core/validation';
import { decodeQueryInput, toXml } from '../../runtime/protocol/aws-query';

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
});

describe('awsQuery XML rendering', () => {
  it('renders lists as member elements, maps as entries, dates as ISO and escapes text', () => {
    expect(toXml({ Stacks: [{ StackName: 'a<b', CreationTime: new Date('2024-01-02T03:04:05Z') }], Tags: undefined, Map: undefined })).toBe(
      '<Stacks><member><StackName>a&lt;b</StackName><CreationTime>2024-01-02T03:04:05.000Z</CreationTime></member></Stacks>',
    );
    expect(toXml({ Attributes: { k: 'v' } }, { Attributes: { key: 'key', value: 'value' } })).toBe('<Attributes><entry><key>k</key><value>v</value></entry></Attributes>');
  });

  it('renders flattened, renamed lists and maps as repeated elements', () => {
    const hints = { QueueUrls: { name: 'QueueUrl', flattened: true }, Attributes: { name: 'Attribute', flattened: true, key: 'Name', value: 'Value' } };
    expect(toXml({ QueueUrls: ['u1', 'u2'] }, hints)).toBe('<QueueUrl>u1</QueueUrl><QueueUrl>u2</QueueUrl>');
    expect(toXml({ Attributes: { A: '1', B: '2' } }, hints)).toBe('<Attribute><Name>A</Name><Value>1</Value></Attribute><Attribute><Name>B</Name><Value>2</Value></Attribute>');
  });
});
