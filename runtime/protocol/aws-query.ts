import { randomUUID } from 'node:crypto';
import type { Dispatcher } from '../core/dispatcher';
import { isServiceError, ServiceError } from '../core/errors';
import type { Constraint, ConstraintTable } from '../core/validation';
import type { EdgeRequest, EdgeResponse } from '../edge/edge-request';
import type { Authenticator } from './aws-json';

/**
 * The awsQuery protocol (STS, IAM, CloudFormation, and SQS for older clients): form-encoded `Action=…`
 * requests, XML responses. https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 *
 * Requests are decoded into the same input the JSON protocols carry, guided by the operation's constraint
 * table (the form carries only strings; the table says which are integers, booleans, lists, maps):
 * lists are `Name.member.N`, maps `Name.entry.N.key` / `.value`, structures `Name.Member`. Services whose
 * model renames or flattens members (SQS: `Attribute.N.Name`) give per-member hints. Responses are rendered
 * the same way back: lists as `<member>` elements unless flattened; an output has no table, so an object is a
 * structure unless a hint names it a map (`<entry><key/><value/></entry>`, or flattened).
 * No maintained library maps awsQuery onto a server-side model, so the mapping is ours.
 */

/** How one member is named on the wire when the model renames or flattens it (`xmlName`, `xmlFlattened`). */
export interface QueryMemberHint {
  /** The wire name, in place of the member name (a flattened list's item name). */
  name?: string;
  /** Items repeat under the member's own name (`Name.N`, repeated `<Name>`), without `member` / `entry`. */
  flattened?: boolean;
  /** A map's key and value names (`Name` / `Value` for SQS attributes; `key` / `value` by default). */
  key?: string;
  value?: string;
}

/** Hints by member name, for one operation's input and output. */
export interface QueryHints {
  input?: Record<string, QueryMemberHint>;
  output?: Record<string, QueryMemberHint>;
}

export interface AwsQueryBinding {
  service: string;
  /** The XML namespace of responses (`https://sts.amazonaws.com/doc/2011-06-15/`). */
  namespace: string;
  hints?: (action: string) => QueryHints | undefined;
  /** The operation's input table, so form strings become the types the operation expects. */
  inputTable?: (action: string) => ConstraintTable | undefined;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function scalarXml(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return escapeXml(String(value));
}

/** Renders a value's members as XML elements; `hints` apply to this level's member names. */
export function toXml(value: unknown, hints: Record<string, QueryMemberHint> = {}): string {
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof Uint8Array) return scalarXml(value);
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([member, v]) => memberXml(member, v, hints[member] ?? {}, hints))
    .join('');
}

function memberXml(member: string, value: unknown, hint: QueryMemberHint, hints: Record<string, QueryMemberHint>): string {
  const name = hint.name ?? member;
  if (Array.isArray(value)) {
    const items = value.map((item) => toXml(item, hints));
    return hint.flattened ? items.map((item) => `<${name}>${item}</${name}>`).join('') : `<${name}>${items.map((item) => `<member>${item}</member>`).join('')}</${name}>`;
  }
  if (hint.key || hint.value || (hint.flattened && isPlainObject(value))) {
    const [k, v] = [hint.key ?? 'key', hint.value ?? 'value'];
    const entries = Object.entries(value as Record<string, unknown>).map(([key, val]) => `<${k}>${escapeXml(key)}</${k}><${v}>${toXml(val, hints)}</${v}>`);
    return hint.flattened ? entries.map((e) => `<${name}>${e}</${name}>`).join('') : `<${name}>${entries.map((e) => `<entry>${e}</entry>`).join('')}</${name}>`;
  }
  return `<${name}>${toXml(value, hints)}</${name}>`;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);

const malformed = (message: string) => new ServiceError('MalformedQueryString', message, 400);

/** The form's parameters below `prefix.` (`prefix` itself excluded), keyed by the rest of their name. */
function below(params: Map<string, string>, prefix: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of params) if (k.startsWith(`${prefix}.`)) out.set(k.slice(prefix.length + 1), v);
  return out;
}

/** The distinct 1-based indexes `N` of `N.…` or `N` keys, in order; a gap or a zero is malformed. */
function indexes(params: Map<string, string>, path: string): number[] {
  const found = new Set<number>();
  for (const k of params.keys()) {
    const m = /^(\d+)(\.|$)/.exec(k);
    if (!m) continue;
    const n = Number(m[1]);
    if (n < 1) throw malformed(`The index of ${path} must start at 1`);
    found.add(n);
  }
  return [...found].sort((a, b) => a - b);
}

function decodeScalar(raw: string, c: Constraint, path: string): unknown {
  switch (c.type) {
    case 'integer':
      // Left as the string when it is no integer, so validation reports it in the service's own words.
      return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'timestamp': {
      const ms = Date.parse(raw);
      if (Number.isNaN(ms)) throw malformed(`${path} is not a valid timestamp`);
      return new Date(ms);
    }
    default:
      return raw;
  }
}

function decodeValue(params: Map<string, string>, name: string, c: Constraint, hint: QueryMemberHint, hints: Record<string, QueryMemberHint>): unknown {
  if (c.type === 'list') {
    const items = hint.flattened ? below(params, name) : below(params, `${name}.member`);
    // An empty list is sent as the bare member name with no value (`Name=`).
    if (items.size === 0) return params.has(name) || params.has(`${name}.member`) ? [] : undefined;
    return indexes(items, name).map((i) => decodeItem(items, String(i), c.member, hints));
  }
  if (c.type === 'map') {
    const entries = hint.flattened ? below(params, name) : below(params, `${name}.entry`);
    if (entries.size === 0) return undefined;
    const [k, v] = [hint.key ?? 'key', hint.value ?? 'value'];
    const map: Record<string, unknown> = {};
    for (const i of indexes(entries, name)) {
      const key = entries.get(`${i}.${k}`);
      if (key === undefined) throw malformed(`${name}.${i} has no ${k}`);
      map[key] = c.value ? decodeItem(entries, `${i}.${v}`, c.value, hints) : entries.get(`${i}.${v}`);
    }
    return map;
  }
  return decodeItem(params, name, c, hints);
}

function decodeItem(params: Map<string, string>, name: string, c: Constraint, hints: Record<string, QueryMemberHint>): unknown {
  if (c.type === 'structure') {
    const inner = below(params, name);
    return inner.size === 0 ? undefined : decodeMembers(inner, c.members, hints);
  }
  if (c.type === 'list' || c.type === 'map') return decodeValue(params, name, c, {}, hints);
  const raw = params.get(name);
  return raw === undefined ? undefined : decodeScalar(raw, c, name);
}

function decodeMembers(params: Map<string, string>, table: ConstraintTable, hints: Record<string, QueryMemberHint>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [member, c] of Object.entries(table)) {
    const hint = hints[member] ?? {};
    const value = decodeValue(params, hint.name ?? member, c, hint, hints);
    if (value !== undefined) input[member] = value;
  }
  return input;
}

/**
 * The form's parameters as the operation's input. Without a table, top-level scalars are taken as strings;
 * parameters the table does not name are ignored, as AWS ignores them.
 */
export function decodeQueryInput(params: Map<string, string>, table: ConstraintTable | undefined, hints: Record<string, QueryMemberHint> = {}): Record<string, unknown> {
  if (table) return decodeMembers(params, table, hints);
  return Object.fromEntries([...params].filter(([k]) => !k.includes('.')));
}

/** awsQuery error codes differ from the JSON ones (ValidationError, not ValidationException). */
const QUERY_CODES: Record<string, string> = {
  ValidationException: 'ValidationError',
  UnknownOperationException: 'InvalidAction',
  SerializationException: 'MalformedInput',
};

export function queryError(error: ServiceError, requestId: string, namespace: string): EdgeResponse {
  const code = QUERY_CODES[error.code] ?? error.code;
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

function formParams(body: Buffer): Map<string, string> {
  const params = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.set(k, v);
  return params;
}

export async function handleAwsQuery(req: EdgeRequest, binding: AwsQueryBinding, dispatcher: Dispatcher, authenticate: Authenticator): Promise<EdgeResponse> {
  const requestId = randomUUID();
  const params = formParams(req.body);
  const action = params.get('Action');
  params.delete('Action');
  params.delete('Version');
  try {
    const principal = await authenticate(req);
    if (principal instanceof ServiceError) throw principal;
    if (!action) throw new ServiceError('MissingAction', 'Missing Action', 400);
    const table = binding.inputTable?.(action);
    // The text of InvalidAction in the common errors of every awsQuery service, e.g.
    // https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
    if (binding.inputTable && !table) throw new ServiceError('InvalidAction', `The action or operation requested is invalid. Verify that the action is typed correctly. (${action})`, 400);
    const hints = binding.hints?.(action);
    const input = decodeQueryInput(params, table, hints?.input);
    const output = await dispatcher.call(binding.service, action, input, { principal }, requestId);
    return {
      status: 200,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body: `<${action}Response xmlns="${binding.namespace}"><${action}Result>${toXml(output ?? {}, hints?.output)}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
    };
  } catch (e) {
    if (isServiceError(e)) return queryError(e, requestId, binding.namespace);
    console.error(`keydrill ${binding.service}.${action}: internal error`, e);
    return queryError(new ServiceError('InternalFailure', 'internal error', 500), requestId, binding.namespace);
  }
}
