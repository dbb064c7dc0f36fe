import { GetExecutionHistoryCommand, paginateListStateMachines, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';

/**
 * The CLI's Step Functions client, from the environment like every other. `disableHostPrefix`: StartSyncExecution
 * and TestState carry the endpoint prefix `sync-`, which a local endpoint (127.0.0.1) cannot take.
 */
export const sfnClient = () => new SFNClient({ disableHostPrefix: true });

/** A state machine's ARN from its name (an ARN is taken as it is). */
export async function stateMachineArnOf(client: SFNClient, nameOrArn: string): Promise<string> {
  if (nameOrArn.startsWith('arn:')) return nameOrArn;
  for await (const page of paginateListStateMachines({ client }, {})) {
    const found = page.stateMachines?.find((m) => m.name === nameOrArn);
    if (found) return found.stateMachineArn!;
  }
  throw new Error(`no state machine is named ${nameOrArn}`);
}

/** Every event of an execution's history after the one with id `afterId`, oldest first. */
export async function historyAfter(client: SFNClient, executionArn: string, afterId = 0): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []).filter((e) => (e.id ?? 0) > afterId));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** Every STANDARD state machine's ARN (EXPRESS ones keep no executions to list). */
export async function standardStateMachines(client: SFNClient): Promise<string[]> {
  const arns: string[] = [];
  for await (const page of paginateListStateMachines({ client }, {})) arns.push(...(page.stateMachines ?? []).filter((m) => m.type === 'STANDARD').map((m) => m.stateMachineArn!));
  return arns;
}

/** The state an event belongs to, when the event says. */
const stateName = (e: HistoryEvent) => e.stateEnteredEventDetails?.name ?? e.stateExitedEventDetails?.name;

/** The error and cause of a failure event, whichever kind it is. */
function failureOf(e: HistoryEvent): { error?: string; cause?: string } | undefined {
  return e.taskFailedEventDetails ?? e.taskTimedOutEventDetails ?? e.lambdaFunctionFailedEventDetails ?? e.lambdaFunctionTimedOutEventDetails ?? e.executionFailedEventDetails ?? e.executionTimedOutEventDetails ?? e.executionAbortedEventDetails ?? e.evaluationFailedEventDetails;
}

/**
 * Turns history events into progress lines: states entered and exited, failures with their error and cause,
 * and retries (a task scheduled again after it failed in the same state). One instance per execution.
 */
export class ProgressLines {
  private currentState?: string;
  private failedIn?: string;

  line(e: HistoryEvent): string | undefined {
    const type = e.type ?? '';
    if (type.endsWith('StateEntered')) {
      this.currentState = stateName(e);
      return `→ ${this.currentState} (${type.replace(/StateEntered$/, '')})`;
    }
    if (type.endsWith('StateExited')) return `← ${stateName(e)}`;
    if ((type === 'TaskScheduled' || type === 'LambdaFunctionScheduled') && this.failedIn === this.currentState && this.failedIn !== undefined) {
      this.failedIn = undefined;
      return `↻ retrying ${this.currentState}`;
    }
    const failure = failureOf(e);
    if (failure) {
      if (!type.startsWith('Execution')) this.failedIn = this.currentState;
      return `✗ ${type}: ${failure.error ?? ''}${failure.cause ? `: ${failure.cause}` : ''}`;
    }
    if (type === 'ExecutionSucceeded') return '✓ ExecutionSucceeded';
    return undefined;
  }
}

/** The status a terminal history event ends the execution with. */
export const TERMINAL_STATUS: Record<string, string> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};

/** `keydrill run`'s exit code per final status, so scripts can tell them apart. */
export const EXIT_CODES: Record<string, number> = { SUCCEEDED: 0, FAILED: 1, TIMED_OUT: 2, ABORTED: 3 };
