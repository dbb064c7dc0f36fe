import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Runtime } from '../../../runtime';
import { clientConfig } from '../../../test/helpers/runtime';
import type { Figures, Restart, SoakCheck, SoakRuntime } from '../check';
import { spread } from '../figures';
import { PacedLoop } from '../paced-loop';

const NAME = 'soak-deliveries';
const SOURCE = 'keydrill.soak';
const PUT_INTERVAL_MS = 50;
/** The delivery queue retries what a kill interrupted once the runtime is back; this bounds how long that may take. */
const DELIVERY_TIMEOUT_MS = 60_000;

/**
 * EventBridge deliveries across kills: every event PutEvents acknowledged reaches the rule's SQS target after
 * the restart (none lost: the delivery queue is durable). EventBridge delivers at least once, so an event
 * delivered twice is counted, not a breach (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).
 */
export class EventDeliveriesCheck implements SoakCheck {
  readonly name = 'event deliveries: none lost';
  private clients?: { events: EventBridgeClient; sqs: SQSClient };
  private queueUrl?: string;
  private loop?: PacedLoop;
  private next = 0;
  /** Acknowledged and not yet received. */
  private readonly owed = new Set<number>();
  private readonly receivedTimes = new Map<number, number>();
  private acknowledged = 0;
  private readonly deliveryMs: number[] = [];

  async begin(runtime: SoakRuntime): Promise<void> {
    const { events } = this.connect(runtime);
    this.queueUrl ??= await subscribe(this.clients!);
    this.loop = new PacedLoop(PUT_INTERVAL_MS, async () => {
      const seq = this.next++;
      const { FailedEntryCount } = await events.send(new PutEventsCommand({ Entries: [{ Source: SOURCE, DetailType: 'soak', Detail: JSON.stringify({ seq }) }] }));
      if (FailedEntryCount) throw new Error('entry refused');
      this.owed.add(seq);
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
    this.connect(restart.runtime);
    const started = Date.now();
    const waitingFor = new Set(this.owed);
    while (waitingFor.size > 0 && Date.now() - started < DELIVERY_TIMEOUT_MS) {
      for (const seq of await this.receive()) waitingFor.delete(seq);
      if (waitingFor.size > 0) await sleep(200);
    }
    this.deliveryMs.push(Date.now() - started);
    if (waitingFor.size === 0) return [];
    return [`${waitingFor.size} acknowledged events not delivered ${DELIVERY_TIMEOUT_MS / 1000} s after the restart, e.g. seq ${[...waitingFor].slice(0, 5).join(', ')}`];
  }

  /** Drains what the queue has now; returns the sequence numbers received. */
  private async receive(): Promise<number[]> {
    const { sqs } = this.clients!;
    const seqs: number[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: this.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      if (Messages.length === 0) return seqs;
      for (const m of Messages) {
        const seq = (JSON.parse(m.Body!) as { detail: { seq: number } }).detail.seq;
        seqs.push(seq);
        this.owed.delete(seq);
        this.receivedTimes.set(seq, (this.receivedTimes.get(seq) ?? 0) + 1);
      }
      for (const m of Messages) await sqs.send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: m.ReceiptHandle! }));
    }
  }

  private connect(runtime: SoakRuntime) {
    this.close();
    const config = clientConfig(runtime as Runtime);
    this.clients = { events: new EventBridgeClient(config), sqs: new SQSClient(config) };
    return this.clients;
  }

  figures(): Figures {
    return {
      'events acknowledged': this.acknowledged,
      'events delivered': this.receivedTimes.size,
      'events delivered more than once': [...this.receivedTimes.values()].filter((n) => n > 1).length,
      'owed events delivered after restart p50 / p99 / max': spread(this.deliveryMs),
      'PutEvents cut by a kill': this.loop?.failures ?? 0,
    };
  }

  close(): void {
    this.clients?.events.destroy();
    this.clients?.sqs.destroy();
  }
}

async function subscribe({ events, sqs }: { events: EventBridgeClient; sqs: SQSClient }): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: NAME }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  await events.send(new PutRuleCommand({ Name: NAME, EventPattern: JSON.stringify({ source: [SOURCE] }) }));
  await events.send(new PutTargetsCommand({ Rule: NAME, Targets: [{ Id: 'queue', Arn: Attributes!.QueueArn }] }));
  return QueueUrl!;
}
