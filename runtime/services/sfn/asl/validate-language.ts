/**
 * The query-language rules of definitions that asl-validator does not check, with the diagnostics AWS gives
 * (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html): fields of the other language,
 * JSONPath states under a JSONata machine, QueryLanguage on a processor, JSONata that does not parse
 * (INVALID_JSONATA_EXPRESSION), and JSONata that reads a field at the top level, where a state's expressions
 * have no context value (UNSUPPORTED_JSONATA_EXPRESSION: they must start from `$states` or a variable).
 */
import jsonata from 'jsonata';
import type { Json } from './host';
import { isJsonata } from './jsonata';
import type { MachineDefinition, QueryLanguage, StateDefinition, StatesBlock } from './parse';
import type { Diagnostic } from './validate';

const JSONATA_ONLY = ['Arguments', 'Output', 'Items', 'Condition'] as const;
const JSONPATH_ONLY = [
  'InputPath', 'OutputPath', 'Parameters', 'ResultSelector', 'ResultPath', 'Result', 'ItemsPath', 'SecondsPath', 'TimestampPath', 'TimeoutSecondsPath',
  'HeartbeatSecondsPath', 'ErrorPath', 'CausePath', 'MaxConcurrencyPath', 'ToleratedFailureCountPath', 'ToleratedFailurePercentagePath',
] as const;
/** Nested blocks are checked as blocks of their own. */
const NESTED = new Set(['Branches', 'ItemProcessor', 'Iterator']);

const error = (code: string, message: string, location: string): Diagnostic => ({ severity: 'ERROR', code, message, location });

type AstNode = { type?: string; value?: unknown; steps?: AstNode[] } & Record<string, unknown>;

/** The names a JSONata expression reads at the top level (a path whose first step is a bare name). */
function topLevelNames(node: unknown, found: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((n) => topLevelNames(n, found));
  if (node === null || typeof node !== 'object') return;
  const ast = node as AstNode;
  if (ast.type === 'path') {
    const first = ast.steps?.[0];
    if (first?.type === 'name') found.add(String(first.value));
    else if (first) topLevelNames(first, found);
    // Later steps, their filters and stages are evaluated against the path's own values.
    return;
  }
  if (ast.type === 'name') return void found.add(String(ast.value));
  // A lambda's body runs against whatever its caller binds; its reads are not top-level reads.
  if (ast.type === 'lambda') return;
  for (const [key, value] of Object.entries(ast)) if (key !== 'position' && typeof value === 'object') topLevelNames(value, found);
}

/** Every `{% … %}` string of a state (outside nested blocks), with its JSON Pointer. */
function* expressions(value: Json | undefined, pointer: string, top = true): Generator<{ text: string; pointer: string }> {
  if (isJsonata(value)) yield { text: value.slice(2, -2), pointer };
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* expressions(item, `${pointer}/${i}`, false);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) if (!(top && NESTED.has(key))) yield* expressions(item, `${pointer}/${key}`, false);
  }
}

function checkExpressions(state: StateDefinition, pointer: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { text, pointer: location } of expressions(state as unknown as Json, pointer)) {
    let ast: unknown;
    try {
      ast = jsonata(text).ast();
    } catch (e) {
      out.push(error('INVALID_JSONATA_EXPRESSION', (e as Error).message, location));
      continue;
    }
    const names = new Set<string>();
    topLevelNames(ast, names);
    for (const name of names) out.push(error('UNSUPPORTED_JSONATA_EXPRESSION', `Reference to '${name}' at the top level is not supported.`, location));
  }
  return out;
}

function checkFields(state: StateDefinition, language: QueryLanguage, pointer: string): Diagnostic[] {
  const other = language === 'JSONata' ? JSONPATH_ONLY : JSONATA_ONLY;
  const otherLanguage = language === 'JSONata' ? 'JSONPath' : 'JSONata';
  const present = (field: string) => field in state || (field === 'Condition' && (state.Choices ?? []).some((c) => 'Condition' in c));
  return other
    .filter(present)
    .map((field) => error('SCHEMA_VALIDATION_FAILED', `The QueryLanguage is set to '${language}', but field '${field}' is only supported for the '${otherLanguage}' QueryLanguage`, pointer));
}

function* statesOf(block: StatesBlock, pointer: string): Generator<{ state: StateDefinition; pointer: string }> {
  for (const [name, state] of Object.entries(block.States ?? {})) {
    const at = `${pointer}/States/${name}`;
    yield { state, pointer: at };
    for (const [i, branch] of (state.Branches ?? []).entries()) yield* statesOf(branch, `${at}/Branches/${i}`);
    for (const field of ['ItemProcessor', 'Iterator'] as const) if (state[field]) yield* statesOf(state[field]!, `${at}/${field}`);
  }
}

/**
 * Nested blocks take the machine's language, not their Map's or Parallel's: a state's language is its own
 * QueryLanguage or the machine's.
 */
export function checkQueryLanguages(machine: MachineDefinition): Diagnostic[] {
  const machineLanguage: QueryLanguage = machine.QueryLanguage ?? 'JSONPath';
  const out: Diagnostic[] = [];
  for (const { state, pointer } of statesOf(machine, '')) {
    if (machineLanguage === 'JSONata' && state.QueryLanguage === 'JSONPath') {
      out.push(error('SCHEMA_VALIDATION_FAILED', "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", pointer));
    }
    for (const field of ['ItemProcessor', 'Iterator'] as const) {
      if (state[field] && 'QueryLanguage' in state[field]!) out.push(error('SCHEMA_VALIDATION_FAILED', "Field 'QueryLanguage' is not supported", `${pointer}/${field}`));
    }
    const language = state.QueryLanguage ?? machineLanguage;
    out.push(...checkFields(state, language, pointer));
    if (language === 'JSONata') out.push(...checkExpressions(state, pointer));
  }
  return out;
}
