/**
 * JSONPath input and output processing: InputPath, Parameters / ResultSelector payload templates, ResultPath and
 * OutputPath (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html).
 * Reference paths (definite paths: only `.name`, `['name']` and `[index]`) are walked here because ResultPath has
 * to write along them and AWS fails a path that matches nothing instead of yielding `undefined`; any other path
 * (wildcards, filters, slices, `..`) is left to jsonpath-plus.
 */
import { JSONPath } from 'jsonpath-plus';
import type { Json } from './host';
import { ERRORS, StateFailure } from './failure';
import { evaluateIntrinsic } from './intrinsics';

/** What a path may read besides the state's input: `$$.` is the Context object, `$name` a variable. */
export interface PathScope {
  context: Json;
  variables: ReadonlyMap<string, Json>;
  /** Stable across replays (the state's visit key): seeds States.MathRandom and States.UUID. */
  seed: string;
}

type Token = string;

const tokensOf = (path: string): Token[] => JSONPath.toPathArray(path).slice(1);

const isIndefinite = (tokens: Token[]) => tokens.some((t) => t === '*' || t === '..' || t.startsWith('?(') || t.startsWith('(') || /^-?\d*:-?\d*(:-?\d*)?$/.test(t) || /^\d+(,\d+)+$/.test(t));

const MISSING = Symbol('missing');

function walk(value: Json, tokens: Token[]): Json | typeof MISSING {
  let current: Json = value;
  for (const token of tokens) {
    if (Array.isArray(current) && /^\d+$/.test(token)) {
      const index = Number(token);
      if (index >= current.length) return MISSING;
      current = current[index]!;
    } else if (current !== null && typeof current === 'object' && !Array.isArray(current) && Object.prototype.hasOwnProperty.call(current, token)) {
      current = current[token]!;
    } else {
      return MISSING;
    }
  }
  return current;
}

/** The document a path starts from and the path relative to it (`$$.a` → the context and `$.a`). */
function rootOf(path: string, input: Json, scope: PathScope): { root: Json; path: string } {
  if (path.startsWith('$$')) return { root: scope.context, path: `$${path.slice(2)}` };
  const variable = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(path);
  if (variable) {
    const name = variable[1]!;
    if (!scope.variables.has(name)) throw new StateFailure(ERRORS.runtime, `The variable '$${name}' is not defined.`);
    return { root: scope.variables.get(name)!, path: `$${path.slice(variable[0].length)}` };
  }
  return { root: input, path };
}

/** A path's value, or undefined when it matches nothing; an indefinite path yields the array of its matches. */
export function queryPath(path: string, input: Json, scope: PathScope): Json | undefined {
  const { root, path: relative } = rootOf(path, input, scope);
  const tokens = tokensOf(relative);
  if (!isIndefinite(tokens)) {
    const found = walk(root, tokens);
    return found === MISSING ? undefined : found;
  }
  if (root === null || typeof root !== 'object') return [];
  return JSONPath({ path: relative, json: root, wrap: true }) as Json[];
}

const noResults = (path: string) => {
  const bracketed = tokensOf(path.replace(/^\$\$?/, '$')).map((t) => (/^\d+$/.test(t) ? `[${t}]` : `['${t}']`)).join('');
  return `Invalid path '${path}' : No results for path: $${bracketed}`;
};

/** InputPath / OutputPath: null discards the document (yields `{}`), a path that matches nothing is States.Runtime. */
export function selectPath(path: string | null | undefined, input: Json, scope: PathScope): Json {
  if (path === undefined) return input;
  if (path === null) return {};
  const found = queryPath(path, input, scope);
  if (found === undefined) throw new StateFailure(ERRORS.runtime, noResults(path));
  return found;
}

/**
 * A payload template (Parameters, ResultSelector, ItemSelector): fields named `x.$` take the value of their path or
 * intrinsic function, under the name `x`; everything else is copied, nested objects and arrays included.
 */
export function applyTemplate(template: Json, input: Json, scope: PathScope, field = 'Parameters'): Json {
  if (Array.isArray(template)) return template.map((item) => applyTemplate(item, input, scope, field));
  if (template === null || typeof template !== 'object') return template;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(template)) {
    if (!key.endsWith('.$')) {
      out[key] = applyTemplate(value, input, scope, field);
      continue;
    }
    const name = key.slice(0, -2);
    if (typeof value !== 'string') throw new StateFailure(ERRORS.runtime, `The value for the field '${key}' must be a STRING that contains a JSONPath.`);
    out[name] = evaluateExpression(value, input, scope, key);
  }
  return out;
}

/** The value of a `.$` field: a path (`$.`, `$$.`, `$var`) or an intrinsic function call. */
export function evaluateExpression(expression: string, input: Json, scope: PathScope, field: string): Json {
  if (!expression.startsWith('$')) return evaluateIntrinsic(expression, (path) => selectForField(path, input, scope, field), `${scope.seed}/${field}`);
  return selectForField(expression, input, scope, field);
}

function selectForField(path: string, input: Json, scope: PathScope, field: string): Json {
  const found = queryPath(path, input, scope);
  if (found === undefined) {
    const source = path.startsWith('$$') ? 'context object' : 'input';
    const document = path.startsWith('$$') ? scope.context : input;
    throw new StateFailure(ERRORS.runtime, `The JSONPath '${path}' specified for the field '${field}' could not be found in the ${source} '${JSON.stringify(document)}'`);
  }
  return found;
}

/**
 * ResultPath: where the result goes in a copy of the state's raw input. `$` replaces the input, null keeps the input
 * and discards the result; missing objects along the path are created, a path through a value that is not an object
 * is States.ResultPathMatchFailure.
 */
export function applyResultPath(rawInput: Json, result: Json, resultPath: string | null | undefined): Json {
  if (resultPath === null) return rawInput;
  if (resultPath === undefined || resultPath === '$') return result;
  const tokens = tokensOf(resultPath);
  const failure = () => new StateFailure(ERRORS.resultPathMatchFailure, `Unable to apply ReferencePath ${resultPath} to input ${JSON.stringify(rawInput)}`);
  if (rawInput === null || typeof rawInput !== 'object') throw failure();
  const copy = structuredClone(rawInput);
  let current: Json = copy;
  tokens.forEach((token, i) => {
    const last = i === tokens.length - 1;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(token) || Number(token) >= current.length) throw failure();
      if (last) current[Number(token)] = result;
      else current = current[Number(token)]!;
      return;
    }
    if (current === null || typeof current !== 'object') throw failure();
    if (last) {
      current[token] = result;
      return;
    }
    const next: Json | undefined = current[token];
    if (next === undefined) current[token] = {};
    else if (next === null || typeof next !== 'object') throw failure();
    current = current[token]!;
  });
  return copy;
}
