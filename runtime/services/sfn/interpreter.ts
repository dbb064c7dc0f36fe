import type { ExecutionHost, ExecutionOutcome } from './asl/host';
import type { StateMachineType } from './model';

/** A finding of definition validation, as ValidateStateMachineDefinition returns it. */
export interface Diagnostic {
  severity: 'ERROR' | 'WARNING';
  code: string;
  message: string;
  location?: string;
}

/**
 * What the service needs of the ASL interpreter (asl/index.ts). The service takes it as a value rather
 * than importing asl/ everywhere, so the service's own parts can be tested with a fake of it.
 */
export interface Interpreter<Machine = unknown> {
  validateDefinition(text: string, options: { type: StateMachineType }): Diagnostic[];
  /** The detail of CreateStateMachine's InvalidDefinition message for these diagnostics. */
  invalidDefinitionMessage(diagnostics: Diagnostic[]): string;
  /** Throws when the definition is invalid (callers validate first). */
  compileDefinition(text: string): Machine;
  /** Runs an execution to its end, recording every history event through `host.record`. */
  runExecution(machine: Machine, host: ExecutionHost): Promise<ExecutionOutcome>;
}
