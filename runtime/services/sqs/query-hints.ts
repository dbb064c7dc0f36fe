import type { QueryHints, QueryMemberHint } from '../../protocol/aws-query';

const flattened = (name: string): QueryMemberHint => ({ name, flattened: true });
const nameValueMap = (name: string): QueryMemberHint => ({ name, flattened: true, key: 'Name', value: 'Value' });
const tagMap = (member: string) => ({ [member]: { name: 'Tag', flattened: true, key: 'Key', value: 'Value' } });

const queueAttributes = { Attributes: nameValueMap('Attribute') };
/** A message attribute value's lists: `…Value.StringListValue.N`. */
const attributeValueLists = { StringListValues: flattened('StringListValue'), BinaryListValues: flattened('BinaryListValue') };
const sentAttributes = { MessageAttributes: nameValueMap('MessageAttribute'), MessageSystemAttributes: nameValueMap('MessageSystemAttribute'), ...attributeValueLists };
const batchResult = (entry: string) => ({ Successful: flattened(entry), Failed: flattened('BatchResultErrorEntry') });

/**
 * How SQS's query API names members on the wire, from its 2012-11-05 model: every list and map is
 * flattened and most are renamed (`Attribute.N.Name` / `.Value`, `AttributeName.N`, repeated `<Message>`).
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_Operations.html
 */
const SQS_QUERY_HINTS: Readonly<Record<string, QueryHints>> = {
  ChangeMessageVisibilityBatch: { input: { Entries: flattened('ChangeMessageVisibilityBatchRequestEntry') }, output: batchResult('ChangeMessageVisibilityBatchResultEntry') },
  CreateQueue: { input: { ...queueAttributes, ...tagMap('tags') } },
  DeleteMessageBatch: { input: { Entries: flattened('DeleteMessageBatchRequestEntry') }, output: batchResult('DeleteMessageBatchResultEntry') },
  GetQueueAttributes: { input: { AttributeNames: flattened('AttributeName') }, output: queueAttributes },
  ListQueueTags: { output: tagMap('Tags') },
  ListQueues: { output: { QueueUrls: flattened('QueueUrl') } },
  ReceiveMessage: {
    input: { AttributeNames: flattened('AttributeName'), MessageAttributeNames: flattened('MessageAttributeName') },
    // A message's system attributes are `<Attribute>`s, as a queue's are.
    output: { Messages: flattened('Message'), ...queueAttributes, MessageAttributes: nameValueMap('MessageAttribute'), ...attributeValueLists },
  },
  SendMessage: { input: sentAttributes },
  SendMessageBatch: { input: { Entries: flattened('SendMessageBatchRequestEntry'), ...sentAttributes }, output: batchResult('SendMessageBatchResultEntry') },
  SetQueueAttributes: { input: queueAttributes },
  TagQueue: { input: tagMap('Tags') },
  UntagQueue: { input: { TagKeys: flattened('TagKey') } },
};

export const sqsQueryHints = (action: string): QueryHints | undefined => SQS_QUERY_HINTS[action];
