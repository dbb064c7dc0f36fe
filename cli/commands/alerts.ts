import { InvalidArgumentError, type Command } from 'commander';
import { OUTPUT_KEYS } from '../../infra/stacks/output-keys';
import { AlertsHistory, alertLine, parseSince } from '../alerts-history';
import { outputOrOption } from '../runtime-env';

interface AlertsOptions {
  since: number;
  json?: boolean;
  ledger?: string;
  alertsTable?: string;
}

function sinceOption(value: string): number {
  const ms = parseSince(value);
  if (ms === undefined) throw new InvalidArgumentError('expected a duration such as 90s, 10m, 2h or 1d');
  return ms;
}

/**
 * `keydrill alerts --since 10m [--json]`: the alerts raised for the ledger, oldest first, from the alerts
 * table (every alert is kept there as well as published on the alerts bus).
 */
export function registerAlerts(program: Command): void {
  program
    .command('alerts')
    .description('list the alerts raised for the ledger (encryption status, key at risk, projection lag)')
    .option('--since <duration>', 'how far back (90s, 10m, 2h, 1d)', sinceOption, 10 * 60_000)
    .option('--json', 'one JSON object per alert and line')
    .option('--ledger <name>', "the ledger (default: the running stack's LedgerName output)")
    .option('--alerts-table <name>', "DynamoDB table of the alerts (default: the running stack's AlertsTableName output)")
    .action(async (opts: AlertsOptions) => {
      const tableName = await outputOrOption(opts.alertsTable, OUTPUT_KEYS.alertsTableName, '--alerts-table');
      const ledgerName = await outputOrOption(opts.ledger, OUTPUT_KEYS.ledgerName, '--ledger');
      const history = new AlertsHistory(tableName);
      try {
        const alerts = await history.since(ledgerName, new Date(Date.now() - opts.since));
        for (const alert of alerts) process.stdout.write(`${opts.json ? JSON.stringify(alert) : alertLine(alert)}\n`);
        if (!opts.json) process.stderr.write(`${alerts.length} alert(s) for ${ledgerName}\n`);
      } finally {
        history.destroy();
      }
    });
}
