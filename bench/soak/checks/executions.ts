import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, StartExecutionCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Runtime } from '../../../runtime';
import { clientConfig } from '../../../test/helpers/runtime';
import type { Figures, Restart, SoakCheck, SoakRuntime } from '../check';
import { spread } from '../figures';
import { PacedLoop } from '../paced-loop';

const MACHINE = 'soak-executions';
/** Long enough that kills land in the middle of executions, on the Wait as well as between states. */
const DEFINITION = { StartAt: 'First', States: { First: { Type: 'Pass', Next: 'Hold' }, Hold: { Type: 'Wait', Seconds: 1, Next: 'Last' }, Last: { Type: 'Pass', End: true } } };
const START_INTERVAL_MS = 50;
/** An execution the last incarnation acknowledged must end this soon after the restart: it is resumed at start-up. */
const SETTLE_TIMEOUT_MS = 30_000;

const count = (events: HistoryEvent[], type: string, state?: string) => events.filter((e) => e.type === type && (state === undefined || e.stateEnteredEventDetails?.name === state)).length;

/**
 * Step Functions executions across kills: every StartExecution the runtime acknowledged is, after the restart,
 * an execution that ends SUCCEEDED (none lost), and its history shows it ran once: one ExecutionStarted, each
 * state entered once, one ExecutionSucceeded (none run twice on resume).
 */
export class ExecutionsCheck implements SoakCheck {
  readonly name = 'executions: none lost or run twice';
  private sfn?: SFNClient;
  private machineArn?: string;
  private loop?: PacedLoop;
  private next = 0;
  /** Acknowledged, not yet seen SUCCEEDED with a clean history: name → ARN. */
  private readonly open = new Map<string, string>();
  private acknowledged = 0;
  private verified = 0;
  private readonly settleMs: number[] = [];

  async begin(runtime: SoakRuntime): Promise<void> {
    this.sfn?.destroy();
    this.sfn = new SFNClient({ ...clientConfig(runtime as Runtime), disableHostPrefix: true });
    this.machineArn ??= await machine(runtime, this.sfn);
    const sfn = this.sfn;
    this.loop = new PacedLoop(START_INTERVAL_MS, async () => {
      const name = `soak-${this.next++}`;
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: this.machineArn, name }));
      this.open.set(name, executionArn!);
      this.acknowledged++;
    });
    this.loop.start();
  }

  halting = () => this.loop?.halt();

  async interrupted(): Promise<string[]> {
    await this.loop?.settled();
    return [];
  }

  async verify(restart: Restart): Promise<string[]> {
    this.sfn?.destroy();
    this.sfn = new SFNClient({ ...clientConfig(restart.runtime as Runtime), disableHostPrefix: true });
    const started = Date.now();
    const breaches: string[] = [];
    for (const [name, executionArn] of [...this.open]) {
      const breach = await this.settle(executionArn, started);
      if (breach) breaches.push(`${name}: ${breach}`);
      else this.verified++;
      this.open.delete(name);
    }
    this.settleMs.push(Date.now() - started);
    return breaches.slice(0, 5).concat(breaches.length > 5 ? [`… ${breaches.length} in all`] : []);
  }

  /** Undefined once the execution SUCCEEDED after running once; otherwise what is wrong. */
  private async settle(executionArn: string, started: number): Promise<string | undefined> {
    for (;;) {
      let status: string | undefined;
      try {
        ({ status } = await this.sfn!.send(new DescribeExecutionCommand({ executionArn })));
      } catch (e) {
        return `lost: DescribeExecution answered ${(e as Error).name}`;
      }
      if (status === 'SUCCEEDED') return this.ranOnce(executionArn);
      if (status !== 'RUNNING') return `ended ${status}`;
      if (Date.now() - started > SETTLE_TIMEOUT_MS) return `still RUNNING ${SETTLE_TIMEOUT_MS / 1000} s after the restart`;
      await sleep(100);
    }
  }

  private async ranOnce(executionArn: string): Promise<string | undefined> {
    const { events = [] } = await this.sfn!.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    const counts = {
      ExecutionStarted: count(events, 'ExecutionStarted'),
      First: count(events, 'PassStateEntered', 'First'),
      Hold: count(events, 'WaitStateEntered', 'Hold'),
      Last: count(events, 'PassStateEntered', 'Last'),
      ExecutionSucceeded: count(events, 'ExecutionSucceeded'),
    };
    const twice = Object.entries(counts).filter(([, n]) => n !== 1);
    return twice.length ? `history not run exactly once: ${twice.map(([what, n]) => `${what} ×${n}`).join(', ')}` : undefined;
  }

  figures(): Figures {
    return { 'executions acknowledged': this.acknowledged, 'executions verified (succeeded, ran once)': this.verified, 'executions settled after restart p50 / p99 / max': spread(this.settleMs), 'StartExecution cut by a kill': this.loop?.failures ?? 0 };
  }

  close(): void {
    this.sfn?.destroy();
  }
}

/** The soak's state machine, made on the first start (a kept SOAK_DATA_DIR may have it already). */
async function machine(runtime: SoakRuntime, sfn: SFNClient): Promise<string> {
  const iam = new IAMClient(clientConfig(runtime as Runtime));
  try {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const role = await iam.send(new CreateRoleCommand({ RoleName: MACHINE, AssumeRolePolicyDocument: JSON.stringify(trust) })).then(
      ({ Role }) => Role!.Arn!,
      async (e) => ((e as Error).name === 'EntityAlreadyExistsException' ? (await iam.send(new GetRoleCommand({ RoleName: MACHINE }))).Role!.Arn! : Promise.reject(e)),
    );
    // CreateStateMachine with the same name and definition answers the existing machine (https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html).
    return (await sfn.send(new CreateStateMachineCommand({ name: MACHINE, definition: JSON.stringify(DEFINITION), roleArn: role }))).stateMachineArn!;
  } finally {
    iam.destroy();
  }
}
