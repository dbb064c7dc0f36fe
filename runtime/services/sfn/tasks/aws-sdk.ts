import { TaskFailure, type Json } from '../asl/host';
import { callService, parametersObject, toJson, type TaskContext } from './task-context';

/**
 * The services `arn:aws:states:::aws-sdk:<service>:<action>` reaches in keydrill: the ARN's service name,
 * the dispatcher's, and the prefix of the errors a Task sees (AWS's list).
 * https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
 *
 * DynamoDB and Kinesis are relayed backends; the dispatcher reaches them in process with the wire JSON
 * a Task's parameters already are (a blob is base64 text there, as on the wire), where an SDK client would
 * want bytes. Neither backend evaluates IAM, so the caller's identity decides nothing there either way.
 */
const AWS_SDK_SERVICES: Record<string, { service: string; prefix: string }> = {
  kms: { service: 'kms', prefix: 'Kms' },
  qldb: { service: 'qldb', prefix: 'Qldb' },
  qldbsession: { service: 'qldb-session', prefix: 'QldbSession' },
  lambda: { service: 'lambda', prefix: 'Lambda' },
  sqs: { service: 'sqs', prefix: 'Sqs' },
  sts: { service: 'sts', prefix: 'Sts' },
  eventbridge: { service: 'events', prefix: 'EventBridge' },
  sfn: { service: 'sfn', prefix: 'Sfn' },
  dynamodb: { service: 'dynamodb', prefix: 'DynamoDb' },
  kinesis: { service: 'kinesis', prefix: 'Kinesis' },
};

/** STS's AssumeRole family is not callable through the aws-sdk integration (AWS's list of unsupported actions). */
const UNSUPPORTED_ACTIONS = new Set(['sts:assumeRole', 'sts:assumeRoleWithSAML', 'sts:assumeRoleWithWebIdentity']);

/**
 * One aws-sdk task: the camelCase action is the PascalCase operation, the parameters are its input as they
 * are (the SDK's member names), and the output is the operation's, JSON-represented.
 */
export async function awsSdkTask(ctx: TaskContext, serviceName: string, action: string): Promise<Json> {
  const target = AWS_SDK_SERVICES[serviceName];
  if (!target || UNSUPPORTED_ACTIONS.has(`${serviceName}:${action}`)) {
    throw new TaskFailure('States.Runtime', `keydrill does not support the resource arn:aws:states:::aws-sdk:${serviceName}:${action}`);
  }
  const operation = action.charAt(0).toUpperCase() + action.slice(1);
  const output = await callService(ctx, target.service, operation, parametersObject(ctx.call), { prefix: target.prefix, serviceId: target.prefix, appendException: true });
  return toJson(output);
}
