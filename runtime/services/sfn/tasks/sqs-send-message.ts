import type { Json } from '../asl/host';
import { callService, parametersObject, toJson, type TaskContext } from './task-context';

/**
 * The optimized `arn:aws:states:::sqs:sendMessage`: MessageBody may be any JSON value (sent as its text),
 * errors `SQS.<Code>`. https://docs.aws.amazon.com/step-functions/latest/dg/connect-sqs.html
 */
export async function sendMessageTask(ctx: TaskContext): Promise<Json> {
  const { MessageBody, ...rest } = parametersObject(ctx.call);
  const input = { ...rest, MessageBody: typeof MessageBody === 'string' ? MessageBody : JSON.stringify(MessageBody) };
  return toJson(await callService(ctx, 'sqs', 'SendMessage', input, { prefix: 'SQS', serviceId: 'Sqs', appendException: false }));
}
