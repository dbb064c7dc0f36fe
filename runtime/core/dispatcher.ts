import { randomUUID } from 'node:crypto';
import { protocolErrors } from './errors';
import type { FaultRegistry } from './faults';
import type { Caller, Service } from './operation';
import { tamperedAnswer } from './tampering';

/**
 * Routes a call to a service's operation. The HTTP edge and in-process callers (the ledger calling
 * KMS, a rule target starting an execution) both come through here, so validation, authorization,
 * injected faults and errors are identical on both paths. Services never import each other.
 */
export class Dispatcher {
  private readonly services = new Map<string, Service>();

  constructor(private readonly faults: FaultRegistry) {}

  register(service: Service): void {
    this.services.set(service.name, service);
  }

  service(name: string): Service | undefined {
    return this.services.get(name);
  }

  /** Every registered service with its operations, in registration order (the health listing). */
  listing(): Record<string, string[]> {
    return Object.fromEntries([...this.services.values()].map((s) => [s.name, s.operationNames()]));
  }

  async call<O = unknown>(service: string, operation: string, input: unknown, caller: Caller, requestId = randomUUID()): Promise<O> {
    const target = this.services.get(service);
    if (!target) throw protocolErrors.unknownOperation();
    const fault = this.faults.take(service, operation, caller.principal);
    if (fault) throw fault;
    const output = await target.invoke(operation, input, { caller, requestId });
    return (this.faults.tamper(service, operation, caller.principal, (path) => tamperedAnswer(output, path)) ?? output) as O;
  }
}
