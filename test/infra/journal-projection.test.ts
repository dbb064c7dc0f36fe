import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CURRENT_SORT_KEY, INDEX_KEY_ATTRIBUTE, LIVE_TABLE_ATTRIBUTE, PARTITION_KEY, PROJECTION_INDEXES, QUARANTINE_KEY, SORT_KEY } from '../../functions/domain/projection/schema';
import { JournalProjection, PROJECTOR_ENTRY, type JournalProjectionProps } from '../../infra/constructs/journal-projection';
import { LOCAL_ENTRY_METADATA } from '../../runtime/core/paths';
import { LEDGER_NAME } from '../../infra/stacks/keydrill-stack';
import { keydrillApp } from '../helpers/synth-keydrill';

function projectionStack(props: Partial<JournalProjectionProps> = {}): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test');
  new JournalProjection(stack, 'Projection', { ledgerName: 'ledger', ...props });
  return Template.fromStack(stack);
}

let template: Template;

/** The construct's own resources of a type (the stack holds other constructs' tables and functions too). */
const projectionResources = (type: string) => Object.fromEntries(Object.entries(template.findResources(type)).filter(([id]) => id.startsWith('Projection')));

beforeAll(() => {
  const kd = keydrillApp();
  template = Template.fromStack(kd.stack);
  kd.dispose();
});

describe('journal stream', () => {
  test('QLDB streams the ledger from its first block into the Kinesis stream, aggregated, with its own role', () => {
    template.hasResourceProperties('AWS::QLDB::Stream', {
      LedgerName: Match.anyValue(),
      InclusiveStartTime: '2020-01-01T00:00:00Z',
      KinesisConfiguration: { StreamArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ProjectionStream'), 'Arn'] }, AggregationEnabled: true },
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ProjectionStreamRole'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'qldb.amazonaws.com' } })] },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: ['kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:DescribeStream', 'kinesis:ListShards'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ProjectionStream'), 'Arn'] },
          }),
        ],
      },
    });
  });

  test('the stream names the stack ledger', () => {
    const streams = template.findResources('AWS::QLDB::Stream');
    const [stream] = Object.values(streams);
    expect(stream.Properties.LedgerName).toEqual({ Ref: expect.stringMatching(/^Ledger/) });
    expect(LEDGER_NAME).toBe('keydrill-ledger');
  });
});

describe('projection tables', () => {
  test("the projection table has the projector's keys and both query indexes", () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
        { AttributeName: SORT_KEY, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [
        Match.objectLike({ IndexName: PROJECTION_INDEXES.byTable, KeySchema: [{ AttributeName: LIVE_TABLE_ATTRIBUTE, KeyType: 'HASH' }, { AttributeName: 'documentId', KeyType: 'RANGE' }] }),
        Match.objectLike({ IndexName: PROJECTION_INDEXES.byIndexedValue, KeySchema: [{ AttributeName: INDEX_KEY_ATTRIBUTE, KeyType: 'HASH' }, { AttributeName: 'documentId', KeyType: 'RANGE' }] }),
      ],
    });
    expect(CURRENT_SORT_KEY).toBe('CURRENT');
  });

  test('the quarantine table is keyed by stream position', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { KeySchema: [{ AttributeName: QUARANTINE_KEY, KeyType: 'HASH' }] });
  });

  test('both tables are retained and keep point-in-time recovery', () => {
    const tables = Object.values(projectionResources('AWS::DynamoDB::Table'));
    expect(tables).toHaveLength(2);
    for (const table of tables) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });
});

describe('projector', () => {
  test('runs from its TypeScript source locally and knows its tables from the environment', () => {
    const functions = projectionResources('AWS::Lambda::Function');
    const [projector] = Object.values(functions);
    expect(Object.keys(functions)).toHaveLength(1);
    expect(projector.Metadata[LOCAL_ENTRY_METADATA]).toBe(PROJECTOR_ENTRY);
    expect(projector.Properties.Environment.Variables).toEqual({
      PROJECTION_TABLE_NAME: { Ref: expect.stringMatching(/^ProjectionProjectionTable/) },
      QUARANTINE_TABLE_NAME: { Ref: expect.stringMatching(/^ProjectionQuarantineTable/) },
      PROJECTED_TABLES: '*',
      INDEXED_ATTRIBUTES: '',
    });
  });

  test('reads the journal stream with retries, bisection, partial batch responses and an on-failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ProjectionStream'), 'Arn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ProjectionFailedBatches'), 'Arn'] } } },
    });
  });

  test('configured tables and indexed attributes reach the projector', () => {
    const custom = projectionStack({ projectedTables: ['Vehicle', 'Person'], indexedAttributes: ['Vehicle.VIN'], retryAttempts: 3 });
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PROJECTED_TABLES: 'Vehicle,Person', INDEXED_ATTRIBUTES: 'Vehicle.VIN' }) },
    });
    custom.hasResourceProperties('AWS::Lambda::EventSourceMapping', { MaximumRetryAttempts: 3 });
  });
});

describe('props validation', () => {
  test.each([
    [{ shardCount: 0 }, /shardCount must be an integer from 1 to 16/],
    [{ shardCount: 1.5 }, /shardCount/],
    [{ indexedAttributes: ['VIN'] }, /indexedAttributes entries are Table.attribute/],
    [{ indexedAttributes: ['Vehicle.VIN', 'Vehicle.Owner'] }, /names table Vehicle twice/],
    [{ retryAttempts: -1 }, /retryAttempts must be an integer from 0 to 10000/],
  ])('%j is refused', (props, message) => {
    expect(() => projectionStack(props)).toThrow(message);
  });
});
