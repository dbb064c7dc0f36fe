/**
 * JSONata states (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html): `{% … %}` strings
 * evaluated by the jsonata reference implementation with `$states` (input, result, errorOutput, context), the
 * workflow variables, and the functions Step Functions adds ($partition, $range, $hash, $random, $uuid, $parse),
 * with $eval disabled. Any failure is States.QueryEvaluationError.
 */
import { createHash } from 'node:crypto';
import jsonata from 'jsonata';
import { ERRORS, StateFailure } from './failure';
import type { Json } from './host';
import { seededRandom, seededUuid } from './values';

export interface JsonataScope {
  states: { input: Json; result?: Json; errorOutput?: Json; context: Json };
  variables: ReadonlyMap<string, Json>;
  /** Stable across replays: seeds $random() and $uuid(). */
  seed: string;
}

const OPEN = '{%';
const CLOSE = '%}';

export const isJsonata = (value: unknown): value is string => typeof value === 'string' && value.startsWith(OPEN) && value.endsWith(CLOSE) && value.length >= 4;

/** Parsed expressions, by text: a definition's expressions are evaluated again in every execution. */
const compiled = new Map<string, jsonata.Expression>();
const COMPILED_CACHE_SIZE = 1000;

function compile(text: string, field: string): jsonata.Expression {
  let expression = compiled.get(text);
  if (expression) return expression;
  try {
    expression = jsonata(text);
  } catch (error) {
    throw new StateFailure(ERRORS.queryEvaluationError, `The JSONata expression '${text}' specified for the field '${field}' is invalid: ${(error as Error).message}`);
  }
  if (compiled.size >= COMPILED_CACHE_SIZE) compiled.delete(compiled.keys().next().value!);
  compiled.set(text, expression);
  return expression;
}

const HASH_ALGORITHMS: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

const queryError = (message: string) => new StateFailure(ERRORS.queryEvaluationError, message);

/** The functions Step Functions adds to JSONata, as bindings; `random` keeps $random() and $uuid() replay-stable. */
function awsFunctions(random: () => number): Record<string, unknown> {
  return {
    partition: (array: unknown, size: unknown) => {
      if (!Array.isArray(array) || typeof size !== 'number' || !Number.isInteger(size) || size <= 0) throw queryError('$partition takes an array and a positive integer chunk size.');
      const out: unknown[] = [];
      for (let i = 0; i < array.length; i += size) out.push(array.slice(i, i + size));
      return out;
    },
    range: (start: unknown, end: unknown, step: unknown) => {
      if (![start, end, step].every((n) => typeof n === 'number' && Number.isInteger(n)) || step === 0) throw queryError('$range takes integer start, end and a non-zero step.');
      const out: number[] = [];
      const [a, b, s] = [start, end, step] as number[];
      for (let v = a!; s! > 0 ? v <= b! : v >= b!; v += s!) {
        if (out.length === 1000) throw queryError('$range may return at most 1000 elements.');
        out.push(v);
      }
      return out;
    },
    hash: (value: unknown, algorithm: unknown) => {
      const node = typeof algorithm === 'string' ? HASH_ALGORITHMS[algorithm] : undefined;
      if (!node) throw queryError(`$hash supports the algorithms ${Object.keys(HASH_ALGORITHMS).join(', ')}.`);
      return createHash(node).update(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').digest('hex');
    },
    random: (seed?: unknown) => (seed === undefined ? random() : seededRandom(JSON.stringify(seed))()),
    uuid: () => seededUuid(random),
    parse: (text: unknown) => {
      if (typeof text !== 'string') throw queryError('$parse takes a JSON string.');
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw queryError(`$parse could not parse its argument: ${(error as Error).message}`);
      }
    },
    eval: () => {
      throw queryError('The JSONata function $eval is not supported by Step Functions.');
    },
  };
}

/** jsonata yields arrays with hidden properties (sequences) and undefined; a state needs plain JSON. */
function toJson(value: unknown): Json | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'function') return undefined;
  return JSON.parse(JSON.stringify(value)) as Json;
}

/** Evaluates one `{% … %}` string; a value that is undefined is an error, as on AWS. */
export async function evaluateJsonata(text: string, scope: JsonataScope, field: string): Promise<Json> {
  const body = text.slice(OPEN.length, -CLOSE.length);
  const expression = compile(body, field);
  const bindings: Record<string, unknown> = { ...awsFunctions(seededRandom(`${scope.seed}/${field}`)), ...Object.fromEntries(scope.variables), states: scope.states };
  let value: unknown;
  try {
    // Step Functions evaluates with no context value: the input is `$states.input`, never `$`.
    value = await expression.evaluate(undefined, bindings);
  } catch (error) {
    if (error instanceof StateFailure) throw error;
    throw queryError(`An error occurred while evaluating the JSONata expression '${body.trim()}' specified for the field '${field}': ${(error as Error).message}`);
  }
  const json = toJson(value);
  if (json === undefined) throw queryError(`The JSONata expression '${body.trim()}' specified for the field '${field}' returned nothing (undefined).`);
  return json;
}

/** A JSON value whose `{% … %}` strings (at any depth) are evaluated: Arguments, Output, Assign, ItemSelector … */
export async function evaluateTemplate(template: Json, scope: JsonataScope, field: string): Promise<Json> {
  if (isJsonata(template)) return evaluateJsonata(template, scope, field);
  if (Array.isArray(template)) return Promise.all(template.map((item, i) => evaluateTemplate(item, scope, `${field}[${i}]`)));
  if (template === null || typeof template !== 'object') return template;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(template)) out[key] = await evaluateTemplate(value, scope, `${field}.${key}`);
  return out;
}
