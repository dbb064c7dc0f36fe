import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { InvalidPublishRequest } from '../../functions/domain/reports/publication';
import { validateDefinition } from '../../runtime/services/sfn/asl';

/**
 * Every statemachines/*.asl.json: it validates (the runtime's validator, asl-validator underneath), its `${…}`
 * placeholders are exactly its typed substitutions, every Task resource is one the runtime serves, and every
 * ErrorEquals name is States.*, a service integration's, or an error a keydrill function throws.
 */

const DIR = join(__dirname, '..', '..', 'statemachines');
const MACHINES = readdirSync(DIR).filter((f) => f.endsWith('.asl.json'));

/**
 * A workflow's typed substitutions, by convention in `<workflow>.substitutions.ts` beside it: the exported list
 * whose name ends in _SUBSTITUTIONS (undefined when the file or the list is missing).
 */
function typedSubstitutions(file: string): readonly string[] | undefined {
  const module = join(DIR, file.replace(/\.asl\.json$/, '.substitutions.ts'));
  if (!existsSync(module)) return undefined;
  const exports = require(module) as Record<string, unknown>;
  return Object.entries(exports).find(([name, value]) => name.endsWith('_SUBSTITUTIONS') && Array.isArray(value))?.[1] as string[] | undefined;
}

/**
 * Error names keydrill's functions throw: every functions/<fn>/errors.ts (its *_ERROR_NAMES lists and the names
 * its Error classes set), and the report publisher's request error.
 */
function functionErrorNames(): Set<string> {
  const functions = join(__dirname, '..', '..', 'functions');
  const names = new Set<string>([new InvalidPublishRequest('').name]);
  for (const fn of readdirSync(functions)) {
    const file = join(functions, fn, 'errors.ts');
    if (!existsSync(file)) continue;
    for (const [exported, value] of Object.entries(require(file) as Record<string, unknown>)) {
      if (exported.endsWith('_ERROR_NAMES') && Array.isArray(value)) value.forEach((n) => names.add(String(n)));
      if (typeof value === 'function' && value.prototype instanceof Error) names.add(new (value as new (m: string) => Error)('').name);
    }
  }
  return names;
}
const FUNCTION_ERRORS = functionErrorNames();

/** The Lambda service's errors a lambda:invoke task raises (https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html). */
const LAMBDA_SERVICE_ERRORS = new Set(['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException']);

/** Resources keydrill's Step Functions serves: the table in runtime/services/sfn/tasks/index.ts, as ARNs. */
const SERVED = [/^arn:aws:states:::aws-sdk:[a-z0-9]+:[a-zA-Z0-9]+$/, /^arn:aws:states:::lambda:invoke(\.waitForTaskToken)?$/, /^arn:aws:states:::dynamodb:(getItem|putItem|updateItem|deleteItem)$/, /^arn:aws:states:::events:putEvents$/, /^arn:aws:states:::sqs:sendMessage$/, /^arn:aws:states:::states:startExecution(\.sync(:2)?)?$/];

type State = { Type: string; Resource?: string; Retry?: { ErrorEquals: string[] }[]; Catch?: { ErrorEquals: string[] }[]; Branches?: { States: Record<string, State> }[]; ItemProcessor?: { States: Record<string, State> }; Iterator?: { States: Record<string, State> } };

function allStates(states: Record<string, State>): State[] {
  return Object.values(states).flatMap((s) => [s, ...(s.Branches ?? []).flatMap((b) => allStates(b.States)), ...allStates((s.ItemProcessor ?? s.Iterator)?.States ?? {})]);
}

const text = (file: string) => readFileSync(join(DIR, file), 'utf8');
const placeholders = (file: string) => [...new Set([...text(file).matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]))].sort();
/** The definition as the stack deploys it: each placeholder replaced by a value of its kind (a function ARN). */
const substituted = (file: string) => text(file).replace(/\$\{([A-Za-z0-9_]+)\}/g, 'arn:aws:lambda:us-east-1:123456789012:function:$1');

test('there are state machines to check', () => {
  expect(MACHINES).toContain('key-rotation-drill.asl.json');
});

describe.each(MACHINES)('%s', (file) => {
  const definition = () => JSON.parse(substituted(file)) as { Comment?: string; TimeoutSeconds?: number; States: Record<string, State> };

  test('validates, with a Comment and a TimeoutSeconds inside', () => {
    expect(validateDefinition(substituted(file), { type: 'STANDARD' }).filter((d) => d.severity === 'ERROR')).toEqual([]);
    expect(definition().Comment).toEqual(expect.any(String));
    expect(definition().TimeoutSeconds).toBeGreaterThan(0);
  });

  test('its placeholders are exactly its typed substitutions', () => {
    const typed = typedSubstitutions(file);
    expect(typed).toBeDefined();
    expect(placeholders(file)).toEqual([...typed!].sort());
  });

  test('every Task resource is one the runtime serves', () => {
    const resources = allStates(definition().States).filter((s) => s.Type === 'Task').map((s) => s.Resource!);
    expect(resources.length).toBeGreaterThan(0);
    expect(resources.filter((r) => !SERVED.some((p) => p.test(r)))).toEqual([]);
  });

  test('every ErrorEquals name exists', () => {
    const names = allStates(definition().States).flatMap((s) => [...(s.Retry ?? []), ...(s.Catch ?? [])].flatMap((r) => r.ErrorEquals));
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !n.startsWith('States.') && !LAMBDA_SERVICE_ERRORS.has(n) && !FUNCTION_ERRORS.has(n))).toEqual([]);
  });
});

test('the check of ErrorEquals names can fail: a made-up name is not among them', () => {
  expect(FUNCTION_ERRORS.has('DrillLockHel')).toBe(false);
  expect(FUNCTION_ERRORS.has('DrillLockHeld')).toBe(true);
});
