import type { WireShape, WireShapeTable } from './wire-shape';

/** An item or key: attribute names to AttributeValues, whose content DynamoDB Local checks itself. */
const ITEM: WireShape = { map: 'any' };
const NAMES: WireShape = { map: 'string' };
const LIST: WireShape = { list: 'any' };

const CONDITIONAL = {
  TableName: 'string',
  ConditionExpression: 'string',
  ExpressionAttributeNames: NAMES,
  ExpressionAttributeValues: ITEM,
  ReturnConsumedCapacity: 'string',
  ReturnItemCollectionMetrics: 'string',
  ReturnValues: 'string',
  ReturnValuesOnConditionCheckFailure: 'string',
  Expected: { map: 'any' },
  ConditionalOperator: 'string',
} as const;

const READ = {
  TableName: 'string',
  IndexName: 'string',
  ConsistentRead: 'boolean',
  ExclusiveStartKey: ITEM,
  ExpressionAttributeNames: NAMES,
  ExpressionAttributeValues: ITEM,
  FilterExpression: 'string',
  Limit: 'number',
  ProjectionExpression: 'string',
  ReturnConsumedCapacity: 'string',
  Select: 'string',
  AttributesToGet: { list: 'string' },
  ConditionalOperator: 'string',
} as const;

/**
 * The top-level members of the DynamoDB operations the runtime itself and its tests use, typed as the
 * DynamoDB model types them (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations.html):
 * DynamoDB Local answers a wrong JSON type with a 500, AWS with a 400 SerializationException.
 */
export const DYNAMODB_SHAPES: Readonly<Record<string, WireShapeTable>> = {
  GetItem: {
    TableName: 'string',
    Key: ITEM,
    ConsistentRead: 'boolean',
    ExpressionAttributeNames: NAMES,
    ProjectionExpression: 'string',
    ReturnConsumedCapacity: 'string',
    AttributesToGet: { list: 'string' },
  },
  PutItem: { ...CONDITIONAL, Item: ITEM },
  DeleteItem: { ...CONDITIONAL, Key: ITEM },
  UpdateItem: { ...CONDITIONAL, Key: ITEM, UpdateExpression: 'string', AttributeUpdates: { map: 'any' } },
  Query: { ...READ, KeyConditionExpression: 'string', ScanIndexForward: 'boolean', KeyConditions: { map: 'any' }, QueryFilter: { map: 'any' } },
  Scan: { ...READ, Segment: 'number', TotalSegments: 'number', ScanFilter: { map: 'any' } },
  TransactWriteItems: { TransactItems: LIST, ClientRequestToken: 'string', ReturnConsumedCapacity: 'string', ReturnItemCollectionMetrics: 'string' },
  TransactGetItems: { TransactItems: LIST, ReturnConsumedCapacity: 'string' },
  BatchGetItem: { RequestItems: { map: 'any' }, ReturnConsumedCapacity: 'string' },
  BatchWriteItem: { RequestItems: { map: LIST }, ReturnConsumedCapacity: 'string', ReturnItemCollectionMetrics: 'string' },
  CreateTable: {
    TableName: 'string',
    AttributeDefinitions: LIST,
    KeySchema: LIST,
    BillingMode: 'string',
    ProvisionedThroughput: { structure: { ReadCapacityUnits: 'number', WriteCapacityUnits: 'number' } },
    GlobalSecondaryIndexes: LIST,
    LocalSecondaryIndexes: LIST,
    StreamSpecification: { structure: { StreamEnabled: 'boolean', StreamViewType: 'string' } },
    SSESpecification: 'any',
    Tags: LIST,
    TableClass: 'string',
    DeletionProtectionEnabled: 'boolean',
  },
  UpdateTable: {
    TableName: 'string',
    AttributeDefinitions: LIST,
    BillingMode: 'string',
    ProvisionedThroughput: { structure: { ReadCapacityUnits: 'number', WriteCapacityUnits: 'number' } },
    GlobalSecondaryIndexUpdates: LIST,
    StreamSpecification: { structure: { StreamEnabled: 'boolean', StreamViewType: 'string' } },
    SSESpecification: 'any',
    TableClass: 'string',
    DeletionProtectionEnabled: 'boolean',
  },
  DescribeTable: { TableName: 'string' },
  DeleteTable: { TableName: 'string' },
  ListTables: { ExclusiveStartTableName: 'string', Limit: 'number' },
  DescribeTimeToLive: { TableName: 'string' },
  UpdateTimeToLive: { TableName: 'string', TimeToLiveSpecification: { structure: { Enabled: 'boolean', AttributeName: 'string' } } },
};
