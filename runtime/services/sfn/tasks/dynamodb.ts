import { TaskFailure, type Json } from '../asl/host';
import { callService, parametersObject, toJson, type TaskContext } from './task-context';

const OPERATIONS: Record<string, string> = { getItem: 'GetItem', putItem: 'PutItem', updateItem: 'UpdateItem', deleteItem: 'DeleteItem' };

/**
 * The optimized `arn:aws:states:::dynamodb:<getItem|putItem|updateItem|deleteItem>`: parameters and result are
 * the API's (DynamoDB JSON), errors `DynamoDB.<Code>`. https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html
 */
export async function dynamoDbTask(ctx: TaskContext, action: string): Promise<Json> {
  const operation = OPERATIONS[action];
  if (!operation) throw new TaskFailure('States.Runtime', `keydrill does not support the resource arn:aws:states:::dynamodb:${action}`);
  return toJson(await callService(ctx, 'dynamodb', operation, parametersObject(ctx.call), { prefix: 'DynamoDB', serviceId: 'AmazonDynamoDBv2', appendException: false }));
}
