import { randomUUID } from 'node:crypto';
import type { Dispatcher } from '../../../core/dispatcher';
import { isServiceError } from '../../../core/errors';
import type { Caller } from '../../../core/operation';
import { TaskFailure, type Json, type TaskCall } from '../asl/host';
import type { Execution } from '../executions/execution-store';

/** What a task integration gets to make its call: the attempt, its execution, and who it calls as. */
export interface TaskContext {
  call: TaskCall;
  execution: Execution;
  /** The state machine's role (or the state's Credentials role), via `states.amazonaws.com`. */
  caller: Caller;
  dispatcher: Dispatcher;
}

/** How a service names itself in the errors a task sees: the ASL error prefix and the SDK's service name in the Cause. */
export interface ErrorNaming {
  prefix: string;
  serviceId: string;
  /** The aws-sdk integrations append `Exception` to a name that lacks it; the optimized ones keep names as they are. */
  appendException: boolean;
}

/**
 * A service error as a Task sees it: `<Prefix>.<ErrorName>` and a Cause in the Java SDK's words, which is
 * what Step Functions reports. https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html#use-awssdk-integ
 */
export function taskFailureOf(e: unknown, naming: ErrorNaming, requestId: string): TaskFailure {
  if (e instanceof TaskFailure) return e;
  if (!isServiceError(e)) throw e;
  const name = javaSdkName(e.code);
  const error = `${naming.prefix}.${naming.appendException && !name.endsWith('Exception') ? `${name}Exception` : name}`;
  return new TaskFailure(error, `${e.message} (Service: ${naming.serviceId}, Status Code: ${e.status}, Request ID: ${requestId})`);
}

/**
 * The Java SDK v2 (whose exception names Step Functions reports) spells acronyms as words:
 * KMSInvalidStateException → KmsInvalidStateException.
 */
const javaSdkName = (code: string): string => code.replace(/[A-Z]{2,}(?=[A-Z][a-z]|$)/g, (run) => run[0] + run.slice(1).toLowerCase());

/** Calls `operation` of `service` as the task's caller, mapping its errors for ASL. */
export async function callService(ctx: TaskContext, service: string, operation: string, input: unknown, naming: ErrorNaming): Promise<unknown> {
  const requestId = randomUUID();
  try {
    return await ctx.dispatcher.call(service, operation, input, ctx.caller, requestId);
  } catch (e) {
    throw taskFailureOf(e, naming, requestId);
  }
}

/**
 * An SDK output as a Task's result: JSON, with blobs as base64 text and timestamps as ISO-8601 text, and
 * without the SDK's `$metadata`.
 */
export function toJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined && k !== '$metadata') out[k] = toJson(v);
    return out;
  }
  return value as Json;
}

/** A Task's parameters must be an object for a service call; AWS refuses anything else at the API. */
export function parametersObject(call: TaskCall): Record<string, Json> {
  const p = call.parameters;
  return p !== null && typeof p === 'object' && !Array.isArray(p) ? p : {};
}
