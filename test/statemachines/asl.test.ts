import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { InvalidPublishRequest } from '../../functions/domain/reports/publication';
import { validateDefinition } from '../../runtime/services/sfn/asl';

/**
 * Every statemachines/*.asl.json: it validates (the runtime's validator, asl-validator underneath), its `${…}`
 * placeholders are exactly its typed substitutions, every Task resource is one the runtime serves, and every
 * ErrorEquals name is States.*, Lambda's or an AWS service's error, or an error a keydrill function throws.
 */

const DIR = join(__dirname, '..', '..', 'statemachines');
const MACHINES = readdirSync(DIR).filter((f) => f.endsWith('.asl.json'));

/**
 * A workflow's typed substitutions, by convention in `<workflow>.substitutions.ts` beside it: the exported list
 * whose name has SUBSTITUTION in it (undefined when the file or the list is missing).
 */
function typedSubstitutions(file: string): readonly string[] | undefined {
  const module = join(DIR, file.replace(/\.asl\.json$/, '.substitutions.ts'));
  if (!existsSync(module)) return undefined;
  const exports = require(module) as Record<string, unknown>;
  return Object.entries(exports).find(([name, value]) => name.includes('SUBSTITUTION') && Array.isArray(value))?.[1] as string[] | undefined;
}

const FUNCTIONS = join(__dirname, '..', '..', 'functions');

/** The names a module's exports stand for: its *_ERROR_NAMES lists and the names its Error classes set. */
function errorNamesOf(file: string, names: Set<string>): void {
  for (const [exported, value] of Object.entries(require(file) as Record<string, unknown>)) {
    if (exported.endsWith('_ERROR_NAMES') && Array.isArray(value)) value.forEach((n) => names.add(String(n)));
    if (typeof value === 'function' && value.prototype instanceof Error) {
      try {
        names.add(new (value as new (m: string) => Error)('').name);
      } catch {
        // A class that needs more than a message to be built is not one a step throws by name.
      }
    }
  }
}

/**
 * Error names keydrill's functions throw: every functions/<fn>/errors.ts, the Error classes functions/domain
 * exports, and the report publisher's request error.
 */
function functionErrorNames(): Set<string> {
  const names = new Set<string>([new InvalidPublishRequest('').name]);
  for (const fn of readdirSync(FUNCTIONS)) {
    const file = join(FUNCTIONS, fn, 'errors.ts');
    if (existsSync(file)) errorNamesOf(file, names);
  }
  const domain = join(FUNCTIONS, 'domain');
  for (const area of readdirSync(domain)) for (const file of readdirSync(join(domain, area)).filter((f) => f.endsWith('.ts'))) errorNamesOf(join(domain, area, file), names);
  return names;
}
const FUNCTION_ERRORS = functionErrorNames();

/**
 * The AWS service errors a step can raise: an aws-sdk task's `<Prefix>.<Name>`
 * (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html), or the plain name a
 * function lets through from its SDK client. Read from the clients' exported exception classes.
 */
const SDK_CLIENTS: Record<string, string> = { Qldb: '@aws-sdk/client-qldb', QldbSession: '@aws-sdk/client-qldb-session', Kms: '@aws-sdk/client-kms', DynamoDb: '@aws-sdk/client-dynamodb', Sfn: '@aws-sdk/client-sfn', EventBridge: '@aws-sdk/client-eventbridge' };
function serviceErrorNames(): Set<string> {
  const names = new Set<string>();
  for (const [prefix, pkg] of Object.entries(SDK_CLIENTS)) {
    for (const exported of Object.keys(require(pkg) as Record<string, unknown>).filter((n) => /^[A-Z]\w*(Exception|Fault)$/.test(n) && !n.endsWith('ServiceException'))) {
      names.add(exported);
      names.add(`${prefix}.${exported}`);
    }
  }
  return names;
}
const SERVICE_ERRORS = serviceErrorNames();

/** The Lambda service's errors a lambda:invoke task raises (https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html). */
const LAMBDA_SERVICE_ERRORS = new Set(['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException']);

/** Resources keydrill's Step Functions serves: the table in runtime/services/sfn/tasks/index.ts, as ARNs, and a function ARN itself. */
const SERVED = [/^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/, /^arn:aws:states:::aws-sdk:[a-z0-9]+:[a-zA-Z0-9]+$/, /^arn:aws:states:::lambda:invoke(\.waitForTaskToken)?$/, /^arn:aws:states:::dynamodb:(getItem|putItem|updateItem|deleteItem)$/, /^arn:aws:states:::events:putEvents$/, /^arn:aws:states:::sqs:sendMessage$/, /^arn:aws:states:::states:startExecution(\.sync(:2)?)?$/];

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
    expect(names.filter((n) => !n.startsWith('States.') && !LAMBDA_SERVICE_ERRORS.has(n) && !FUNCTION_ERRORS.has(n) && !SERVICE_ERRORS.has(n))).toEqual([]);
  });
});

test('the check of ErrorEquals names can fail: a made-up name is not among them', () => {
  expect(FUNCTION_ERRORS.has('DrillLockHel')).toBe(false);
  expect(FUNCTION_ERRORS.has('DrillLockHeld')).toBe(true);
  expect(SERVICE_ERRORS.has('Qldb.ResourcePreconditionNotMetException')).toBe(true);
  expect(SERVICE_ERRORS.has('Qldb.NoSuchThingException')).toBe(false);
});
