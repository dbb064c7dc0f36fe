import type { ExecutionHost, ExecutionOutcome } from './asl/host';
import type { TestStateRequest, TestStateResult } from './asl';
import type { StateMachineType } from './model';

import type { Diagnostic } from './asl';

export type { Diagnostic } from './asl';

/**
 * What the service needs of the ASL interpreter (asl/index.ts). The service takes it as a value rather
 * than importing asl/ everywhere, so the service's own parts can be tested with a fake of it.
 */
export interface Interpreter<Machine = unknown> {
  validateDefinition(text: string, options: { type: StateMachineType }): Diagnostic[];
  /** CreateStateMachine's InvalidDefinition message for these diagnostics. */
  invalidDefinitionMessage(diagnostics: Diagnostic[]): string;
  /** Makes a definition that validated ready to run. */
  compileDefinition(text: string): Machine;
  /** Runs an execution to its end, recording every history event through `host.record`. */
  runExecution(machine: Machine, host: ExecutionHost): Promise<ExecutionOutcome>;
  /** Runs one state of `definition` (TestState), its task calls through `host`. */
  testState(definition: string, request: TestStateRequest, host: ExecutionHost): Promise<TestStateResult>;
}
