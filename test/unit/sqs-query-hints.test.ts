import type { ConstraintTable } from '../../runtime/core/validation';
import { decodeQueryInput, toXml } from '../../runtime/protocol/aws-query';
import { sqsQueryHints } from '../../runtime/services/sqs/query-hints';

/*
 * The SQS hints of the actions whose emulator tests cannot run them over awsQuery yet (keydrill's SQS does
 * not serve them today): each form is the one botocore's query serializer builds from SQS's model.
 */

const form = (s: string) => new Map(new URLSearchParams(s));
const decode = (action: string, query: string, table: ConstraintTable) => decodeQueryInput(form(query), table, sqsQueryHints(action)?.input);
const render = (action: string, output: object) => toXml(output, sqsQueryHints(action)?.output);

const string = { type: 'string' } as const;
const entries = (members: ConstraintTable): ConstraintTable => ({ QueueUrl: string, Entries: { type: 'list', member: { type: 'structure', members } } });

describe('SQS query hints', () => {
  it('decode the batch entries of DeleteMessageBatch and ChangeMessageVisibilityBatch', () => {
    expect(decode('DeleteMessageBatch', 'QueueUrl=u&DeleteMessageBatchRequestEntry.1.Id=a&DeleteMessageBatchRequestEntry.1.ReceiptHandle=r', entries({ Id: string, ReceiptHandle: string }))).toEqual({
      QueueUrl: 'u',
      Entries: [{ Id: 'a', ReceiptHandle: 'r' }],
    });
    const table = entries({ Id: string, ReceiptHandle: string, VisibilityTimeout: { type: 'integer' } });
    expect(decode('ChangeMessageVisibilityBatch', 'ChangeMessageVisibilityBatchRequestEntry.1.Id=a&ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout=5', table)).toEqual({
      Entries: [{ Id: 'a', VisibilityTimeout: 5 }],
    });
  });

  it('render batch results as repeated result and error entries', () => {
    expect(render('DeleteMessageBatch', { Successful: [{ Id: 'a' }], Failed: [{ Id: 'b', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: 'm' }] })).toBe(
      '<DeleteMessageBatchResultEntry><Id>a</Id></DeleteMessageBatchResultEntry><BatchResultErrorEntry><Id>b</Id><SenderFault>true</SenderFault><Code>ReceiptHandleIsInvalid</Code><Message>m</Message></BatchResultErrorEntry>',
    );
    expect(render('ChangeMessageVisibilityBatch', { Successful: [{ Id: 'a' }], Failed: [] })).toBe('<ChangeMessageVisibilityBatchResultEntry><Id>a</Id></ChangeMessageVisibilityBatchResultEntry>');
  });

  it('decode tags as Tag.N.Key / .Value and tag keys as TagKey.N, and render tags back as <Tag>', () => {
    const tags = { type: 'map', value: string } as const;
    expect(decode('TagQueue', 'QueueUrl=u&Tag.1.Key=team&Tag.1.Value=a&Tag.2.Key=env&Tag.2.Value=b', { QueueUrl: string, Tags: tags })).toEqual({ QueueUrl: 'u', Tags: { team: 'a', env: 'b' } });
    expect(decode('CreateQueue', 'QueueName=q&Tag.1.Key=team&Tag.1.Value=a', { QueueName: string, tags })).toEqual({ QueueName: 'q', tags: { team: 'a' } });
    expect(decode('UntagQueue', 'QueueUrl=u&TagKey.1=team&TagKey.2=env', { QueueUrl: string, TagKeys: { type: 'list', member: string } })).toEqual({ QueueUrl: 'u', TagKeys: ['team', 'env'] });
    expect(render('ListQueueTags', { Tags: { team: 'a' } })).toBe('<Tag><Key>team</Key><Value>a</Value></Tag>');
  });

  it('decode message system attributes and attribute value lists as SendMessage carries them', () => {
    const value = { type: 'structure', members: { DataType: string, StringValue: string, StringListValues: { type: 'list', member: string } } } as const;
    const table: ConstraintTable = { MessageSystemAttributes: { type: 'map', value }, MessageAttributes: { type: 'map', value } };
    const query =
      'MessageSystemAttribute.1.Name=AWSTraceHeader&MessageSystemAttribute.1.Value.DataType=String&MessageSystemAttribute.1.Value.StringValue=Root%3D1' +
      '&MessageAttribute.1.Name=l&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringListValue.1=x';
    expect(decode('SendMessage', query, table)).toEqual({
      MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1' } },
      MessageAttributes: { l: { DataType: 'String', StringListValues: ['x'] } },
    });
  });
});
