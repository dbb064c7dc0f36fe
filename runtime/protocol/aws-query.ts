import { randomUUID } from 'node:crypto';
import type { Dispatcher } from '../core/dispatcher';
import { isServiceError, protocolErrors, ServiceError } from '../core/errors';
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

/** Hints by member name, for one operation's input and output; they apply at every depth, so a name means one thing per operation. */
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
  /**
   * The service's awsQuery codes for errors whose JSON name differs (SQS's QueueDoesNotExist is
   * AWS.SimpleQueueService.NonExistentQueue), by the error's code.
   */
  errorCodes?: Readonly<Record<string, string>>;
  /**
   * Parameters the request's address carries, for clients that post to a resource's URL (SQS's QueueUrl);
   * the form's own parameters win.
   */
  addressParameters?: (req: EdgeRequest) => Record<string, string>;
}

/** A literal CR would reach the client as LF (XML normalizes line ends), changing an SQS body and its MD5. */
const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#xD;');

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

/**
 * The protocol's own errors, in the words of the common errors every awsQuery service lists (the same
 * page for STS, SQS, IAM, CloudFormation): https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html
 */
const queryProtocolErrors = {
  missingAction: () => new ServiceError('MissingAction', 'The request is missing an action or a required parameter.', 400),
  /** The JSON protocols' UnknownOperationException under its awsQuery code, naming the action. */
  invalidAction: (action: string) => new ServiceError('InvalidAction', `${protocolErrors.unknownOperation().message} (${action})`, 400),
  /** AWS documents 404 for this one, unlike every other client error. */
  malformedQueryString: (detail: string) => new ServiceError('MalformedQueryString', `The query string contains a syntax error: ${detail}`, 404),
};

const malformed = queryProtocolErrors.malformedQueryString;

/** A parameter's full name, for messages: decoding works on the parameters below a prefix. */
const pathOf = (at: string, name: string) => (at ? `${at}.${name}` : name);

/** The form's parameters below `prefix.` (`prefix` itself excluded), keyed by the rest of their name. */
function below(params: Map<string, string>, prefix: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of params) if (k.startsWith(`${prefix}.`)) out.set(k.slice(prefix.length + 1), v);
  return out;
}

/** The distinct indexes `N` of `N.…` or `N` keys, in order; every key must start with an index from 1, without leading zeros. */
function indexes(params: Map<string, string>, path: string): number[] {
  const found = new Set<number>();
  for (const k of params.keys()) {
    const m = /^([1-9]\d*)(\.|$)/.exec(k);
    if (!m) throw malformed(`${path}.${k.split('.')[0]} is not indexed from 1`);
    found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

/** A list item its index names must be there (`Name.1` with only `Name.1.x` is not). */
function present<T>(value: T | undefined, path: string): T {
  if (value === undefined) throw malformed(`${path} has no value`);
  return value;
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

/**
 * One member's value from the parameters below `at`; `name` is its wire name, `member` its model name
 * (botocore sends an empty list as the bare `Member=` even when items are renamed).
 */
function decodeValue(params: Map<string, string>, member: string, name: string, c: Constraint, hint: QueryMemberHint, hints: Record<string, QueryMemberHint>, at: string): unknown {
  if (c.type === 'list') {
    const prefix = hint.flattened ? name : `${name}.member`;
    const items = below(params, prefix);
    if (items.size === 0) return params.has(name) || params.has(member) || params.has(prefix) ? [] : undefined;
    const path = pathOf(at, prefix);
    return indexes(items, path).map((i) => present(decodeItem(items, String(i), c.member, hints, path), `${path}.${i}`));
  }
  if (c.type === 'map') {
    const prefix = hint.flattened ? name : `${name}.entry`;
    const entries = below(params, prefix);
    if (entries.size === 0) return undefined;
    const path = pathOf(at, prefix);
    const [k, v] = [hint.key ?? 'key', hint.value ?? 'value'];
    const map: Record<string, unknown> = {};
    for (const i of indexes(entries, path)) {
      const key = entries.get(`${i}.${k}`);
      if (key === undefined) throw malformed(`${path}.${i} has no ${k}`);
      const value = c.value ? decodeItem(entries, `${i}.${v}`, c.value, hints, path) : entries.get(`${i}.${v}`);
      if (value === undefined) throw malformed(`${path}.${i} has no ${v}`);
      map[key] = value;
    }
    return map;
  }
  return decodeItem(params, name, c, hints, at);
}

function decodeItem(params: Map<string, string>, name: string, c: Constraint, hints: Record<string, QueryMemberHint>, at: string): unknown {
  if (c.type === 'structure') {
    const inner = below(params, name);
    return inner.size === 0 ? undefined : decodeMembers(inner, c.members, hints, pathOf(at, name));
  }
  if (c.type === 'list' || c.type === 'map') return decodeValue(params, name, name, c, {}, hints, at);
  const raw = params.get(name);
  return raw === undefined ? undefined : decodeScalar(raw, c, pathOf(at, name));
}

function decodeMembers(params: Map<string, string>, table: ConstraintTable, hints: Record<string, QueryMemberHint>, at: string): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [member, c] of Object.entries(table)) {
    const hint = hints[member] ?? {};
    const value = decodeValue(params, member, hint.name ?? member, c, hint, hints, at);
    if (value !== undefined) input[member] = value;
  }
  return input;
}

/**
 * The form's parameters as the operation's input. Without a table, top-level scalars are taken as strings;
 * parameters the table does not name are ignored, as AWS ignores them.
 */
export function decodeQueryInput(params: Map<string, string>, table: ConstraintTable | undefined, hints: Record<string, QueryMemberHint> = {}): Record<string, unknown> {
  if (table) return decodeMembers(params, table, hints, '');
  return Object.fromEntries([...params].filter(([k]) => !k.includes('.')));
}

/** awsQuery error codes differ from the JSON ones (ValidationError, not ValidationException). */
const QUERY_CODES: Record<string, string> = {
  ValidationException: 'ValidationError',
  UnknownOperationException: 'InvalidAction',
  SerializationException: 'MalformedInput',
};

/** `codes` are the service's own query codes for its errors (the binding's `errorCodes`); the protocol's apply to the rest. */
export function queryError(error: ServiceError, requestId: string, namespace: string, codes: Readonly<Record<string, string>> = {}): EdgeResponse {
  const code = codes[error.code] ?? QUERY_CODES[error.code] ?? error.code;
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The form's parameters; a body that is no UTF-8, or has a `%` escape that is no UTF-8 sequence, is malformed. */
function formParams(body: Buffer): Map<string, string> {
  let text: string;
  try {
    text = utf8.decode(body);
    // URLSearchParams decodes a bad escape to U+FFFD without complaint; decodeURIComponent refuses it.
    decodeURIComponent(text);
  } catch {
    throw malformed('the body is not form-encoded UTF-8');
  }
  return new Map(new URLSearchParams(text));
}

export async function handleAwsQuery(req: EdgeRequest, binding: AwsQueryBinding, dispatcher: Dispatcher, authenticate: Authenticator): Promise<EdgeResponse> {
  const requestId = randomUUID();
  let action: string | undefined;
  try {
    const principal = await authenticate(req);
    if (principal instanceof ServiceError) throw principal;
    // AWS accepts an awsQuery call by GET too, its parameters in the query string.
    const params = req.method === 'GET' ? new Map(req.query) : formParams(req.body);
    action = params.get('Action');
    params.delete('Action');
    params.delete('Version');
    if (!action) throw queryProtocolErrors.missingAction();
    for (const [name, value] of Object.entries(binding.addressParameters?.(req) ?? {})) if (!params.has(name)) params.set(name, value);
    const table = binding.inputTable?.(action);
    if (binding.inputTable && !table) throw queryProtocolErrors.invalidAction(action);
    const hints = binding.hints?.(action);
    const input = decodeQueryInput(params, table, hints?.input);
    const output = await dispatcher.call(binding.service, action, input, { principal }, requestId);
    return {
      status: 200,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body: `<${action}Response xmlns="${binding.namespace}"><${action}Result>${toXml(output ?? {}, hints?.output)}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
    };
  } catch (e) {
    if (isServiceError(e)) return queryError(e, requestId, binding.namespace, binding.errorCodes);
    console.error(`keydrill ${binding.service}.${action}: internal error`, e);
    return queryError(protocolErrors.internal(), requestId, binding.namespace);
  }
}
