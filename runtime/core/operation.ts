import type { Principal } from '../identity/principal';
import { protocolErrors } from './errors';
import { validateInput, type ConstraintTable } from './validation';

/** Who is calling, and on whose behalf: `viaService` is set when a service (e.g. QLDB) calls for a user. */
export interface Caller {
  principal: Principal;
  viaService?: string;
}

export interface CallContext {
  caller: Caller;
  requestId: string;
}

/** One AWS operation: its input constraints and its behaviour. `S` is the service's own state. */
export interface OperationDefinition<S, I = any, O = any> {
  name: string;
  input: ConstraintTable;
  run(service: S, input: I, ctx: CallContext): O | Promise<O>;
}

export interface Service {
  readonly name: string;
  operationNames(): string[];
  /** An operation's input constraints (undefined for an unknown operation): protocols that carry only strings decode by it. */
  inputTable?(operation: string): ConstraintTable | undefined;
  /** Validates `input` against the operation's table and runs it. */
  invoke(operation: string, input: unknown, ctx: CallContext): Promise<unknown>;
}

/** A service whose operations are a table of definitions sharing the state `S`. */
export class OperationTable<S> implements Service {
  private readonly operations: Map<string, OperationDefinition<S>>;

  constructor(
    readonly name: string,
    private readonly state: S,
    definitions: OperationDefinition<S>[],
  ) {
    this.operations = new Map(definitions.map((d) => [d.name, d]));
  }

  operationNames(): string[] {
    return [...this.operations.keys()].sort();
  }

  inputTable(operation: string): ConstraintTable | undefined {
    return this.operations.get(operation)?.input;
  }

  async invoke(operation: string, input: unknown, ctx: CallContext): Promise<unknown> {
    const definition = this.operations.get(operation);
    if (!definition) throw protocolErrors.unknownOperation();
    return definition.run(this.state, validateInput(input ?? {}, definition.input), ctx);
  }
}
