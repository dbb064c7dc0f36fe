import type { Principal } from '../identity/principal';
import { ServiceError } from './errors';
import { TAMPER_PATH } from './tampering';

/** `service: '*'` (and `operation: '*'`, the same as leaving it out) matches every one. */
export const ANY = '*';

export interface FaultSpec {
  /** A dispatcher service name (`kms`, `dynamodb`, `qldb-session`…), or `*` for every service. */
  service: string;
  /** Omit (or `*`) to fail every operation of the service. */
  operation?: string;
  /**
   * Only calls whose caller's ARN contains this text: the session ARN
   * (`arn:aws:sts::<account>:assumed-role/<Role>/<session>`) or, for a role session, the role's ARN too, so a
   * role name matches every session of it. Calls a service makes on a caller's behalf carry that caller
   * (a Step Functions aws-sdk task, QLDB's CreateGrant for UpdateLedger, a Lambda event source's reads).
   */
  principal?: string;
  /** How many matching calls pass before the fault starts failing them (default 0). */
  after?: number;
  /** The error to fail the call with; a fault has this or `tamper`. */
  errorCode?: string;
  /**
   * Instead of failing the call, let it run and alter its answer: the text at this dotted path of the output
   * (`Proof.IonText`) gets one letter or digit changed (core/tampering.ts). Served by the runtime's own services;
   * DynamoDB and Kinesis calls are relayed to DynamoDB Local and kinesalite, whose answers it does not alter.
   */
  tamper?: string;
  message?: string;
  status?: number;
  /** How many calls fail; omit for every call until cleared. */
  count?: number;
}

/** A fault as the control plane lists it: `count` is what remains, `matched` the calls it saw, `failed` those it failed (or tampered with). */
export interface FaultState extends FaultSpec {
  id: number;
  matched: number;
  failed: number;
}

interface Fault {
  spec: FaultSpec;
  id: number;
  remaining: number;
  matched: number;
  failed: number;
}

const MEMBERS: readonly (keyof FaultSpec)[] = ['service', 'operation', 'principal', 'after', 'errorCode', 'tamper', 'message', 'status', 'count'];

/**
 * An error code travels in the `x-amzn-ErrorType` header and an XML `<Code>`, so it must be a header-safe
 * token; AWS's codes are letters, digits and the `.` `#` `:` `_` `-` of namespaced codes.
 */
const ERROR_CODE = /^[A-Za-z][A-Za-z0-9._#:-]{0,127}$/;

const optional = (value: unknown, valid: (v: unknown) => boolean) => value === undefined || valid(value);
const isText = (v: unknown) => typeof v === 'string' && v.length > 0;
const isInteger = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** Why a fault spec from the control plane cannot be served, if it cannot. */
function invalidFault(spec: Record<string, unknown>): string | undefined {
  // A misspelt member would otherwise be dropped silently, leaving a fault wider than the one meant.
  const unknown = Object.keys(spec).find((member) => !(MEMBERS as readonly string[]).includes(member));
  if (unknown !== undefined) return `unknown member ${JSON.stringify(unknown)}: a fault takes ${MEMBERS.join(', ')}`;
  if (!isText(spec.service)) return 'a fault needs a service (or "*" for any)';
  if ((spec.errorCode === undefined) === (spec.tamper === undefined)) return 'a fault needs either an errorCode (to fail calls) or tamper (to alter their answers), not both';
  if (spec.tamper !== undefined) {
    if (typeof spec.tamper !== 'string' || !TAMPER_PATH.test(spec.tamper)) return 'tamper must be a dotted path of member names in the answer, e.g. "Proof.IonText"';
    if (spec.message !== undefined || spec.status !== undefined) return 'message and status describe an error: a tamper fault fails nothing';
  } else if (typeof spec.errorCode !== 'string' || !ERROR_CODE.test(spec.errorCode)) {
    return 'errorCode must be an AWS error code: a letter, then letters, digits or . # : _ - (at most 128)';
  }
  if (!optional(spec.operation, isText)) return 'operation must be a non-empty string';
  if (!optional(spec.principal, isText)) return 'principal must be a non-empty string (part of the caller ARN, e.g. a role name)';
  if (!optional(spec.after, (v) => isInteger(v, 0, Number.MAX_SAFE_INTEGER))) return 'after must be a non-negative integer (the matching calls to let through first)';
  if (!optional(spec.message, (v) => typeof v === 'string')) return 'message must be a string';
  // An AWS error is a client (4xx) or server (5xx) error; anything else is not a status an SDK reads as one.
  if (!optional(spec.status, (v) => isInteger(v, 400, 599))) return 'status must be an integer from 400 to 599';
  if (!optional(spec.count, (v) => isInteger(v, 1, Number.MAX_SAFE_INTEGER))) return 'count must be a positive integer';
  return undefined;
}

/** The caller ARNs a `principal` filter is matched against: a role session is also known by its role. */
const callerArns = (p: Principal): string[] => (p.kind === 'assumed-role' ? [p.arn, p.roleArn] : [p.arn]);

function matches({ spec }: Fault, service: string, operation: string, caller: Principal): boolean {
  if (spec.service !== ANY && spec.service !== service) return false;
  if (spec.operation !== undefined && spec.operation !== ANY && spec.operation !== operation) return false;
  return spec.principal === undefined || callerArns(caller).some((arn) => arn.includes(spec.principal!));
}

/**
 * Injected failures, set through the control plane (`/_keydrill/faults`). They are applied by the
 * dispatcher and the backend edge, so an injected error travels the same path as a real one, over HTTP or
 * in-process. A spent fault stays listed (its `failed` says it was reached) until the faults are cleared.
 */
export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;

  /** Adds a fault; throws a TypeError naming the first member that makes the spec unservable. */
  add(spec: FaultSpec): FaultState {
    const problem = invalidFault(spec as unknown as Record<string, unknown>);
    if (problem) throw new TypeError(problem);
    const { service, operation, principal, after, errorCode, tamper, message, status, count } = spec;
    const fault: Fault = { spec: { service, operation, principal, after, errorCode, tamper, message, status, count }, id: this.nextId++, remaining: count ?? Infinity, matched: 0, failed: 0 };
    this.faults.push(fault);
    return stateOf(fault);
  }

  list(): FaultState[] {
    return this.faults.map(stateOf);
  }

  clear(): void {
    this.faults = [];
  }

  /**
   * The error to raise for this call, if a fault fails it. Live faults see the call in the order they were
   * added; each one it matches counts it, and the first past its `after` fails it (the later ones do not see it).
   */
  take(service: string, operation: string, caller: Principal): ServiceError | undefined {
    const fault = this.claim('error', service, operation, caller);
    if (!fault) return undefined;
    spend(fault);
    const { errorCode, message, status } = fault.spec;
    return new ServiceError(errorCode!, message ?? `Injected fault: ${errorCode}`, status ?? 400);
  }

  /**
   * For a call that succeeded: the answer as the first tamper fault past its `after` alters it through `alter`
   * (given the fault's path), or undefined when no fault takes the call or `alter` finds nothing to change there.
   * Only an answer actually altered spends the fault.
   */
  tamper<T>(service: string, operation: string, caller: Principal, alter: (path: string) => T | undefined): T | undefined {
    const fault = this.claim('tamper', service, operation, caller);
    if (!fault) return undefined;
    const altered = alter(fault.spec.tamper!);
    if (altered === undefined) return undefined;
    spend(fault);
    return altered;
  }

  /** The first live fault of this kind past its `after` for the call; every matching one counts the call up to it. */
  private claim(kind: 'error' | 'tamper', service: string, operation: string, caller: Principal): Fault | undefined {
    for (const fault of this.faults) {
      if ((fault.spec.tamper !== undefined) !== (kind === 'tamper') || fault.remaining <= 0 || !matches(fault, service, operation, caller)) continue;
      fault.matched += 1;
      if (fault.matched > (fault.spec.after ?? 0)) return fault;
    }
    return undefined;
  }
}

/** The fault failed (or tampered with) one more call. */
function spend(fault: Fault): void {
  fault.remaining -= 1;
  fault.failed += 1;
}

function stateOf({ spec, id, remaining, matched, failed }: Fault): FaultState {
  return { ...spec, count: Number.isFinite(remaining) ? remaining : undefined, id, matched, failed };
}
