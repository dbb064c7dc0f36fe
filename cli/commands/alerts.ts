import { InvalidArgumentError, type Command } from 'commander';
import { OUTPUT_KEYS } from '../../infra/stacks/output-keys';
import { type AlertEvent, EVERY_EVENT, FollowSubscription, listSubscriptions, subscribeWebhook, unsubscribe } from '../alert-subscriptions';
import { printHistory, sinceOption } from '../alerts-history';
import { outputOrOption } from '../runtime-env';

interface FilterOptions {
  bus?: string;
  pattern?: string;
  detailType?: string;
  source?: string;
}

/** How long a detail summary may get on a line. */
const SUMMARY_LENGTH = 120;

function jsonPattern(value: string): string {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
  } catch {
    throw new InvalidArgumentError('expected an event pattern: a JSON object such as {"source":["keydrill"]}');
  }
  return value;
}

/** The pattern of the subscription: --pattern as given, else one made of --detail-type and --source, else every event. */
function patternOf(opts: FilterOptions): string {
  if (opts.pattern && (opts.detailType || opts.source)) throw new InvalidArgumentError('--pattern cannot be combined with --detail-type or --source');
  if (opts.pattern) return opts.pattern;
  const pattern = { ...(opts.source ? { source: [opts.source] } : {}), ...(opts.detailType ? { 'detail-type': [opts.detailType] } : {}) };
  return Object.keys(pattern).length ? JSON.stringify(pattern) : EVERY_EVENT;
}

/** The bus: --bus, else the running stack's AlertBusName output. (Options written after a subcommand's name may land on `alerts` itself, so subcommands read both.) */
const busOf = (opts: FilterOptions) => outputOrOption(opts.bus, OUTPUT_KEYS.alertBusName, '--bus');

export function eventLine(event: AlertEvent): string {
  const detail = JSON.stringify(event.detail ?? {});
  const summary = detail.length > SUMMARY_LENGTH ? `${detail.slice(0, SUMMARY_LENGTH - 1)}…` : detail;
  return `${event.time}  ${event['detail-type']}  ${event.source}  ${summary}`;
}

const filterOptions = (command: Command) =>
  command
    .option('--bus <name>', "event bus (default: the running stack's AlertBusName output)")
    .option('--pattern <json>', 'an EventBridge event pattern', jsonPattern)
    .option('--detail-type <type>', 'only events of this detail-type')
    .option('--source <source>', 'only events of this source');

/**
 * `keydrill alerts`: live alerts and webhook subscriptions on the alerts bus, made of real EventBridge
 * resources (a rule with an SQS queue or an API destination), so they behave as they would on AWS.
 */
export function registerAlerts(program: Command): void {
  const alerts = filterOptions(program.command('alerts').description('follow or subscribe to the alerts bus'))
    .option('-f, --follow', 'print events as they are delivered, until interrupted')
    .option('--json', 'one JSON event per line')
    .option('--since <duration>', 'the alerts raised in this last while, from the alerts table (90s, 10m, 2h, 1d)', sinceOption)
    .option('--ledger <name>', "with --since: the ledger (default: the running stack's LedgerName output)")
    .option('--alerts-table <name>', "with --since: the alerts table (default: the running stack's AlertsTableName output)")
    .action(async (opts: FilterOptions & { follow?: boolean; json?: boolean; since?: number; ledger?: string; alertsTable?: string }) => {
      if (opts.since !== undefined && !opts.follow) {
        await printHistory({ ...opts, since: opts.since });
        return;
      }
      if (!opts.follow) {
        alerts.help();
        return;
      }
      await follow(await busOf(opts), patternOf(opts), opts.json ?? false);
    });

  filterOptions(alerts.command('subscribe').description('send matching events to a webhook (a rule, a connection and an API destination)'))
    .requiredOption('--webhook <url>', 'the URL events are POSTed to')
    .option('--name <name>', 'the subscription name (default: from the webhook host)')
    .option('--api-key <header=value>', 'a header the webhook may check (default: X-Keydrill-Subscription=<name>)')
    .action(async (own: FilterOptions & { webhook: string; name?: string; apiKey?: string }) => {
      const opts = { ...alerts.opts<FilterOptions>(), ...own };
      const name = opts.name ?? new URL(opts.webhook).host.replace(/[^A-Za-z0-9_.-]/g, '-');
      const [headerName, headerValue] = opts.apiKey ? opts.apiKey.split(/=(.*)/s) : ['X-Keydrill-Subscription', name];
      const bus = await busOf(opts);
      const made = await subscribeWebhook({ name, bus, pattern: patternOf(opts), endpoint: opts.webhook }, { name: headerName, value: headerValue ?? '' });
      process.stdout.write(`${JSON.stringify({ name, bus, ...made })}\n`);
    });

  alerts
    .command('list')
    .description('the webhook subscriptions of the bus')
    .option('--bus <name>', "event bus (default: the running stack's AlertBusName output)")
    .option('--json', 'one JSON object per line')
    .action(async (own: { bus?: string; json?: boolean }) => {
      const opts = { ...alerts.opts<{ bus?: string; json?: boolean }>(), ...own };
      for (const s of await listSubscriptions(await busOf(opts))) {
        process.stdout.write(`${opts.json ? JSON.stringify(s) : `${s.name}  ${s.state}  ${s.endpoint ?? '-'}  ${s.pattern ?? ''}`}\n`);
      }
    });

  alerts
    .command('unsubscribe <name>')
    .description('remove a webhook subscription')
    .option('--bus <name>', "event bus (default: the running stack's AlertBusName output)")
    .action(async (name: string, own: { bus?: string }) => {
      await unsubscribe(await busOf({ ...alerts.opts<{ bus?: string }>(), ...own }), name);
      process.stderr.write(`keydrill: subscription ${name} removed\n`);
    });
}

/** Polls until SIGINT or SIGTERM, then removes the temporary rule and queue before exiting. */
async function follow(bus: string, pattern: string, json: boolean): Promise<void> {
  // Listening before the subscription exists: an interrupt while it is being made still removes it.
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const subscription = await FollowSubscription.open(bus, pattern).catch((error: Error) => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    throw error;
  });
  process.stderr.write(`keydrill: following ${bus} with ${pattern} (rule ${subscription.name}); Ctrl-C to stop\n`);
  try {
    while (!stop.signal.aborted) {
      const events = await subscription.receive(stop.signal).catch((error: Error) => {
        if (stop.signal.aborted) return [];
        throw error;
      });
      for (const event of events) process.stdout.write(`${json ? JSON.stringify(event) : eventLine(event)}\n`);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await subscription.close();
    process.stderr.write(`keydrill: removed rule and queue ${subscription.name}\n`);
  }
}
