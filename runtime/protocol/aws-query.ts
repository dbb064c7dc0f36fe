import { randomUUID } from 'node:crypto';
import type { Dispatcher } from '../core/dispatcher';
import { isServiceError, ServiceError } from '../core/errors';
import type { EdgeRequest, EdgeResponse } from '../edge/edge-request';
import type { Authenticator } from './aws-json';

/**
 * The awsQuery protocol (form-encoded `Action=…` requests, XML responses), used by STS.
 * Only flat scalar members are decoded, which is all the STS operations served here take.
 */
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function toXml(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

const INTEGER_MEMBERS = new Set(['DurationSeconds']);

function decodeForm(body: Buffer): { action?: string; input: Record<string, unknown> } {
  const params = new URLSearchParams(body.toString('utf8'));
  const input: Record<string, unknown> = {};
  for (const [k, v] of params) {
    if (k === 'Action' || k === 'Version') continue;
    input[k] = INTEGER_MEMBERS.has(k) && /^\d+$/.test(v) ? Number(v) : v;
  }
  return { action: params.get('Action') ?? undefined, input };
}

/** awsQuery error codes differ from the JSON ones (ValidationError, not ValidationException). */
const QUERY_CODES: Record<string, string> = {
  ValidationException: 'ValidationError',
  UnknownOperationException: 'InvalidAction',
  SerializationException: 'MalformedInput',
};

function errorResponse(error: ServiceError, requestId: string, namespace: string): EdgeResponse {
  const code = QUERY_CODES[error.code] ?? error.code;
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

export async function handleAwsQuery(req: EdgeRequest, service: string, namespace: string, dispatcher: Dispatcher, authenticate: Authenticator): Promise<EdgeResponse> {
  const requestId = randomUUID();
  const { action, input } = decodeForm(req.body);
  try {
    const principal = await authenticate(req);
    if (principal instanceof ServiceError) throw principal;
    if (!action) throw new ServiceError('MissingAction', 'Missing Action', 400);
    const output = await dispatcher.call(service, action, input, { principal }, requestId);
    return {
      status: 200,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body: `<${action}Response xmlns="${namespace}"><${action}Result>${toXml(output)}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
    };
  } catch (e) {
    if (isServiceError(e)) return errorResponse(e, requestId, namespace);
    console.error(`keydrill ${service}.${action}: internal error`, e);
    return errorResponse(new ServiceError('InternalFailure', 'internal error', 500), requestId, namespace);
  }
}
