import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { useRuntime } from '../helpers/runtime';
import { createMachine, settled, start, stateMachineRole } from '../helpers/sfn';

// DynamoDB Local is a JVM started on first use.
jest.setTimeout(60_000);

const env = useRuntime();

describe('the optimized dynamodb integration', () => {
  it('puts and gets an item in DynamoDB JSON, and names a failed condition DynamoDB.ConditionalCheckFailedException', async () => {
    await env.clients.dynamodb.send(
      new CreateTableCommand({ TableName: 'drills', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }),
    );
    const role = await stateMachineRole(env.clients.iam, 'sfn-ddb-role');
    const definition = {
      StartAt: 'Put',
      States: {
        Put: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: 'drills', Item: { pk: { 'S.$': '$.id' }, n: { N: '1' } } }, ResultPath: null, Next: 'Get' },
        Get: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem', Parameters: { TableName: 'drills', Key: { pk: { 'S.$': '$.id' } } }, ResultSelector: { 'item.$': '$.Item' }, ResultPath: '$.got', Next: 'PutAgain' },
        PutAgain: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:putItem',
          Parameters: { TableName: 'drills', Item: { pk: { 'S.$': '$.id' } }, ConditionExpression: 'attribute_not_exists(pk)' },
          Catch: [{ ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], ResultPath: '$.error', Next: 'Done' }],
          Next: 'Done',
        },
        Done: { Type: 'Pass', End: true },
      },
    };
    const execution = await settled(env.clients.sfn, await start(env.clients.sfn, await createMachine(env.clients.sfn, 'ddb', definition, role), { id: 'drill-1' }));
    expect(execution.status).toBe('SUCCEEDED');
    const output = JSON.parse(execution.output!);
    expect(output.got.item).toEqual({ pk: { S: 'drill-1' }, n: { N: '1' } });
    expect(output.error.Error).toBe('DynamoDB.ConditionalCheckFailedException');
    expect(output.error.Cause).toMatch(/\(Service: AmazonDynamoDBv2, Status Code: 400, Request ID: /);
  });
});
