import type { Principal } from '../identity/principal';
import { protocolErrors, ServiceError } from './errors';
import { validateInput, type ConstraintTable, type InputTable, type Validated } from './validation';

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

/** An operation as its file declares it: the table is checked against `I`, and `run` gets `I`'s required members. */
interface DeclaredOperation<S, I, O> {
  name: string;
  input: InputTable<I>;
  run(service: S, input: Validated<I>, ctx: CallContext): O | Promise<O>;
}

/**
 * The one way to declare an operation. Each service binds its state once (`const operation =
 * defineOperation<Kms>()`, in its state file); an operation file then declares
 * `operation<CreateKeyRequest, CreateKeyResponse>({ name, input, run })`, with the request and response
 * types of the service's @aws-sdk client (types only) or, where the runtime takes more, its own.
 */
export const defineOperation =
  <S>() =>
  <I, O>(definition: DeclaredOperation<S, I, O>): OperationDefinition<S, Validated<I>, O> =>
    definition;

export interface Service {
  readonly name: string;
  operationNames(): string[];
  /** An operation's input constraints (undefined for an unknown operation): protocols that carry only strings decode by it. */
  inputTable?(operation: string): ConstraintTable | undefined;
  /** Validates `input` against the operation's table and runs it. */
  invoke(operation: string, input: unknown, ctx: CallContext): Promise<unknown>;
}

export interface OperationTableOptions {
  /**
   * For a service whose model has no ValidationException (QLDB's): the error it reports instead, with
   * the message validation produced. Any ValidationException leaving the service is reported so,
   * including one from a service it called.
   */
  validationError?: (message: string) => ServiceError;
}

/** A service whose operations are a table of definitions sharing the state `S`. */
export class OperationTable<S> implements Service {
  private readonly operations: Map<string, OperationDefinition<S>>;

  constructor(
    readonly name: string,
    private readonly state: S,
    definitions: OperationDefinition<S>[],
    private readonly options: OperationTableOptions = {},
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
    try {
      return await definition.run(this.state, validateInput(input ?? {}, definition.input), ctx);
    } catch (e) {
      const { validationError } = this.options;
      if (validationError && e instanceof ServiceError && e.code === 'ValidationException') throw validationError(e.message);
      throw e;
    }
  }
}
