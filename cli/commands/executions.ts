import { paginateListExecutions, type ExecutionStatus } from '@aws-sdk/client-sfn';
import type { Command } from 'commander';
import { sfnClient, standardStateMachines, stateMachineArnOf } from '../executions-client';

interface ExecutionsOptions {
  stateMachine?: string;
  status?: ExecutionStatus;
}

/** `keydrill executions [--state-machine …] [--status …]`: one line per execution, newest first per state machine. */
export function registerExecutions(program: Command): void {
  program
    .command('executions')
    .description('list Step Functions executions')
    .option('-s, --state-machine <name|arn>', 'only this state machine (default: every STANDARD one)')
    .option('--status <status>', 'RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED')
    .action(async (opts: ExecutionsOptions) => {
      const client = sfnClient();
      try {
        const machines = opts.stateMachine ? [await stateMachineArnOf(client, opts.stateMachine)] : await standardStateMachines(client);
        for (const stateMachineArn of machines) {
          for await (const page of paginateListExecutions({ client }, { stateMachineArn, statusFilter: opts.status })) {
            for (const e of page.executions ?? []) {
              process.stdout.write(`${e.status}\t${e.startDate?.toISOString()}\t${e.stopDate?.toISOString() ?? '-'}\t${e.executionArn}\n`);
            }
          }
        }
      } finally {
        client.destroy();
      }
    });
}
