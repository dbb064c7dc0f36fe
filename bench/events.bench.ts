/**
 * `npm run bench:events`: events through the embedded EventBridge, end to end, and its pattern matcher alone.
 *
 * End to end: `@aws-sdk/client-eventbridge` PutEvents → the rules of the default bus → an SQS target →
 * `@aws-sdk/client-sqs` long-polling receivers, all in this process (so the SDK clients' signing and parsing share
 * the CPU with the runtime). With 1, 100 and 1,000 rules on the bus: one of them matches (its target is the queue),
 * the others have patterns of the same shape that do not match, so the figures show what the number of rules costs.
 * - throughput: callers send 10-entry PutEvents as fast as they can for BENCH_SECONDS; events/s counts events
 *   received (and deleted) from the queue over the time from the first PutEvents to the last receive;
 * - latency: one event at a time, each sent once the previous one was received: p50/p99 from just before its
 *   PutEvents to its ReceiveMessage answer (an unloaded pipeline; under the flood above, latency is queueing).
 *
 * Matcher alone: compiled patterns of the same shape against parsed events, in-process: every event against every
 * rule (events × rules per second), and through the bus's rule index (runtime/services/events/rule-index.ts), which
 * tries an event only against the rules pinned to its detail-type (events per second).
 *
 * Knobs: BENCH_SECONDS (sending time per scenario, default 3), BENCH_CONCURRENCY (PutEvents callers, default 4).
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand, DeleteRuleCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startRuntime } from '../runtime';
import { compileEventPattern } from '../runtime/services/events/pattern/compile';
import { parseJson } from '../runtime/services/events/pattern/json';
import { matchesEventPattern } from '../runtime/services/events/pattern/match';
import { RuleIndex } from '../runtime/services/events/rule-index';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const SEND_MS = Number(process.env.BENCH_SECONDS ?? 3) * 1000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const RULE_COUNTS = [1, 100, 1000];
const ENTRIES_PER_CALL = 10;
const RECEIVERS = 4;
const LATENCY_SAMPLES = 200;

/** Rule `i`'s pattern: the matching rule is 0; the others differ in detail-type only, so every rule is looked at. */
const patternOf = (i: number) => ({ source: ['bench.orders'], 'detail-type': [i === 0 ? 'Order Placed' : `Order Variant ${i}`], detail: { amount: [{ numeric: ['>', 10] }] } });

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main(): Promise<void> {
  const runtime = await startRuntime({ port: 0 });
  const config = {
    endpoint: runtime.endpoint,
    region: runtime.env.AWS_REGION,
    credentials: { accessKeyId: runtime.env.AWS_ACCESS_KEY_ID, secretAccessKey: runtime.env.AWS_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  };
  const eb = new EventBridgeClient(config);
  const sqs = new SQSClient(config);
  console.log(
    `keydrill EventBridge benchmark — node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}; ` +
      `${CONCURRENCY} PutEvents callers of ${ENTRIES_PER_CALL} entries for ${SEND_MS / 1000} s per scenario, ${RECEIVERS} SQS receivers\n`,
  );
  try {
    const QueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'events-bench' }))).QueueUrl!;
    const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const rows: string[][] = [];
    let rules = 0;
    for (const count of RULE_COUNTS) {
      for (; rules < count; rules++) {
        await eb.send(new PutRuleCommand({ Name: `bench-${rules}`, EventPattern: JSON.stringify(patternOf(rules)) }));
        await eb.send(new PutTargetsCommand({ Rule: `bench-${rules}`, Targets: [{ Id: 'q', Arn: queueArn }] }));
      }
      // The first scenario would otherwise also pay for the JIT and the SDK clients warming up.
      if (count === RULE_COUNTS[0]) await throughput(eb, sqs, QueueUrl, count);
      rows.push([...(await throughput(eb, sqs, QueueUrl, count)), ...(await latency(eb, sqs, QueueUrl))]);
    }
    printTable(['rules on the bus', 'events', 'events/s', 'latency p50 ms', 'latency p99 ms'], rows);
    for (let i = 0; i < rules; i++) {
      await eb.send(new RemoveTargetsCommand({ Rule: `bench-${i}`, Ids: ['q'] }));
      await eb.send(new DeleteRuleCommand({ Name: `bench-${i}` }));
    }
  } finally {
    eb.destroy();
    sqs.destroy();
    await runtime.stop();
  }
  printTable(['rules', 'events', 'matches', 'events x rules/s', 'events/s', 'events/s indexed'], RULE_COUNTS.map(matcherAlone));
}

async function throughput(eb: EventBridgeClient, sqs: SQSClient, QueueUrl: string, rules: number): Promise<string[]> {
  let received = 0;
  let sent = 0;
  let sending = true;
  const started = performance.now();
  let lastReceived = started;
  const sender = async () => {
    while (performance.now() - started < SEND_MS) {
      const Entries = Array.from({ length: ENTRIES_PER_CALL }, () => ({ Source: 'bench.orders', DetailType: 'Order Placed', Detail: '{"amount":42}' }));
      const out = await eb.send(new PutEventsCommand({ Entries }));
      if (out.FailedEntryCount) throw new Error(`PutEvents refused ${out.FailedEntryCount} entries`);
      sent += ENTRIES_PER_CALL;
    }
  };
  const receiver = async () => {
    while (sending || received < sent) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      received += Messages.length;
      if (Messages.length) {
        lastReceived = performance.now();
        // keydrill's SQS has no DeleteMessageBatch.
        await Promise.all(Messages.map((m) => sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle! }))));
      } else if (!sending) break;
    }
  };
  const receivers = Array.from({ length: RECEIVERS }, receiver);
  await Promise.all(Array.from({ length: CONCURRENCY }, sender));
  sending = false;
  await Promise.all(receivers);
  if (received !== sent) throw new Error(`sent ${sent} events, received ${received}`);
  return [String(rules), String(sent), ((sent * 1000) / (lastReceived - started)).toFixed(0)];
}

async function latency(eb: EventBridgeClient, sqs: SQSClient, QueueUrl: string): Promise<string[]> {
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const started = performance.now();
    await eb.send(new PutEventsCommand({ Entries: [{ Source: 'bench.orders', DetailType: 'Order Placed', Detail: JSON.stringify({ amount: 42, sample: i }) }] }));
    let message;
    while (!message) [message] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 5 }))).Messages ?? [];
    latencies.push(performance.now() - started);
    if (JSON.parse(message.Body!).detail.sample !== i) throw new Error(`expected sample ${i}, received ${message.Body}`);
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle! }));
  }
  const sorted = latencies.sort((a, b) => a - b);
  return [percentile(sorted, 50).toFixed(2), percentile(sorted, 99).toFixed(2)];
}

function matcherAlone(rules: number): string[] {
  const patterns = Array.from({ length: rules }, (_, i) => compileEventPattern(JSON.stringify(patternOf(i))));
  const events = Array.from({ length: 1000 }, (_, i) =>
    parseJson(JSON.stringify({ version: '0', id: String(i), 'detail-type': i % 2 ? 'Order Placed' : `Order Variant ${i % rules}`, source: 'bench.orders', account: '000000000000', time: '2026-12-01T00:00:00Z', region: 'us-east-1', resources: [], detail: { amount: i, items: ['a', 'b'] } })),
  );
  const budget = 1.5e7 / rules;
  let evaluated = 0;
  let matched = 0;
  const started = performance.now();
  while (evaluated < budget) {
    for (const event of events) for (const pattern of patterns) if (matchesEventPattern(pattern, event)) matched++;
    evaluated += events.length;
  }
  const seconds = (performance.now() - started) / 1000;
  const index = new RuleIndex(patterns.map((pattern) => ({ pattern })));
  let indexedEvents = 0;
  let indexedMatched = 0;
  const indexedStarted = performance.now();
  while (performance.now() - indexedStarted < 1500) {
    for (const event of events) for (const { pattern } of index.candidates(event)) if (matchesEventPattern(pattern, event)) indexedMatched++;
    indexedEvents += events.length;
  }
  if (indexedMatched * evaluated !== matched * indexedEvents) throw new Error('the rule index changed which rules match');
  const indexedSeconds = (performance.now() - indexedStarted) / 1000;
  return [String(rules), String(evaluated), String(matched), ((evaluated * rules) / seconds).toExponential(2), (evaluated / seconds).toFixed(0), (indexedEvents / indexedSeconds).toFixed(0)];
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(format(row));
  console.log();
}

main().catch((e: Error) => {
  console.error(`events.bench failed: ${e.stack ?? e.message}`);
  process.exitCode = 1;
});
