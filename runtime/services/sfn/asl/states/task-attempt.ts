/**
 * One attempt of a Task: its history events (Task* for service integrations, LambdaFunction* for a plain
 * function ARN, https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html), the
 * call to the host raced against the state's TimeoutSeconds, and — on replay — the recorded outcome in place
 * of the call.
 */
import type { Visit } from '../engine';
import { ERRORS, Interrupted, StateFailure } from '../failure';
import { isLambdaFunctionArn, splitResource } from '../history';
import { TaskFailure, type HistoryEventType, type Json, type RecordedEvent } from '../host';
import { payloadText } from '../limits';

export interface AttemptSpec {
  retryCount: number;
  resource: string;
  parameters: Json;
  timeoutSeconds: number;
  heartbeatSeconds?: number;
  credentials?: { roleArn: string };
  taskToken?: string;
}

type Outcome = { kind: 'result'; result: Json } | { kind: 'failure'; error: string; cause: string | undefined };

const TASK_EVENTS = { scheduled: 'TaskScheduled', started: 'TaskStarted', succeeded: 'TaskSucceeded', failed: 'TaskFailed', timedOut: 'TaskTimedOut' } as const;
const LAMBDA_EVENTS = { scheduled: 'LambdaFunctionScheduled', started: 'LambdaFunctionStarted', succeeded: 'LambdaFunctionSucceeded', failed: 'LambdaFunctionFailed', timedOut: 'LambdaFunctionTimedOut' } as const;

const SETTLED = 'settled';

const isTimeout = (error: string) => error === ERRORS.timeout || error === ERRORS.heartbeatTimeout;

/** A promise that resolves when `signal` aborts, and a way to stop listening once it no longer matters. */
function whenAborted(signal: AbortSignal): { promise: Promise<{ kind: 'interrupted' }>; dispose: () => void } {
  let listener: () => void = () => undefined;
  const promise = new Promise<{ kind: 'interrupted' }>((resolve) => {
    listener = () => resolve({ kind: 'interrupted' });
    if (signal.aborted) listener();
    else signal.addEventListener('abort', listener, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', listener) };
}

function recordedOutcome(event: RecordedEvent): Outcome {
  const details = (event.details ?? {}) as { output?: string; error?: string; cause?: string };
  if (event.type === 'TaskSucceeded' || event.type === 'LambdaFunctionSucceeded') return { kind: 'result', result: JSON.parse(details.output ?? 'null') as Json };
  return { kind: 'failure', error: details.error ?? ERRORS.taskFailed, cause: details.cause };
}

/** Runs the attempt and returns the task's result, or throws its failure as a StateFailure. */
export async function attemptTask(visit: Visit, spec: AttemptSpec): Promise<Json> {
  const { host } = visit;
  const lambda = isLambdaFunctionArn(spec.resource);
  const events = lambda ? LAMBDA_EVENTS : TASK_EVENTS;
  const { resourceType, resource } = splitResource(spec.resource);
  const suffix = `/${spec.retryCount}`;
  const attemptKey = `${visit.key}${suffix}`;
  const previous = host.recorded(`${attemptKey}:outcome`);
  const wasStarted = host.recorded(`${attemptKey}:started`) !== undefined;

  const parametersText = payloadText(spec.parameters, `parameters of the state '${visit.name}'`);
  const credentials = spec.credentials && { taskCredentials: { roleArn: spec.credentials.roleArn } };
  await visit.record(
    events.scheduled,
    `${suffix}:scheduled`,
    lambda
      ? { resource: spec.resource, input: parametersText, inputDetails: { truncated: false }, timeoutInSeconds: spec.timeoutSeconds, ...credentials }
      : {
          resourceType,
          resource,
          region: host.info.stateMachineArn.split(':')[3],
          parameters: parametersText,
          timeoutInSeconds: spec.timeoutSeconds,
          ...(spec.heartbeatSeconds !== undefined && { heartbeatInSeconds: spec.heartbeatSeconds }),
          ...credentials,
        },
  );
  const started = await visit.record(events.started, `${suffix}:started`, lambda ? undefined : { resourceType, resource });

  const outcome = previous ? recordedOutcome(previous) : await invoke(visit, spec, attemptKey, suffix, started, wasStarted, { resourceType, resource });
  let checked = outcome;
  if (outcome.kind === 'result') {
    try {
      payloadText(outcome.result, `result of the state '${visit.name}'`);
    } catch (error) {
      if (!(error instanceof StateFailure)) throw error;
      checked = { kind: 'failure', error: error.error, cause: error.cause };
    }
  }
  if (checked.kind === 'result') {
    const output = JSON.stringify(checked.result);
    await visit.record(events.succeeded, `${suffix}:outcome`, lambda ? { output, outputDetails: { truncated: false } } : { resourceType, resource, output, outputDetails: { truncated: false } });
    return checked.result;
  }
  const type: HistoryEventType = isTimeout(checked.error) ? events.timedOut : events.failed;
  const failure = { error: checked.error, ...(checked.cause !== undefined && { cause: checked.cause }) };
  await visit.record(type, `${suffix}:outcome`, lambda ? failure : { resourceType, resource, ...failure });
  throw new StateFailure(checked.error, checked.cause);
}

async function invoke(
  visit: Visit,
  spec: AttemptSpec,
  attemptKey: string,
  suffix: string,
  started: RecordedEvent,
  resumed: boolean,
  names: { resourceType: string; resource: string },
): Promise<Outcome> {
  const { host, branch } = visit;
  if (branch.signal.aborted) throw new Interrupted();
  const attempt = new AbortController();
  const timer = new AbortController();
  const aborted = whenAborted(branch.signal);
  let submission: Promise<unknown> = Promise.resolve();
  const call = host.invokeTask({
    key: attemptKey,
    resource: spec.resource,
    parameters: spec.parameters,
    ...(spec.credentials && { credentials: spec.credentials }),
    timeoutSeconds: spec.timeoutSeconds,
    ...(spec.heartbeatSeconds !== undefined && { heartbeatSeconds: spec.heartbeatSeconds }),
    ...(spec.taskToken !== undefined && { taskToken: spec.taskToken }),
    signal: AbortSignal.any([attempt.signal, branch.signal]),
    resumed,
    submitted: (output) => {
      submission = visit.record('TaskSubmitted', `${suffix}:submitted`, { ...names, output: JSON.stringify(output), outputDetails: { truncated: false } });
    },
  });
  const deadline = new Date(started.timestamp.getTime() + spec.timeoutSeconds * 1000);
  // A timer that was cancelled never settles the race: the call or the abort does.
  const timeout = host.sleepUntil(deadline, timer.signal).then(
    () => ({ kind: 'timeout' }) as const,
    () => new Promise<never>(() => undefined),
  );
  const settled = await Promise.race([
    call.then(
      (result) => ({ kind: 'result', result }) as const,
      (error: unknown) => ({ kind: 'error', error }) as const,
    ),
    timeout,
    aborted.promise,
  ]);
  // A reason of our own: abort() without one builds a DOMException (and its stack) for every task.
  timer.abort(SETTLED);
  aborted.dispose();
  await submission;
  if (settled.kind === 'interrupted' || (settled.kind === 'error' && branch.signal.aborted)) {
    attempt.abort();
    throw new Interrupted();
  }
  if (settled.kind === 'timeout') {
    attempt.abort();
    return { kind: 'failure', error: ERRORS.timeout, cause: undefined };
  }
  if (settled.kind === 'result') return { kind: 'result', result: settled.result };
  const { error } = settled;
  if (error instanceof TaskFailure) return { kind: 'failure', error: error.error, cause: error.cause };
  return { kind: 'failure', error: ERRORS.taskFailed, cause: error instanceof Error ? error.message : String(error) };
}
