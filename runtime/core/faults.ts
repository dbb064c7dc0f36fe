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
 * Injected failures, set through the control plane (`/_keydrill/faults`). They are applied by the
 * dispatcher, so an injected error travels the same path as a real one, over HTTP or in-process.
 */
export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    if (!spec.service || !spec.errorCode) throw new TypeError('a fault needs a service and an errorCode');
    const fault: Fault = { ...spec, id: this.nextId++, remaining: spec.count ?? Infinity };
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
