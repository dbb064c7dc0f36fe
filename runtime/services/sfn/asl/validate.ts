/**
 * Definition checks with ValidateStateMachineDefinition's diagnostics
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinition.html):
 * asl-validator first (schema per state type and query language, paths, transitions, duplicate names), its
 * findings renamed to AWS's codes, then the rules it does not check.
 */
import validator from 'asl-validator';
import { ERRORS } from './failure';
import type { Json } from './host';
import type { MachineDefinition, StateDefinition, StatesBlock } from './parse';
import { checkQueryLanguages } from './validate-language';

export interface Diagnostic {
  severity: 'ERROR' | 'WARNING';
  code: string;
  message: string;
  location?: string;
}

export interface ValidateOptions {
  type?: 'STANDARD' | 'EXPRESS';
}

const error = (code: string, message: string, location?: string): Diagnostic => ({ severity: 'ERROR', code, message, ...(location !== undefined && { location }) });

const STATE_TYPES = new Set(['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);
const LANGUAGES = new Set(['JSONPath', 'JSONata']);

type ValidatorError = { 'Error code': string; Message: string; schemaError?: { instancePath?: string } };

/** The value at a JSON Pointer of the definition (for telling asl-validator's real findings from oneOf noise). */
function at(definition: Json, pointer: string): Json | undefined {
  let current: Json | undefined = definition;
  for (const part of pointer.split('/').slice(1)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(part)] : current[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return current;
}

/**
 * asl-validator reports a state that matches none of its per-type schemas once per schema tried; the findings on
 * `Type` and `QueryLanguage` that hold a valid value are that noise, not the state's problem.
 */
function fromValidator(definition: Json, found: ValidatorError): Diagnostic | undefined {
  const code = found['Error code'];
  const location = found.schemaError?.instancePath;
  if (code === 'SCHEMA_VALIDATION_FAILED' && location) {
    const value = at(definition, location);
    if (location.endsWith('/Type') && typeof value === 'string' && STATE_TYPES.has(value)) return undefined;
    if (location.endsWith('/QueryLanguage') && (value === undefined || (typeof value === 'string' && LANGUAGES.has(value)))) return undefined;
    return error(code, found.Message.replace(`${location} is invalid. `, ''), location);
  }
  const unreachable = /^State (.+) is not reachable$/.exec(found.Message);
  if (unreachable) return error('UNREACHABLE_STATE', `State '${unreachable[1]}' is not reachable.`);
  if (code === 'DUPLICATE_STATE_NAMES') return error('DUPLICATE_STATE_NAME', found.Message);
  return error(code, found.Message);
}

/** Every block of states with its JSON Pointer: the machine, each Parallel branch, each Map's processor. */
function* blocks(block: StatesBlock, pointer: string): Generator<{ block: StatesBlock; pointer: string }> {
  yield { block, pointer };
  for (const [name, state] of Object.entries(block.States ?? {})) {
    const base = `${pointer}/States/${name}`;
    for (const [i, branch] of (state.Branches ?? []).entries()) yield* blocks(branch, `${base}/Branches/${i}`);
    if (state.ItemProcessor) yield* blocks(state.ItemProcessor, `${base}/ItemProcessor`);
    if (state.Iterator) yield* blocks(state.Iterator, `${base}/Iterator`);
  }
}

/** States.ALL must be alone in its ErrorEquals and in the last retrier or catcher. */
function checkErrorNames(state: StateDefinition, pointer: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const field of ['Retry', 'Catch'] as const) {
    const list = state[field] ?? [];
    list.forEach((entry, i) => {
      const names = entry.ErrorEquals ?? [];
      if (!names.includes(ERRORS.all)) return;
      const location = `${pointer}/${field}/${i}/ErrorEquals`;
      if (names.length > 1) out.push(error('SCHEMA_VALIDATION_FAILED', `${ERRORS.all} must appear alone in ErrorEquals`, location));
      if (i !== list.length - 1) out.push(error('SCHEMA_VALIDATION_FAILED', `The ${field === 'Retry' ? 'retrier' : 'catcher'} with ${ERRORS.all} must be the last one`, location));
    });
  }
  return out;
}

/** EXPRESS machines run request-response integrations only (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html). */
function checkExpress(state: StateDefinition, pointer: string): Diagnostic[] {
  const resource = state.Resource ?? '';
  if (/\.sync(:2)?$/.test(resource)) return [error('SCHEMA_VALIDATION_FAILED', "Express state machine does not support '.sync' service integration", `${pointer}/Resource`)];
  if (resource.endsWith('.waitForTaskToken')) return [error('SCHEMA_VALIDATION_FAILED', "Express state machine does not support '.waitForTaskToken' service integration", `${pointer}/Resource`)];
  if (/^arn:[^:]+:states:[^:]+:\d{12}:activity:/.test(resource)) return [error('SCHEMA_VALIDATION_FAILED', 'Express state machine does not support Activities', `${pointer}/Resource`)];
  return [];
}

function checkResource(state: StateDefinition, pointer: string): Diagnostic[] {
  if (state.Type !== 'Task' || typeof state.Resource !== 'string' || /^arn:[^:]+:[^:]+:/.test(state.Resource)) return [];
  return [error('SCHEMA_VALIDATION_FAILED', 'Value is not a valid resource ARN', `${pointer}/Resource`)];
}

/**
 * Diagnostics of recent definitions, by type and text: asl-validator compiles its JSON schemas anew on every call
 * (about half a second), and the same definition is often checked more than once (deploy, then TestState).
 */
const recent = new Map<string, Diagnostic[]>();
const RECENT_SIZE = 100;

/** The definition's diagnostics; none means CreateStateMachine accepts it. */
export function validateDefinition(text: string, options: ValidateOptions = {}): Diagnostic[] {
  const key = `${options.type ?? 'STANDARD'}\n${text}`;
  const known = recent.get(key);
  if (known) return structuredClone(known);
  const diagnostics = diagnose(text, options);
  if (recent.size >= RECENT_SIZE) recent.delete(recent.keys().next().value!);
  recent.set(key, diagnostics);
  return structuredClone(diagnostics);
}

function diagnose(text: string, options: ValidateOptions): Diagnostic[] {
  let definition: Json;
  try {
    definition = JSON.parse(text) as Json;
  } catch (e) {
    return [error('INVALID_JSON_DESCRIPTION', (e as Error).message)];
  }
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
    return [error('SCHEMA_VALIDATION_FAILED', 'The state machine definition must be a JSON object')];
  }
  const languageFindings = checkQueryLanguages(definition as unknown as MachineDefinition);
  // asl-validator reports the same problems as schema noise: ours name them as AWS does.
  if (languageFindings.length > 0) return languageFindings;
  // asl-validator writes each state's effective QueryLanguage into the definition it is given.
  const found = validator(structuredClone(definition), { checkPaths: true, checkArn: false }).errors as ValidatorError[];
  const diagnostics = found.map((f) => fromValidator(definition, f)).filter((d): d is Diagnostic => d !== undefined);
  if (diagnostics.length > 0) return diagnostics;
  const machine = definition as unknown as MachineDefinition;
  for (const { block, pointer } of blocks(machine, '')) {
    for (const [name, state] of Object.entries(block.States)) {
      const location = `${pointer}/States/${name}`;
      diagnostics.push(...checkErrorNames(state, location), ...checkResource(state, location));
      if (options.type === 'EXPRESS') diagnostics.push(...checkExpress(state, location));
    }
  }
  return diagnostics;
}

/** CreateStateMachine's InvalidDefinition message: every error diagnostic, each `CODE: message at location`. */
export function invalidDefinitionMessage(diagnostics: Diagnostic[]): string {
  const parts = diagnostics.filter((d) => d.severity === 'ERROR').map((d) => `${d.code}: ${d.message}${d.location ? ` at ${d.location}` : ''}`);
  return `Invalid State Machine Definition: '${parts.join(', ')}'`;
}

/** A definition CreateStateMachine (or TestState) must refuse; `message` is InvalidDefinition's. */
export class DefinitionError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(invalidDefinitionMessage(diagnostics));
    this.name = 'DefinitionError';
  }
}

/**
 * The diagnostics of a single state given to TestState: the state is checked as the only state of a machine in
 * which every state it names (Next, Default, a choice's or a catcher's Next) exists as a Succeed state.
 */
export function validateTestedState(state: Json, name: string, queryLanguage?: string): Diagnostic[] {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return [error('SCHEMA_VALIDATION_FAILED', 'The state definition must be a JSON object')];
  const definition = state as unknown as StateDefinition;
  const targets = [definition.Next, definition.Default, ...(definition.Choices ?? []).map((c) => c.Next), ...(definition.Catch ?? []).map((c) => c.Next)];
  const States: { [name: string]: Json } = { [name]: state };
  for (const target of targets) if (typeof target === 'string' && target !== name) States[target] = { Type: 'Succeed' };
  return validateDefinition(JSON.stringify({ ...(queryLanguage && { QueryLanguage: queryLanguage }), StartAt: name, States })).map((d) =>
    d.location ? { ...d, location: d.location.replace(`/States/${name}`, '') || '/' } : d,
  );
}
