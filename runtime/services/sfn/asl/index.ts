/**
 * The ASL interpreter's public surface: definition checks, compilation, and running an execution against the
 * host the Step Functions service provides (host.ts).
 */
import type { Json } from './host';
import type { CompiledMachine, MachineDefinition } from './parse';
import { DefinitionError, validateDefinition, type ValidateOptions } from './validate';

export { runExecution } from './engine';
export { testState, type TestStateRequest, type TestStateResult } from './test-state';
export { detailsMember, splitResource } from './history';
export * from './host';
export type { CompiledMachine, MachineDefinition, QueryLanguage } from './parse';
export { DefinitionError, invalidDefinitionMessage, validateDefinition, validateTestedState, type Diagnostic, type ValidateOptions } from './validate';

/** Validates and parses a definition once, for every execution of it. */
export function compileDefinition(text: string, options: ValidateOptions = {}): CompiledMachine {
  const diagnostics = validateDefinition(text, options).filter((d) => d.severity === 'ERROR');
  if (diagnostics.length > 0) throw new DefinitionError(diagnostics);
  return loadDefinition(text);
}

/**
 * Parses a definition that validateDefinition already accepted (a stored state machine, after a restart),
 * without validating it again: asl-validator builds its JSON schemas anew on every call, which costs about half
 * a second.
 */
export function loadDefinition(text: string): CompiledMachine {
  const definition = JSON.parse(text) as Json as unknown as MachineDefinition;
  return { definition, queryLanguage: definition.QueryLanguage ?? 'JSONPath' };
}
