import { randomUUID } from 'node:crypto';
import { TaskFailure, type Json } from '../asl/host';
import { callService, parametersObject, type TaskContext } from './task-context';

interface InvokeOutput {
  StatusCode?: number;
  ExecutedVersion?: string;
  FunctionError?: string;
  Payload?: Buffer;
}

const LAMBDA_ERRORS = { prefix: 'Lambda', serviceId: 'Lambda', appendException: true };

const parsedPayload = (payload: Buffer | undefined): Json => {
  const text = payload?.toString('utf8') ?? '';
  if (text === '') return null;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
};

/**
 * A function error fails the Task with the payload's `errorType` as Error and the payload itself as Cause.
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
 */
function failOnFunctionError(output: InvokeOutput): void {
  if (!output.FunctionError) return;
  const text = output.Payload?.toString('utf8') ?? '';
  const payload = parsedPayload(output.Payload);
  const errorType = payload && typeof payload === 'object' && !Array.isArray(payload) && typeof payload.errorType === 'string' ? payload.errorType : 'Lambda.Unknown';
  throw new TaskFailure(errorType, text);
}

async function invoke(ctx: TaskContext, input: Record<string, unknown>): Promise<InvokeOutput> {
  return (await callService(ctx, 'lambda', 'Invoke', input, LAMBDA_ERRORS)) as InvokeOutput;
}

/**
 * `arn:aws:states:::lambda:invoke`: Parameters are Invoke's (`Payload` any JSON value), the result is
 * Invoke's response with the payload parsed, in the shape the Java SDK gives Step Functions.
 */
export async function lambdaInvokeTask(ctx: TaskContext): Promise<Json> {
  const { Payload, ...rest } = parametersObject(ctx.call);
  const output = await invoke(ctx, { ...rest, ...(Payload === undefined ? {} : { Payload: typeof Payload === 'string' ? Payload : JSON.stringify(Payload) }) });
  failOnFunctionError(output);
  const requestId = randomUUID();
  const headers = { 'Content-Type': 'application/json', 'X-Amz-Executed-Version': output.ExecutedVersion ?? '$LATEST', 'x-amzn-RequestId': requestId };
  return {
    ExecutedVersion: output.ExecutedVersion ?? '$LATEST',
    Payload: parsedPayload(output.Payload),
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      HttpHeaders: headers,
      HttpStatusCode: output.StatusCode ?? 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: output.StatusCode ?? 200,
  };
}

/** A function ARN as the Resource: the effective input is the payload, the function's response the result. */
export async function lambdaFunctionTask(ctx: TaskContext, functionArn: string): Promise<Json> {
  const output = await invoke(ctx, { FunctionName: functionArn, Payload: JSON.stringify(ctx.call.parameters) });
  failOnFunctionError(output);
  return parsedPayload(output.Payload);
}
