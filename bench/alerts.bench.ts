/**
 * `npm run bench:alerts`: time to detect, over CYCLES disable/enable cycles of the ledger key on the deployed
 * stack (in-process runtime, data in a temp dir). Measured from the KMS call returning to the alert being
 * received by an SQS subscriber of the alerts bus (the receive loop polls with 1 s long polls, so a figure is
 * when the message became receivable, to within the loop's turn):
 *   - "Ledger Key At Risk" after DisableKey (default-bus KMS rule → key-at-risk function → alerts bus → SQS);
 *   - the status change ENABLED → KMS_KEY_INACCESSIBLE after DisableKey, and back after EnableKey (the ledger's
 *     key check notices, then the monitor).
 * The stack's monitor runs on a 1-minute EventBridge schedule (the shortest one there is); here the bench invokes
 * the monitor every BENCH_MONITOR_MS (default 1000) as a faster schedule would, and prints that interval with the
 * ledger's key-check interval: the status-change figures are bounded by their sum plus delivery.
 * Knobs: BENCH_CYCLES (default 20), BENCH_MONITOR_MS.
 */
import { DisableKeyCommand, EnableKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { OUTPUT_KEYS } from '../infra/stacks/output-keys';
import { DEFAULT_ENCRYPTION_CONFIG } from '../runtime/services/qldb/encryption/ledger-encryption';
import { keydrillTemplate } from '../test/helpers/keydrill-stack';
import { clientConfig, withRuntime } from '../test/helpers/runtime';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const CYCLES = Number(process.env.BENCH_CYCLES ?? 20);
const MONITOR_MS = Number(process.env.BENCH_MONITOR_MS ?? 1000);
const WAIT_MS = 60_000;

type Alert = { 'detail-type': string; detail: Record<string, string> };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keydrill-bench-alerts-'));
  const runtime = await withRuntime({ dataDir, stack: keydrillTemplate() });
  const config = clientConfig(runtime);
  const kms = new KMSClient(config);
  const lambda = new LambdaClient(config);
  const sqs = new SQSClient(config);
  const events = new EventBridgeClient(config);
  const outputs = runtime.outputs;
  let monitoring = true;
  try {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'bench-alerts' }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await events.send(new PutRuleCommand({ Name: 'bench', EventBusName: outputs[OUTPUT_KEYS.alertBusName], EventPattern: JSON.stringify({ source: ['keydrill.ledger'] }) }));
    await events.send(new PutTargetsCommand({ Rule: 'bench', EventBusName: outputs[OUTPUT_KEYS.alertBusName], Targets: [{ Id: 'q', Arn: Attributes!.QueueArn }] }));

    const runMonitor = () => lambda.send(new InvokeCommand({ FunctionName: outputs[OUTPUT_KEYS.alertMonitorFunctionName] }));
    await runMonitor();
    const monitorLoop = (async () => {
      while (monitoring) {
        const started = performance.now();
        await runMonitor();
        await sleep(Math.max(0, MONITOR_MS - (performance.now() - started)));
      }
    })();

    /** Milliseconds from `since` until an alert that `matches` is received. */
    const receivedAfter = async (since: number, matches: (a: Alert) => boolean): Promise<number> => {
      const deadline = Date.now() + WAIT_MS;
      while (Date.now() < deadline) {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        let found: number | undefined;
        for (const m of Messages) {
          await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle! }));
          if (found === undefined && matches(JSON.parse(m.Body!))) found = performance.now() - since;
        }
        if (found !== undefined) return found;
      }
      throw new Error('no alert within 60 s');
    };
    const statusTo = (status: string) => (a: Alert) => a['detail-type'] === 'Ledger Encryption Status Changed' && a.detail.status === status;

    const atRisk: number[] = [];
    const inaccessible: number[] = [];
    const recovered: number[] = [];
    const keyId = outputs[OUTPUT_KEYS.ledgerKeyArn];
    for (let i = 0; i < CYCLES; i++) {
      await kms.send(new DisableKeyCommand({ KeyId: keyId }));
      const disabledAt = performance.now();
      // Both alerts are looked for in one pass: whichever arrives first is not consumed by the other's wait.
      let risk: number | undefined;
      inaccessible.push(await receivedAfter(disabledAt, (a) => {
        if (a['detail-type'] === 'Ledger Key At Risk' && risk === undefined) risk = performance.now() - disabledAt;
        return statusTo('KMS_KEY_INACCESSIBLE')(a);
      }));
      if (risk === undefined) throw new Error('the status change came before Ledger Key At Risk was received');
      atRisk.push(risk);
      await kms.send(new EnableKeyCommand({ KeyId: keyId }));
      recovered.push(await receivedAfter(performance.now(), statusTo('ENABLED')));
      process.stderr.write(`cycle ${i + 1}/${CYCLES}\n`);
    }
    monitoring = false;
    await monitorLoop;

    console.log(`alerts: ${CYCLES} disable/enable cycles; ledger key-check interval ${DEFAULT_ENCRYPTION_CONFIG.keyCheckIntervalMs} ms, monitor interval ${MONITOR_MS} ms (stack schedule: 1 minute)`);
    console.log('time to detect (ms)                         p50      p99      max');
    for (const [name, values] of [
      ['Ledger Key At Risk after DisableKey', atRisk],
      ['ENABLED → KMS_KEY_INACCESSIBLE after DisableKey', inaccessible],
      ['KMS_KEY_INACCESSIBLE → ENABLED after EnableKey', recovered],
    ] as const) {
      const sorted = [...values].sort((a, b) => a - b);
      console.log(`${name.padEnd(48)}${percentile(sorted, 50).toFixed(0).padStart(5)}${percentile(sorted, 99).toFixed(0).padStart(9)}${sorted[sorted.length - 1].toFixed(0).padStart(9)}`);
    }
  } finally {
    monitoring = false;
    for (const client of [kms, lambda, sqs, events]) client.destroy();
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
