import { DescribeExecutionCommand, StartExecutionCommand, StopExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { ExecutionWatch, type WatchSink, type WatchSources } from './execution-watch';

export interface ExecutionResult {
  executionArn: string;
  status: string;
  /** The execution's output, else the report the publisher wrote to the results table; absent when neither exists. */
  report?: unknown;
  error?: string;
  cause?: string;
}

/** Started, then interrupted before it ended: the execution started, and what was stopped. */
export class Interrupted extends Error {
  constructor(
    readonly executionArn: string,
    readonly stopped: string[],
  ) {
    super(`interrupted; stopped ${stopped.length ? stopped.join(', ') : 'nothing (no execution was running)'}`);
  }
}

export interface ExecutionRequest {
  stateMachineArn: string;
  input: unknown;
  /** What progress lines call it: its scenario, "suite", "lifecycle". */
  label: string;
}

/**
 * Starts an execution and follows it to its end. When `signal` aborts first, every execution it saw running
 * (the children too) is stopped with StopExecution, which is how the drill engine is told to roll back, and
 * the promise rejects with Interrupted.
 */
export async function runExecution(sources: WatchSources, sink: WatchSink, request: ExecutionRequest, signal: AbortSignal): Promise<ExecutionResult> {
  const { sfn } = sources;
  signal.throwIfAborted();
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: request.stateMachineArn, input: JSON.stringify(request.input) }));
  sink.step(request.label, `started ${executionArn}`);
  const watch = new ExecutionWatch(sources, sink);
  let description;
  try {
    description = await watch.follow(executionArn!, request.label, signal);
  } catch (e) {
    if (!signal.aborted) throw e;
    throw new Interrupted(executionArn!, await stopAll(sfn, watch.running()));
  }
  const status = description.status!;
  const output = status === 'SUCCEEDED' && description.output ? (JSON.parse(description.output) as unknown) : undefined;
  const report = output ?? (await sources.results?.report(executionArn!));
  return { executionArn: executionArn!, status, ...(report === undefined ? {} : { report }), ...(description.error ? { error: description.error } : {}), ...(description.cause ? { cause: description.cause } : {}) };
}

/**
 * Stops the watched execution first: Step Functions stops the children a `.sync` task waits for along with
 * their parent (https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html), while a child
 * stopped first would fail its parent's task instead, and the parent with it. Children still running after
 * that are stopped one by one.
 */
async function stopAll(sfn: SFNClient, executionArns: string[]): Promise<string[]> {
  const stopped: string[] = [];
  const statusOf = async (executionArn: string) => (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
  for (const executionArn of executionArns) {
    try {
      if ((await statusOf(executionArn)) === 'RUNNING') {
        // Its parent may stop it meanwhile: then the call fails and the execution is ABORTED all the same.
        await sfn.send(new StopExecutionCommand({ executionArn, error: 'keydrill.Interrupted', cause: 'interrupted from the keydrill command line (SIGINT)' })).catch(() => undefined);
      }
      if ((await statusOf(executionArn)) === 'ABORTED') stopped.push(executionArn);
    } catch (e) {
      process.stderr.write(`keydrill: could not stop ${executionArn}: ${(e as Error).message}\n`);
    }
  }
  return stopped;
}
