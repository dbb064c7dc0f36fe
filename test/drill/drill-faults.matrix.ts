import { DescribeExecutionCommand, GetExecutionHistoryCommand, StartExecutionCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import type { ScenarioReport } from '../../functions/domain/drills/scenario-report';
import type { ScenarioName } from '../../functions/domain/drills/scenarios';
import { REPORT_ITEM, RESULTS_PARTITION_KEY, RESULTS_SORT_KEY } from '../../functions/domain/reports/publication';
import { OUTPUT_KEYS } from '../../infra/stacks/output-keys';
import type { FaultState } from '../../runtime/core/faults';
import { pollUntil } from '../../runtime/core/poll';
import type { Runtime } from '../../runtime';
import type { ServiceClients } from '../helpers/service-clients';
import { FAST, restorableState } from './key-rotation-drill.fixture';

/**
 * The fault matrix (README "Drills: the fault matrix"): a fault injected at every step of every scenario still
 * ends with the baseline restored exactly, and a report that does not claim a clean pass it did not have.
 *
 * An injection point is (scenario, caller, k): the k-th AWS call (from 0) that one of the drill's callers makes
 * during one KeyRotationDrill execution fails once, through `/_keydrill/faults` (`principal` = the caller's role,
 * `after` = k, `count` = 1). The callers are the state machine's role (every Task state's invocation: one call
 * per Task state entered) and each drill function's role. For one (scenario, caller), k runs 0, 1, 2… until a run
 * in which the fault is never reached (its `failed` count stays 0): that run made all its calls unfaulted, so
 * the points before it are every call that caller makes — the enumeration is complete by construction, whatever
 * the timing-dependent number of polling calls.
 */

/** Who makes the calls, by the role the runtime's bootstrap names `<stack>-<logical id>` (the stack is Keydrill). */
export const CALLERS = {
  stateMachine: 'role/Keydrill-DrillsKeyRotationDrillRole',
  drillStep: 'role/Keydrill-DrillsStepFunctionServiceRole',
  probe: 'role/Keydrill-DrillsProbeFunctionServiceRole',
  events: 'role/Keydrill-DrillsEventsFunctionServiceRole',
  publisher: 'role/Keydrill-ResultsPublisherServiceRole',
} as const;
export type Caller = keyof typeof CALLERS;

/**
 * A failure no client retries on its own, so the fault reaches the drill's logic: for the state machine's
 * invocations a Lambda error its Retry lists do not name (only Rollback, Assemble and Publish retry every
 * error), for the functions' calls a permission that disappears.
 */
const INJECTED: Record<'stateMachine' | 'function', { errorCode: string; status: number }> = {
  stateMachine: { errorCode: 'ResourceNotFoundException', status: 404 },
  function: { errorCode: 'AccessDeniedException', status: 400 },
};

export interface InjectionPoint {
  scenario: ScenarioName;
  caller: Caller;
  /** Which of the caller's calls fails (from 0), counting only calls to `only` when it is given. */
  call: number;
  /** Count only this one operation's calls (the tier's targeted points, e.g. the restoring EnableKey). */
  only?: { service: string; operation: string };
}

export type Outcome =
  /** The fault ended the drill early, or made an expectation fail: the report says so. */
  | 'reported'
  /** A Retry of the state machine took the failure (its history shows it) and the drill went on to pass. */
  | 'retried'
  /** The drill passed with no trace of the fault in its history (a function absorbed it, e.g. the next poll). */
  | 'absorbed'
  /** The k-th call never came: the enumeration for this caller ends here. */
  | 'unreached';

export interface PointResult extends InjectionPoint {
  outcome: Outcome;
  verdict?: string;
  executionStatus?: string;
  error?: string;
  /** What is not as it was before the drill (empty when the baseline was restored exactly). */
  differences: string[];
  wallMs: number;
}

export interface MatrixEnv {
  runtime: Runtime;
  clients: ServiceClients;
}

async function reportOf(env: MatrixEnv, executionArn: string, output: string | undefined): Promise<ScenarioReport | undefined> {
  if (output) return JSON.parse(output) as ScenarioReport;
  const documents = DynamoDBDocumentClient.from(env.clients.dynamodb);
  const { Item } = await documents.send(new GetCommand({ TableName: env.runtime.outputs[OUTPUT_KEYS.drillResultsTableName], Key: { [RESULTS_PARTITION_KEY]: executionArn, [RESULTS_SORT_KEY]: REPORT_ITEM }, ConsistentRead: true }));
  if (!Item) return undefined;
  return JSON.parse(typeof Item.report === 'string' ? Item.report : gunzipSync(Item.reportGzip).toString('utf8')) as ScenarioReport;
}

async function fullHistory(env: MatrixEnv, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await env.clients.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** Every difference between two snapshots of the restorable state, as `path: before → after`. */
export function differences(before: unknown, after: unknown, path = ''): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (typeof before !== 'object' || typeof after !== 'object' || before === null || after === null) return [`${path || '/'}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].flatMap((k) => differences((before as Record<string, unknown>)[k], (after as Record<string, unknown>)[k], `${path}/${k}`));
}

/** How long a finished drill's last change may take to show (a few of the compressed runtime's key checks). */
const SETTLE_ATTEMPTS = 20;
const SETTLE_INTERVAL_MS = 250;

/** The restorable state once it has settled: the rollback's last change (a re-key, a grant renewal) may still be landing. */
async function settledState(env: MatrixEnv, baseline: unknown): Promise<unknown> {
  let last: unknown;
  for (let attempt = 0; attempt < SETTLE_ATTEMPTS; attempt++) {
    last = await restorableState(env as never);
    if (differences(baseline, last).length === 0) return last;
    await setTimeout(SETTLE_INTERVAL_MS);
  }
  return last;
}

/** Runs one drill with the fault of `point` armed, and judges what it left and what it reported. */
export async function runPoint(env: MatrixEnv, point: InjectionPoint, baseline: unknown): Promise<PointResult> {
  const started = Date.now();
  env.runtime.faults.clear();
  const injected = point.caller === 'stateMachine' ? INJECTED.stateMachine : INJECTED.function;
  const target = point.only ?? { service: '*' };
  const fault = env.runtime.faults.add({ ...target, principal: CALLERS[point.caller], after: point.call, count: 1, ...injected, message: `fault matrix: ${point.caller} call ${point.call}${point.only ? ` to ${point.only.operation}` : ''}` });
  const { executionArn } = await env.clients.sfn.send(new StartExecutionCommand({ stateMachineArn: env.runtime.outputs[OUTPUT_KEYS.keyRotationDrillStateMachineArn], input: JSON.stringify({ scenario: point.scenario, ...FAST }) }));
  const execution = await pollUntil(`drill ${executionArn} to end`, async () => {
    const d = await env.clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d;
  });
  const reached = (env.runtime.faults.list().find((f: FaultState) => f.id === fault.id)?.failed ?? 0) > 0;
  env.runtime.faults.clear();
  const report = await reportOf(env, executionArn!, execution.output);
  const left = differences(baseline, await settledState(env, baseline));
  const base = { ...point, verdict: report?.verdict, executionStatus: execution.status, error: report?.error ? `${report.error.name}: ${report.error.message}` : execution.error, differences: left, wallMs: Date.now() - started };
  if (!reached) return { ...base, outcome: 'unreached' };
  if (report?.verdict === 'ERROR' || report?.verdict === 'FAILED') return { ...base, outcome: 'reported' };
  if (report?.verdict === 'PASSED') {
    const history = await fullHistory(env, executionArn!);
    const retried = history.some((e) => JSON.stringify(e).includes(injected.errorCode));
    return { ...base, outcome: retried ? 'retried' : 'absorbed' };
  }
  return { ...base, outcome: 'reported', verdict: report?.verdict ?? 'NONE' };
}

/** What makes a point's result acceptable: the baseline restored, a report, and no clean pass that hides the fault. */
export function violations(result: PointResult, { allowAbsorbed }: { allowAbsorbed: boolean }): string[] {
  const found: string[] = [];
  if (result.differences.length) found.push(`baseline not restored: ${result.differences.join('; ')}`);
  if (!result.verdict || result.verdict === 'NONE') found.push(`no report (execution ${result.executionStatus}: ${result.error})`);
  if (result.verdict === 'STOPPED') found.push('verdict STOPPED for a drill nobody stopped');
  if (result.outcome === 'absorbed' && !allowAbsorbed) found.push('PASSED with no trace of the fault');
  if (result.outcome !== 'unreached' && result.error?.includes('DrillLockHeld')) found.push('refused by a drill lock an earlier run left held');
  // The run the fault never reached is a clean drill: anything but PASSED means the runs before it proved nothing
  // (a key out of on-demand rotations made every on-demand-rotation run ERROR, whatever its fault).
  if (result.outcome === 'unreached' && result.verdict !== 'PASSED') found.push(`the clean run (its fault never reached) ended ${result.verdict ?? 'without a report'}: ${result.error ?? 'no error'}`);
  return found;
}

/**
 * Every injection point of (scenario, caller): k = 0, 1, 2… until the run whose fault is never reached (included,
 * last). `onResult` sees each as it ends.
 */
export async function enumerate(env: MatrixEnv, scenario: ScenarioName, caller: Caller, baseline: unknown, onResult?: (r: PointResult) => void, limit = 1_000): Promise<PointResult[]> {
  const results: PointResult[] = [];
  for (let call = 0; call < limit; call++) {
    const result = await runPoint(env, { scenario, caller, call }, baseline);
    results.push(result);
    onResult?.(result);
    if (result.outcome === 'unreached') return results;
  }
  throw new Error(`${scenario}/${caller}: more than ${limit} calls, the enumeration did not end`);
}
