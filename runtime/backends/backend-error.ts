import { ServiceError } from '../core/errors';
import type { BackendResponse } from './backend-http';

/**
 * A backend's error as the dispatcher's callers see it: AWS's code and message, plus the members some
 * errors carry besides them (DynamoDB's CancellationReasons, a failed condition's `Item`).
 */
export class BackendError extends ServiceError {
  constructor(
    code: string,
    message: string,
    status: number,
    messageKey: 'message' | 'Message',
    readonly members: Record<string, unknown>,
  ) {
    super(code, message, status, messageKey);
  }
}

/** DynamoDB Local qualifies codes (`com.amazonaws.dynamodb.v20120810#ResourceNotFoundException`); AWS SDKs strip the namespace too. */
export const errorCode = (type: string) => type.slice(type.lastIndexOf('#') + 1).split(':')[0];

/** Turns a backend's non-2xx response into the error AWS would have raised. */
export function backendError(response: BackendResponse): BackendError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const body = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  const type = typeof body.__type === 'string' ? body.__type : (response.headers['x-amzn-errortype'] ?? (response.status >= 500 ? 'InternalFailure' : 'ValidationException'));
  const { __type, message, Message, ...members } = body;
  const messageKey = Message !== undefined && message === undefined ? 'Message' : 'message';
  const text = message ?? Message;
  return new BackendError(errorCode(type), typeof text === 'string' ? text : '', response.status, messageKey, members);
}
