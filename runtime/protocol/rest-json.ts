import { randomUUID } from 'node:crypto';
import type { Dispatcher } from '../core/dispatcher';
import { isServiceError, protocolErrors, ServiceError } from '../core/errors';
import type { EdgeRequest, EdgeResponse } from '../edge/edge-request';
import { toWire, type Authenticator } from './aws-json';

/** One restJson1 operation: its HTTP method and path, and where its input members come from. */
export interface RestRoute {
  method: string;
  /** `/ledgers/{Name}/digest`: each `{Member}` is one percent-encoded path segment. */
  path: string;
  operation: string;
  /** Query-string parameter → the input member it fills, and how to read it (a string by default). */
  query?: Record<string, { member: string; kind?: 'integer' | 'list' }>;
  /** Lower-case request header → the input member it fills (Lambda's `X-Amz-Invocation-Type`). */
  headers?: Record<string, string>;
  /** The input member that takes the raw request body, for operations whose body is a blob payload (Invoke). */
  payload?: string;
  /** Renders an output whose status, headers or raw body are not the plain JSON document. */
  respond?: (output: any) => EdgeResponse;
}

export interface RestJsonBinding {
  service: string;
  routes: RestRoute[];
  /** The error body's members, for services whose errors carry more than a message (Lambda's `Type`, `Reason`). */
  errorBody?: (error: ServiceError) => Record<string, unknown>;
}

interface CompiledRoute extends RestRoute {
  regex: RegExp;
  members: string[];
}

function compile(route: RestRoute): CompiledRoute {
  const members: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_, member: string) => {
    members.push(member);
    return '([^/]+)';
  });
  return { ...route, regex: new RegExp(`^${source}/?$`), members };
}

const errorResponse = (error: ServiceError, requestId: string, binding?: RestJsonBinding): EdgeResponse => ({
  status: error.status,
  headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.code },
  body: JSON.stringify({ ...binding?.errorBody?.(error), [error.messageKey]: error.message }),
});

/**
 * A restJson1 service (the QLDB control plane): routes by method and path, takes input from the path,
 * the query string and the JSON body, and answers errors with `x-amzn-ErrorType` and a JSON message.
 */
export class RestJsonService {
  private readonly routes: CompiledRoute[];

  constructor(private readonly binding: RestJsonBinding) {
    this.routes = binding.routes.map(compile);
  }

  /** Whether a request's path belongs to this service (any method). */
  owns(req: EdgeRequest): boolean {
    return this.routes.some((r) => r.regex.test(req.rawPath));
  }

  async handle(req: EdgeRequest, dispatcher: Dispatcher, authenticate: Authenticator): Promise<EdgeResponse> {
    const requestId = randomUUID();
    try {
      const principal = await authenticate(req);
      if (principal instanceof ServiceError) throw principal;
      const matches = this.routes.filter((r) => r.regex.test(req.rawPath));
      const route = matches.find((r) => r.method === req.method);
      if (!route) throw new ServiceError('UnknownOperationException', `${this.binding.service} has no operation for ${req.method} ${req.rawPath}`, matches.length ? 405 : 404);
      const input = this.input(route, req);
      const output = await dispatcher.call(this.binding.service, route.operation, input, { principal }, requestId);
      if (route.respond) {
        const response = route.respond(output);
        return { ...response, headers: { ...response.headers, 'x-amzn-requestid': requestId } };
      }
      return { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId }, body: JSON.stringify(toWire(output ?? {})) };
    } catch (e) {
      if (isServiceError(e)) return errorResponse(e, requestId, this.binding);
      console.error(`keydrill ${this.binding.service}: internal error`, e);
      return errorResponse(protocolErrors.internal(), requestId, this.binding);
    }
  }

  private input(route: CompiledRoute, req: EdgeRequest): Record<string, unknown> {
    let body: unknown = {};
    if (route.payload) body = { [route.payload]: req.body };
    else if (req.body.length > 0) {
      try {
        body = JSON.parse(req.body.toString('utf8'));
      } catch {
        throw protocolErrors.serialization('Start of structure or map found where not expected.');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw protocolErrors.serialization('Start of structure or map found where not expected.');
    }
    const input: Record<string, unknown> = { ...(body as object) };
    const segments = route.regex.exec(req.rawPath)!.slice(1);
    route.members.forEach((member, i) => {
      try {
        input[member] = decodeURIComponent(segments[i]);
      } catch {
        throw protocolErrors.serialization(`The path segment for ${member} is not valid percent-encoding`);
      }
    });
    for (const [param, { member, kind }] of Object.entries(route.query ?? {})) {
      const values = req.query.getAll(param);
      if (values.length === 0) continue;
      if (kind === 'list') input[member] = values;
      else if (kind === 'integer') {
        if (!/^-?\d+$/.test(values[0])) throw protocolErrors.serialization(`The query parameter ${param} must be an integer`);
        input[member] = Number(values[0]);
      } else input[member] = values[0];
    }
    for (const [header, member] of Object.entries(route.headers ?? {})) {
      if (req.headers[header] !== undefined) input[member] = req.headers[header];
    }
    return input;
  }
}
