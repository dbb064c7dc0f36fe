import { randomUUID } from 'node:crypto';
import type { Dispatcher } from '../core/dispatcher';
import { isServiceError, protocolErrors, ServiceError } from '../core/errors';
import type { EdgeRequest, EdgeResponse } from '../edge/edge-request';
import type { Principal } from '../identity/principal';

/** A service reached over the awsJson protocol (`X-Amz-Target: <prefix>.<Operation>`). */
export interface AwsJsonBinding {
  service: string;
  targetPrefix: string;
  jsonVersion: '1.0' | '1.1';
}

export type Authenticator = (req: EdgeRequest) => Promise<Principal | ServiceError>;

/** Blobs travel as base64 and timestamps as epoch seconds in the AWS JSON protocols. */
export function toWire(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

export function jsonError(error: ServiceError, requestId: string, contentType: string): EdgeResponse {
  return {
    status: error.status,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.code },
    body: JSON.stringify({ __type: error.code, [error.messageKey]: error.message }),
  };
}

/** Serves one awsJson request: authenticate, decode, dispatch, encode — every failure AWS-shaped. */
export async function handleAwsJson(req: EdgeRequest, binding: AwsJsonBinding, operation: string, dispatcher: Dispatcher, authenticate: Authenticator): Promise<EdgeResponse> {
  const requestId = randomUUID();
  const contentType = `application/x-amz-json-${binding.jsonVersion}`;
  try {
    const principal = await authenticate(req);
    if (principal instanceof ServiceError) throw principal;
    let input: unknown = {};
    if (req.body.length > 0) {
      try {
        input = JSON.parse(req.body.toString('utf8'));
      } catch {
        throw protocolErrors.serialization('Start of structure or map found where not expected.');
      }
    }
    const output = await dispatcher.call(binding.service, operation, input, { principal }, requestId);
    return { status: 200, headers: { 'content-type': contentType, 'x-amzn-requestid': requestId }, body: JSON.stringify(toWire(output ?? {})) };
  } catch (e) {
    if (isServiceError(e)) return jsonError(e, requestId, contentType);
    console.error(`keydrill ${binding.service}.${operation}: internal error`, e);
    return jsonError(protocolErrors.internal(), requestId, contentType);
  }
}
