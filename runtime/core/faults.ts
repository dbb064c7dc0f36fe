import { ServiceError } from './errors';

export interface FaultSpec {
  service: string;
  /** Omit to fail every operation of the service. */
  operation?: string;
  errorCode: string;
  message?: string;
  status?: number;
  /** How many calls fail; omit for every call until cleared. */
  count?: number;
}

interface Fault extends FaultSpec {
  id: number;
  remaining: number;
}

/**
 * An error code travels in the `x-amzn-ErrorType` header and an XML `<Code>`, so it must be a header-safe
 * token; AWS's codes are letters, digits and the `.` `#` `:` `_` `-` of namespaced codes.
 */
const ERROR_CODE = /^[A-Za-z][A-Za-z0-9._#:-]{0,127}$/;

const optional = (value: unknown, valid: (v: unknown) => boolean) => value === undefined || valid(value);
const isText = (v: unknown) => typeof v === 'string' && v.length > 0;
const isInteger = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** Why a fault spec from the control plane cannot be served, if it cannot. */
function invalidFault(spec: Partial<Record<keyof FaultSpec, unknown>>): string | undefined {
  if (!isText(spec.service) || !isText(spec.errorCode)) return 'a fault needs a service and an errorCode';
  if (!ERROR_CODE.test(spec.errorCode as string)) return 'errorCode must be an AWS error code: a letter, then letters, digits or . # : _ - (at most 128)';
  if (!optional(spec.operation, isText)) return 'operation must be a non-empty string';
  if (!optional(spec.message, (v) => typeof v === 'string')) return 'message must be a string';
  // An AWS error is a client (4xx) or server (5xx) error; anything else is not a status an SDK reads as one.
  if (!optional(spec.status, (v) => isInteger(v, 400, 599))) return 'status must be an integer from 400 to 599';
  if (!optional(spec.count, (v) => isInteger(v, 1, Number.MAX_SAFE_INTEGER))) return 'count must be a positive integer';
  return undefined;
}

/**
 * Injected failures, set through the control plane (`/_keydrill/faults`). They are applied by the
 * dispatcher, so an injected error travels the same path as a real one, over HTTP or in-process.
 */
export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;

  /** Adds a fault; throws a TypeError naming the first member that makes the spec unservable. */
  add(spec: FaultSpec): Fault {
    const problem = invalidFault(spec);
    if (problem) throw new TypeError(problem);
    const { service, operation, errorCode, message, status, count } = spec;
    const fault: Fault = { service, operation, errorCode, message, status, count, id: this.nextId++, remaining: count ?? Infinity };
    this.faults.push(fault);
    return fault;
  }

  list(): FaultSpec[] {
    return this.faults.map(({ remaining, ...f }) => ({ ...f, count: Number.isFinite(remaining) ? remaining : undefined }));
  }

  clear(): void {
    this.faults = [];
  }

  /** The error to raise for this call, if a fault matches; consumes one use of it. */
  take(service: string, operation: string): ServiceError | undefined {
    const fault = this.faults.find((f) => f.service === service && (!f.operation || f.operation === operation));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return new ServiceError(fault.errorCode, fault.message ?? `Injected fault: ${fault.errorCode}`, fault.status ?? 400);
  }
}
