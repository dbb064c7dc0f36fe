import { DescribeLedgerCommand } from '@aws-sdk/client-qldb';
import { DisableRuleCommand, EnableRuleCommand, ListRulesCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { QldbDriver } from 'amazon-qldb-driver-nodejs';
import { AlertsHistory, type AlertView } from '../../cli/alerts-history';
import { DETAIL_TYPES } from '../../functions/domain/alerts/alerts';
import { OUTPUT_KEYS } from '../../infra/stacks/output-keys';
import { pollUntil } from '../../runtime/core/poll';
import type { RuntimeFixture } from './runtime';

/** An alert as a subscriber receives it: the EventBridge event the alerts bus delivered. */
export interface ReceivedAlert {
  'detail-type': string;
  resources: string[];
  detail: Record<string, any>;
}

/**
 * A subscriber to the stack's alerts bus, as a user would set one up: a rule on source keydrill.ledger with an
 * SQS queue as its target. Whole-stack alert tests read what it received and what the alerts table kept.
 */
export class AlertSubscriber {
  readonly received: ReceivedAlert[] = [];

  private constructor(
    private readonly env: RuntimeFixture,
    private readonly queueUrl: string,
  ) {}

  static async subscribe(env: RuntimeFixture, name = 'alert-subscriber'): Promise<AlertSubscriber> {
    const { sqs, eventbridge } = env.clients;
    const bus = env.runtime.outputs[OUTPUT_KEYS.alertBusName];
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await eventbridge.send(new PutRuleCommand({ Name: name, EventBusName: bus, EventPattern: JSON.stringify({ source: ['keydrill.ledger'] }) }));
    await eventbridge.send(new PutTargetsCommand({ Rule: name, EventBusName: bus, Targets: [{ Id: 'queue', Arn: Attributes!.QueueArn }] }));
    return new AlertSubscriber(env, QueueUrl!);
  }

  /** Moves what the queue holds into `received` (one long poll of up to a second when it is empty). */
  async drain(): Promise<void> {
    for (;;) {
      const { Messages = [] } = await this.env.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: this.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      if (Messages.length === 0) return;
      for (const m of Messages) {
        this.received.push(JSON.parse(m.Body!));
        await this.env.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: m.ReceiptHandle! }));
      }
    }
  }

  /** Drains until `done` holds, running `meanwhile` before each look (a commit, a clock step). */
  async until(what: string, done: () => boolean, meanwhile?: () => Promise<unknown>): Promise<void> {
    await pollUntil(what, async () => {
      await meanwhile?.();
      await this.drain();
      return done() || undefined;
    });
  }

  /**
   * Drains until every alert the alerts table kept is published and received: what was raised is then all in
   * `received`, so a test can assert nothing more came, without waiting a fixed time for it not to.
   */
  async settled(): Promise<void> {
    await pollUntil('every kept alert published and received', async () => {
      await this.drain();
      const kept = await keptAlerts(this.env);
      const ids = new Set(this.received.map((e) => e.detail.transitionId ?? e.detail.alertId));
      return kept.every((a) => a.published && ids.has(a.alertId)) || undefined;
    });
  }

  of(detailType: string): ReceivedAlert[] {
    return this.received.filter((e) => e['detail-type'] === detailType);
  }

  /** `PREVIOUS→STATUS` of every status change received, in arrival order. */
  statusChanges(): string[] {
    return this.of(DETAIL_TYPES.statusChanged).map((e) => `${e.detail.previousStatus}→${e.detail.status}`);
  }

  /** The eventName of every "Ledger Key At Risk" received. */
  keysAtRisk(): string[] {
    return this.of(DETAIL_TYPES.keyAtRisk).map((e) => e.detail.eventName);
  }
}

/** Every alert the alerts table kept for the stack's ledger (the record of what was raised, once per alert). */
export async function keptAlerts(env: RuntimeFixture, detailType?: string): Promise<AlertView[]> {
  const history = new AlertsHistory(env.runtime.outputs[OUTPUT_KEYS.alertsTableName], env.clients.dynamodb);
  const kept = await history.since(env.runtime.outputs[OUTPUT_KEYS.ledgerName], new Date(0));
  return detailType ? kept.filter((a) => a.detailType === detailType) : kept;
}

export async function ledgerEncryption(env: RuntimeFixture) {
  return (await env.clients.qldb.send(new DescribeLedgerCommand({ Name: env.runtime.outputs[OUTPUT_KEYS.ledgerName] }))).EncryptionDescription!;
}

/** Waits for the ledger's encryption status (and key, when given). */
export const ledgerBecomes = (env: RuntimeFixture, status: string, keyArn?: string) =>
  pollUntil(`the ledger ${status}${keyArn ? ` on ${keyArn}` : ''}`, async () => {
    const e = await ledgerEncryption(env);
    return e.EncryptionStatus === status && (!keyArn || e.KmsKeyArn === keyArn) ? e : undefined;
  });

/** Runs the monitor as its schedule would, failing the test if it fails. */
export async function runMonitor(env: RuntimeFixture): Promise<void> {
  const r = await env.clients.lambda.send(new InvokeCommand({ FunctionName: env.runtime.outputs[OUTPUT_KEYS.alertMonitorFunctionName] }));
  if (r.FunctionError) throw new Error(`the monitor failed: ${Buffer.from(r.Payload ?? []).toString()}`);
}

/** Turns the monitor's schedule off or on, so a test decides whether anything but itself runs the monitor. */
export async function setMonitorSchedule(env: RuntimeFixture, enabled: boolean): Promise<void> {
  const { Rules = [] } = await env.clients.eventbridge.send(new ListRulesCommand({}));
  const schedule = Rules.find((r) => r.ScheduleExpression && r.Name!.includes('MonitorSchedule'));
  if (!schedule) throw new Error(`no monitor schedule among the default bus's rules: ${Rules.map((r) => r.Name).join(', ')}`);
  await env.clients.eventbridge.send(enabled ? new EnableRuleCommand({ Name: schedule.Name }) : new DisableRuleCommand({ Name: schedule.Name }));
}

/** Commits one document to `table` (which must exist), so the journal stream carries a new block. */
export async function commitOne(driver: QldbDriver, table: string, value: Record<string, unknown>): Promise<void> {
  await driver.executeLambda((txn) => txn.execute(`INSERT INTO ${table} ?`, value));
}
