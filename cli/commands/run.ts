import { readFileSync } from 'node:fs';
import { DescribeExecutionCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { Command } from 'commander';
import { EXIT_CODES, historyAfter, ProgressLines, sfnClient, stateMachineArnOf, TERMINAL_STATUS } from '../executions-client';

interface RunOptions {
  input?: string;
  name?: string;
  follow?: boolean;
}

/** How often `--follow` reads the history again (wall time: pacing, not AWS-visible time). */
const FOLLOW_POLL_MS = 500;

/** `--input` is JSON text, or `@path` to read it from a file. */
const inputText = (input: string | undefined) => (input === undefined ? undefined : input.startsWith('@') ? readFileSync(input.slice(1), 'utf8') : input);

/**
 * `keydrill run <state machine> [--input JSON|@file] [--name N] [--follow]`: starts an execution and prints
 * its ARN; with --follow, shows its progress on stderr as it goes and prints the output (or error) on stdout,
 * exiting 0 for SUCCEEDED, 1 FAILED, 2 TIMED_OUT, 3 ABORTED.
 */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('start a Step Functions execution (and follow it)')
    .argument('<stateMachine>', 'state machine name or ARN')
    .option('-i, --input <json|@file>', 'execution input: JSON text, or @path of a JSON file')
    .option('-n, --name <name>', 'execution name (default: a UUID)')
    .option('-f, --follow', 'show progress until the execution ends; exit code per final status')
    .action(async (stateMachine: string, opts: RunOptions) => {
      const client = sfnClient();
      try {
        const stateMachineArn = await stateMachineArnOf(client, stateMachine);
        const started = await client.send(new StartExecutionCommand({ stateMachineArn, input: inputText(opts.input), name: opts.name }));
        if (!opts.follow) {
          process.stdout.write(`${JSON.stringify({ executionArn: started.executionArn, startDate: started.startDate })}\n`);
          return;
        }
        process.stderr.write(`started ${started.executionArn}\n`);
        process.exitCode = await follow(client, started.executionArn!);
      } finally {
        client.destroy();
      }
    });
}

async function follow(client: SFNClient, executionArn: string): Promise<number> {
  const progress = new ProgressLines();
  let lastId = 0;
  for (;;) {
    const events = await historyAfter(client, executionArn, lastId);
    for (const event of events) {
      lastId = event.id ?? lastId;
      const line = progress.line(event);
      if (line) process.stderr.write(`${line}\n`);
      const status = TERMINAL_STATUS[event.type ?? ''];
      if (status) return finish(client, executionArn, status);
    }
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
  }
}

async function finish(client: SFNClient, executionArn: string, status: string): Promise<number> {
  const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
  const result = status === 'SUCCEEDED' ? { status, output: JSON.parse(execution.output ?? 'null') } : { status, error: execution.error, cause: execution.cause };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return EXIT_CODES[status];
}
