import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { InvalidArgumentError } from 'commander';
import { OUTPUT_KEYS } from '../infra/stacks/output-keys';
import { outputOrOption } from './runtime-env';
import { ALERTS_PARTITION_KEY, ALERTS_SORT_KEY, type KeptAlert } from '../functions/domain/alerts/schema';

/** An alert as `keydrill alerts` prints it: the event's fields, and whether and when it reached the bus. */
export interface AlertView {
  time: string;
  detailType: string;
  ledgerName: string;
  alertId: string;
  resources: string[];
  detail: Record<string, unknown>;
  published: boolean;
  publishedAt?: string;
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `10m`, `90s`, `2h`, `1d` → milliseconds; undefined when it is not one of those. */
export function parseSince(text: string): number | undefined {
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : undefined;
}

/**
 * Reads the alerts table (functions/domain/alerts/schema.ts): the alerts of one ledger raised at or after a
 * time, oldest first. Its sort key starts with the event time, so this is one Query, not a scan.
 */
export class AlertsHistory {
  private readonly client: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    client = new DynamoDBClient({}),
  ) {
    this.client = DynamoDBDocumentClient.from(client);
  }

  async since(ledgerName: string, from: Date): Promise<AlertView[]> {
    const views: AlertView[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :ledger AND #sk >= :from',
        ExpressionAttributeNames: { '#pk': ALERTS_PARTITION_KEY, '#sk': ALERTS_SORT_KEY },
        // Event times are whole seconds: a sort key of that second sorts after the bare time, so it is included.
        ExpressionAttributeValues: { ':ledger': ledgerName, ':from': from.toISOString().replace(/\.\d+Z$/, 'Z') },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) for (const item of (page.Items ?? []) as KeptAlert[]) views.push(view(item));
    return views;
  }

  destroy(): void {
    this.client.destroy();
  }
}

const view = (item: KeptAlert): AlertView => ({
  time: item.time,
  detailType: item.detailType,
  ledgerName: item.ledgerName,
  alertId: item.alertId,
  resources: item.resources,
  detail: JSON.parse(item.detail) as Record<string, unknown>,
  published: item.published,
  ...(item.publishedAt ? { publishedAt: item.publishedAt } : {}),
});

/** One human line: time, type, and what changed. */
export function alertLine(alert: AlertView): string {
  const d = alert.detail;
  const what =
    alert.detailType === 'Ledger Encryption Status Changed'
      ? `${d.previousStatus ?? '(none)'} → ${d.status}${d.previousKmsKeyArn !== d.kmsKeyArn ? ` key ${d.previousKmsKeyArn ?? '(none)'} → ${d.kmsKeyArn}` : ''} (${d.detectedBy})`
      : alert.detailType === 'Ledger Key At Risk'
        ? `${d.eventName} of ${d.aliasName ?? d.kmsKeyArn} by ${d.userIdentity}`
        : `${d.state}, ${d.lagSeconds} s behind`;
  return `${alert.time}  ${alert.detailType}  ${alert.ledgerName}  ${what}${alert.published ? '' : '  (not yet published)'}`;
}

/** commander's parser for `--since`. */
export function sinceOption(value: string): number {
  const ms = parseSince(value);
  if (ms === undefined) throw new InvalidArgumentError('expected a duration such as 90s, 10m, 2h or 1d');
  return ms;
}

/** `keydrill alerts --since 10m [--json]`: what the alerts table holds for the ledger, oldest first. */
export async function printHistory(opts: { since: number; json?: boolean; ledger?: string; alertsTable?: string }): Promise<void> {
  const tableName = await outputOrOption(opts.alertsTable, OUTPUT_KEYS.alertsTableName, '--alerts-table');
  const ledgerName = await outputOrOption(opts.ledger, OUTPUT_KEYS.ledgerName, '--ledger');
  const history = new AlertsHistory(tableName);
  try {
    const alerts = await history.since(ledgerName, new Date(Date.now() - opts.since));
    for (const alert of alerts) process.stdout.write(`${opts.json ? JSON.stringify(alert) : alertLine(alert)}\n`);
    if (!opts.json) process.stderr.write(`keydrill: ${alerts.length} alert(s) for ${ledgerName}\n`);
  } finally {
    history.destroy();
  }
}
