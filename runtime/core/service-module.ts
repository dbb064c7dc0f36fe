import type { DeployedStack } from '../bootstrap/deploy';
import type { IdentityStore } from '../identity/identity-store';
import type { EdgeRequest, EdgeResponse } from '../edge/edge-request';
import type { Authenticator } from '../protocol/aws-json';
import type { AwsQueryBinding } from '../protocol/aws-query';
import type { RestJsonBinding } from '../protocol/rest-json';
import type { AuditTrail } from './audit-trail';
import type { AdjustableClock } from './clock';
import type { Dispatcher } from './dispatcher';
import type { FaultRegistry } from './faults';
import type { RuntimeTimers } from './timers';
import type { Service } from './operation';
import type { Scope } from './scope';

/** What every service module may use while it builds and runs: the runtime's shared parts. */
export interface RuntimeContext {
  scope: Scope;
  clock: AdjustableClock;
  /** Callbacks at moments of the runtime clock (KMS deletion and rotation windows, schedules, waits). */
  timers: RuntimeTimers;
  faults: FaultRegistry;
  identity: IdentityStore;
  dispatcher: Dispatcher;
  trail: AuditTrail;
  /** `<dataDir>/state/<name>.json`, or undefined when the runtime keeps everything in memory. */
  stateFile(name: string): string | undefined;
  /** A path under the data directory, or undefined in memory. */
  dataPath(...parts: string[]): string | undefined;
  /** The runtime's endpoint URL: known only once the edge listens, i.e. not while modules are built. */
  endpoint(): string;
  /** The stack the runtime deployed from its template, or undefined when it was given none (or has not deployed it yet). */
  stack(): DeployedStack | undefined;
}

/**
 * How a request reaches a service, by protocol. The router switches on `protocol` only:
 * - awsJson: `X-Amz-Target: <targetPrefix>.<Operation>`; `serve` replaces the default dispatch for services
 *   whose bytes are relayed to a backend; `signingName` is the SigV4 scope's service when it is not `service`;
 * - restJson: routes by method and path;
 * - awsQuery: form-encoded `Action=…`, chosen by the SigV4 credential scope's service (`signingName`).
 */
export type ProtocolBinding =
  | { protocol: 'awsJson'; service: string; targetPrefix: string; jsonVersion: '1.0' | '1.1'; serve?: AwsJsonServe; signingName?: string }
  | { protocol: 'restJson'; binding: RestJsonBinding }
  | ({ protocol: 'awsQuery'; signingName: string } & Omit<AwsQueryBinding, 'inputTable'>);

export type AwsJsonServe = (req: EdgeRequest, operation: string, authenticate: Authenticator) => Promise<EdgeResponse>;

/** A `/_keydrill/<path>` route a module adds to the control plane; `params` are the pattern's groups. */
export interface ControlRoute {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  handle(params: string[], req: EdgeRequest): ControlAnswer | Promise<ControlAnswer>;
}

export interface ControlAnswer {
  status: number;
  body: unknown;
}

/**
 * One service (or backend) as the runtime sees it. The runtime builds the modules in list order, registers
 * their services, routes their bindings, then calls, in list order, `start` after the stack is deployed and
 * `reset` on `POST /_keydrill/reset`; on stop, `drain` in reverse order before the edge closes (background
 * work: pollers, streamers, waiters) and `close` in reverse order after it (flush and release state).
 */
export interface ServiceModule {
  services: Service[];
  bindings?: ProtocolBinding[];
  controlRoutes?: ControlRoute[];
  start?(): void | Promise<void>;
  reset?(): void | Promise<void>;
  drain?(): void | Promise<void>;
  close?(): void | Promise<void>;
}

/** Builds a module; `O` is the slice of the runtime's options the module reads (its own config knobs). */
export type ServiceFactory<O = object> = (ctx: RuntimeContext, options: O) => ServiceModule | Promise<ServiceModule>;
