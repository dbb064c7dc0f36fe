import type { Command } from 'commander';
import { historyAfter, sfnClient } from '../executions-client';

/** The event's details member (whichever it is), for the one-line form. */
const detailsOf = (event: object) => Object.entries(event).find(([k]) => k.endsWith('EventDetails'))?.[1];

/** `keydrill history <execution ARN> [--json]`: every event of the execution, oldest first. */
export function registerHistory(program: Command): void {
  program
    .command('history')
    .description("print a Step Functions execution's history")
    .argument('<executionArn>', 'execution ARN')
    .option('--json', 'one JSON event per line, as GetExecutionHistory returns it')
    .action(async (executionArn: string, opts: { json?: boolean }) => {
      const client = sfnClient();
      try {
        for (const event of await historyAfter(client, executionArn)) {
          const details = detailsOf(event);
          process.stdout.write(
            opts.json ? `${JSON.stringify(event)}\n` : `${event.id}\t${event.previousEventId ?? 0}\t${event.timestamp?.toISOString()}\t${event.type}\t${details ? JSON.stringify(details) : ''}\n`,
          );
        }
      } finally {
        client.destroy();
      }
    });
}
