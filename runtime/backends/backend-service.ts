import { randomUUID } from 'node:crypto';
import { isServiceError, protocolErrors, ServiceError } from '../core/errors';
import type { FaultRegistry } from '../core/faults';
import type { CallContext, Service } from '../core/operation';
import type { EdgeRequest, EdgeResponse } from '../edge/edge-request';
import { jsonError, type Authenticator } from '../protocol/aws-json';
import { backendError } from './backend-error';
import type { BackendHttp, BackendResponse } from './backend-http';
import { checkWireShape, type WireShapeTable } from './wire-shape';

export interface BackendBinding {
  /** The dispatcher's service name (`kinesis`, `dynamodb`). */
  name: string;
  targetPrefix: string;
  jsonVersion: '1.0' | '1.1';
  /** What the backend implements (for the health listing; other operations are still forwarded and refused there). */
  operations: readonly string[];
  /** Adapts a request to the backend; returns the input itself when it needs no change. */
  adapt?: (operation: string, input: Record<string, unknown>) => Record<string, unknown>;
  /** The JSON types of the members of the operations named here, checked before the backend sees them. */
  shapes?: Readonly<Record<string, WireShapeTable>>;
  /** Other content types forwarded unchanged, without adaptation (kinesalite also speaks CBOR). */
  opaqueContentTypes?: readonly string[];
}

/** Response headers that describe one HTTP/1.1 connection: never relayed (HTTP/2 forbids them). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date', 'server']);

const asObject = (input: unknown): Record<string, unknown> => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw protocolErrors.serialization('Start of structure or map found where not expected.');
  return input as Record<string, unknown>;
};

/**
 * A service served by an external backend (kinesalite, DynamoDB Local). In-process callers use the
 * dispatcher (`invoke`: JSON wire shapes in and out, errors as BackendError); HTTP clients get the
 * backend's response bytes relayed unchanged (`serveHttp`), so every error member reaches the SDK.
 */
export class BackendService implements Service {
  readonly name: string;

  constructor(
    readonly binding: BackendBinding,
    private readonly http: BackendHttp,
    private readonly faults: FaultRegistry,
  ) {
    this.name = binding.name;
  }

  private get contentType(): string {
    return `application/x-amz-json-${this.binding.jsonVersion}`;
  }

  operationNames(): string[] {
    return [...this.binding.operations].sort();
  }

  async invoke(operation: string, input: unknown, _ctx: CallContext): Promise<unknown> {
    const request = this.adapt(operation, asObject(input ?? {}));
    const response = await this.http.post(`${this.binding.targetPrefix}.${operation}`, this.contentType, JSON.stringify(request));
    if (response.status >= 300) throw backendError(response);
    return response.body.length ? JSON.parse(response.body.toString('utf8')) : {};
  }

  /** The edge path: authenticate, take an injected fault, forward, relay. Every failure is AWS-shaped. */
  async serveHttp(req: EdgeRequest, operation: string, authenticate: Authenticator): Promise<EdgeResponse> {
    const requestId = randomUUID();
    try {
      const principal = await authenticate(req);
      if (principal instanceof ServiceError) throw principal;
      // Checked before relaying: the target travels as a header, and a long one draws the backend's own HTML 431.
      if (!this.binding.operations.includes(operation)) throw protocolErrors.unknownOperation();
      const fault = this.faults.take(this.name, operation, principal);
      if (fault) throw fault;
      const sentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
      const opaque = this.binding.opaqueContentTypes?.includes(sentType) ?? false;
      const body = opaque ? req.body : this.adaptBody(operation, req.body);
      return relay(await this.http.post(`${this.binding.targetPrefix}.${operation}`, opaque ? sentType : this.contentType, body));
    } catch (e) {
      if (isServiceError(e)) return jsonError(e, requestId, this.contentType);
      console.error(`keydrill ${this.name}.${operation}: internal error`, e);
      return jsonError(protocolErrors.internal(), requestId, this.contentType);
    }
  }

  /**
   * Malformed JSON is refused here, as AWS refuses it: DynamoDB Local answers it with a 500 InternalFailure.
   * The original bytes are forwarded unless the request had to be adapted.
   */
  private adaptBody(operation: string, body: Buffer): Buffer | string {
    if (body.length === 0) return JSON.stringify(this.adapt(operation, {}));
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      throw protocolErrors.serialization('Start of structure or map found where not expected.');
    }
    const object = asObject(input);
    const adapted = this.adapt(operation, object);
    return adapted === object ? body : JSON.stringify(adapted);
  }

  private adapt(operation: string, input: Record<string, unknown>): Record<string, unknown> {
    const shape = this.binding.shapes?.[operation];
    if (shape) checkWireShape(input, shape);
    return this.binding.adapt ? this.binding.adapt(operation, input) : input;
  }
}

function relay(response: BackendResponse): EdgeResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
  return { status: response.status, headers, body: response.body };
}
