import { InvalidArgumentError, type Command } from 'commander';
import { controlGet } from '../runtime-env';

interface LogEvent {
  timestamp: number;
  message: string;
}

/** How often `--follow` asks the runtime for new events. */
const FOLLOW_INTERVAL_MS = 1000;

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `10m`, `2h`, `30s`, `1d`, like `aws logs tail --since`. */
function parseDuration(value: string): number {
  const m = /^(\d+)([smhd])$/.exec(value);
  if (!m) throw new InvalidArgumentError('a duration is a number and a unit: 30s, 10m, 2h, 1d');
  return Number(m[1]) * UNITS[m[2]];
}

const print = (e: LogEvent) => process.stdout.write(`${new Date(e.timestamp).toISOString()} ${e.message}\n`);

/**
 * `keydrill logs <function>`: a function's log (its output plus START/END/REPORT lines) from the running
 * runtime, found through AWS_ENDPOINT_URL as the SDK finds it.
 */
export function registerLogs(program: Command): void {
  program
    .command('logs')
    .description("print a Lambda function's log from the running runtime (needs the environment `keydrill up` prints)")
    .argument('<function>', 'the function name')
    .option('-f, --follow', 'keep printing new events')
    .option('--since <duration>', 'only events this recent (30s, 10m, 2h, 1d)', parseDuration)
    .action(async (name: string, opts: { follow?: boolean; since?: number }) => {
      let since = opts.since === undefined ? 0 : Date.now() - opts.since;
      for (;;) {
        const { events } = await controlGet<{ events: LogEvent[] }>(`logs/${encodeURIComponent(name)}?since=${since}`);
        events.forEach(print);
        if (!opts.follow) return;
        // Events in the same millisecond as the last one printed would repeat: skip past it.
        if (events.length) since = events[events.length - 1].timestamp + 1;
        await new Promise((resolve) => setTimeout(resolve, FOLLOW_INTERVAL_MS));
      }
    });
}
