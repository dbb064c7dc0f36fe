import type { InvocationResponse } from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import type { EdgeResponse } from '../../../edge/edge-request';
import { lambdaErrors } from '../errors';
import { FUNCTION_NAME, QUALIFIER } from '../inputs';
import { operation } from '../lambda';
import { LATEST, LOG_TAIL_BYTES, MAX_ASYNC_PAYLOAD_BYTES, MAX_SYNC_PAYLOAD_BYTES } from '../model';

export interface InvokeInput {
  FunctionName: string;
  InvocationType?: 'RequestResponse' | 'Event' | 'DryRun';
  LogType?: 'None' | 'Tail';
  /** Base64 JSON, sent as X-Amz-Client-Context. */
  ClientContext?: string;
  /** The event: raw bytes over HTTP; in-process callers may pass the JSON text. */
  Payload?: Uint8Array | string;
  Qualifier?: string;
}

/** Invoke's output: `Payload` is a Buffer, so in-process callers can `.toString()` it. */
export type InvokeOutput = Omit<InvocationResponse, 'Payload'> & { Payload?: Buffer };

/** The event as JSON text, or Lambda's InvalidRequestContentException. */
function eventText(payload: Buffer): string {
  if (payload.length === 0) return '{}';
  const text = payload.toString('utf8');
  try {
    JSON.parse(text);
  } catch (e) {
    throw lambdaErrors.invalidRequestContent(`Could not parse request body into json: Could not parse payload into json: ${(e as Error).message}`);
  }
  return text;
}

/** The tail of the log on a UTF-8 boundary, as X-Amz-Log-Result carries it. */
function logTail(log: string): string {
  const bytes = Buffer.from(log, 'utf8');
  let start = Math.max(0, bytes.length - LOG_TAIL_BYTES);
  while (start < bytes.length && (bytes[start] & 0xc0) === 0x80) start += 1;
  return bytes.subarray(start).toString('base64');
}

/** https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html */
export const invoke = operation<InvokeInput, InvokeOutput>({
  name: 'Invoke',
  input: {
    FunctionName: FUNCTION_NAME,
    InvocationType: { type: 'string', enum: ['Event', 'RequestResponse', 'DryRun'] },
    LogType: { type: 'string', enum: ['None', 'Tail'] },
    ClientContext: { type: 'string' },
    Qualifier: QUALIFIER,
  },
  async run(lambda, input, ctx) {
    const fn = lambda.findFunction(input.FunctionName, input.Qualifier);
    lambda.authorize(ctx.caller.principal, 'lambda:InvokeFunction', fn.arn);
    const type = input.InvocationType ?? 'RequestResponse';
    const payload = input.Payload === undefined ? Buffer.alloc(0) : Buffer.from(input.Payload);
    const limit = type === 'Event' ? MAX_ASYNC_PAYLOAD_BYTES : MAX_SYNC_PAYLOAD_BYTES;
    if (payload.length > limit) throw lambdaErrors.requestTooLarge(limit);
    const event = eventText(payload);
    if (type === 'DryRun') return { StatusCode: 204 };
    if (type === 'Event') {
      lambda.invokeAsync(fn, event, ctx.requestId ?? randomUUID());
      return { StatusCode: 202 };
    }
    const result = await lambda.pools.invoke(fn, event, ctx.requestId, input.ClientContext);
    let response = result.payload;
    let functionError = result.functionError;
    if (response.length > MAX_SYNC_PAYLOAD_BYTES) {
      functionError = 'Unhandled';
      response = Buffer.from(
        JSON.stringify({ errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_SYNC_PAYLOAD_BYTES} bytes).`, errorType: 'Function.ResponseSizeTooLarge' }),
      );
    }
    return {
      StatusCode: 200,
      ExecutedVersion: LATEST,
      ...(functionError ? { FunctionError: functionError } : {}),
      ...(input.LogType === 'Tail' ? { LogResult: logTail(result.log) } : {}),
      Payload: response,
    };
  },
});

/** Invoke's HTTP response: the status is the invocation's, the payload is the raw body, the rest are headers. */
export function invokeResponse(output: InvokeOutput): EdgeResponse {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (output.FunctionError) headers['x-amz-function-error'] = output.FunctionError;
  if (output.LogResult) headers['x-amz-log-result'] = output.LogResult;
  if (output.ExecutedVersion) headers['x-amz-executed-version'] = output.ExecutedVersion;
  return { status: output.StatusCode ?? 200, headers, body: output.Payload ?? '' };
}
