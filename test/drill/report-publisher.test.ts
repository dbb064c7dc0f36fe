import { InvokeCommand } from '@aws-sdk/client-lambda';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { OUTPUT_KEYS } from '../../infra/stacks/keydrill-stack';
import { scenarioReport } from '../../functions/domain/drills/scenario-report';
import { scenarioNamed } from '../../functions/domain/drills/scenarios';
import { at, probe } from '../helpers/drill-probes';
import { keydrillTemplate } from '../helpers/keydrill-stack';
import { payloadOf } from '../helpers/lambda';
import { qldbDriver } from '../helpers/qldb';
import { useRuntime } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';

/**
 * The report publisher on the deployed stack: a report lands in the results table, as a DrillReports document in
 * the ledger (summary and the SHA-256 of the whole report) and as one "Drill Completed" event on the alerts bus;
 * publishing again writes nothing twice; a different report for the same run and a malformed request are refused.
 */
jest.setTimeout(180_000);

const env = useRuntime({ dataDir: tempDataDir('drill-report-publisher'), stack: keydrillTemplate() }, { timeoutMs: 120_000 });
const outputs = () => env.runtime.outputs;
let queueUrl: string;

const report = (runId: string, probes = 3) =>
  scenarioReport(scenarioNamed('alias-switch'), {
    scenario: 'alias-switch',
    executionArn: runId,
    dryRun: false,
    startedAt: at(0),
    endedAt: at(60_000),
    baselineKeyArn: outputs()[OUTPUT_KEYS.ledgerKeyArn],
    window: { disruptedAt: at(10_000), restoredAt: at(20_000) },
    probes: Array.from({ length: probes }, (_, i) => probe(i * 10, 5 + (i % 7))),
    ledger: [{ at: at(15_000), status: 'ENABLED', kmsKeyArn: outputs()[OUTPUT_KEYS.ledgerKeyArn] }],
    events: [{ at: at(11_000), detailType: 'Ledger Key At Risk', detail: {} }],
    facts: {},
  });

const runArn = (name: string) => `arn:aws:states:us-east-1:000000000000:execution:KeyRotationDrill:${name}`;

async function publish(request: unknown): Promise<{ error?: string; payload: any }> {
  const r = await env.clients.lambda.send(new InvokeCommand({ FunctionName: outputs()[OUTPUT_KEYS.reportPublisherFunctionName], Payload: Buffer.from(JSON.stringify(request)) }));
  return { error: r.FunctionError, payload: payloadOf(r.Payload) };
}

const reportItem = async (runId: string) =>
  (await DynamoDBDocumentClient.from(env.clients.dynamodb).send(new GetCommand({ TableName: outputs()[OUTPUT_KEYS.drillResultsTableName], Key: { runId, item: 'REPORT' }, ConsistentRead: true }))).Item;

async function ledgerReports(runId: string) {
  const driver = qldbDriver(env.runtime, outputs()[OUTPUT_KEYS.ledgerName]);
  try {
    return (await driver.executeLambda((txn) => txn.execute('SELECT id, r.kind, r.verdict, r.summary, r.reportSha256 FROM DrillReports AS r BY id WHERE r.runId = ?', runId))).getResultList().map((v) => JSON.parse(JSON.stringify(v)));
  } finally {
    driver.close();
  }
}

async function receivedEvents(): Promise<any[]> {
  const { Messages = [] } = await env.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 2 }));
  return Messages.map((m) => JSON.parse(m.Body!));
}

beforeAll(async () => {
  ({ QueueUrl: queueUrl } = (await env.clients.sqs.send(new CreateQueueCommand({ QueueName: 'drill-reports' }))) as { QueueUrl: string });
  const { Attributes } = await env.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  const bus = outputs()[OUTPUT_KEYS.alertBusName];
  await env.clients.eventbridge.send(new PutRuleCommand({ Name: 'drill-reports', EventBusName: bus, EventPattern: JSON.stringify({ source: ['keydrill.drills'] }) }));
  await env.clients.eventbridge.send(new PutTargetsCommand({ Rule: 'drill-reports', EventBusName: bus, Targets: [{ Id: 'queue', Arn: Attributes!.QueueArn }] }));
});

test('a report reaches the results table, the ledger and the alerts bus, once however often it is published', async () => {
  const runId = runArn('first');
  const published = report(runId);
  const first = await publish({ kind: 'drill', runId, report: published });
  expect([first.error, first.payload.errorMessage]).toEqual([undefined, undefined]);
  expect(first.payload).toEqual({ runId, verdict: published.verdict, documentId: expect.any(String) });

  const item = await reportItem(runId);
  expect(item).toMatchObject({ kind: 'drill', verdict: published.verdict, documentId: first.payload.documentId, eventPublished: true });
  expect(JSON.parse(item!.report)).toEqual(published);

  const [document] = await ledgerReports(runId);
  expect(document).toMatchObject({ id: first.payload.documentId, kind: 'drill', verdict: published.verdict, summary: { scenarios: ['alias-switch'], verdict: published.verdict } });
  expect(document.reportSha256).toBe(createHash('sha256').update(item!.report).digest('hex'));

  const again = await publish({ kind: 'drill', runId, report: published });
  expect(again.payload).toEqual(first.payload);
  expect(await ledgerReports(runId)).toHaveLength(1);

  const events = await receivedEvents();
  expect(events.map((e) => [e.source, e['detail-type'], e.detail.runId, e.detail.scenario, e.detail.documentId])).toEqual([['keydrill.drills', 'Drill Completed', runId, 'alias-switch', first.payload.documentId]]);
});

test('a report too big for a DynamoDB item is kept gzipped, and its SHA-256 still matches the ledger', async () => {
  const runId = runArn('large');
  const published = report(runId, 3_000);
  const { error, payload } = await publish({ kind: 'drill', runId, report: published });
  expect(error).toBeUndefined();
  const item = await reportItem(runId);
  expect(item!.report).toBeUndefined();
  const text = gunzipSync(item!.reportGzip).toString('utf8');
  expect(JSON.parse(text)).toEqual(published);
  const [document] = await ledgerReports(runId);
  expect(document).toMatchObject({ id: payload.documentId, reportSha256: createHash('sha256').update(text).digest('hex') });
});

test('a different report for a run already published, and a malformed request, are refused and change nothing', async () => {
  const runId = runArn('first');
  const changed = { ...report(runId), verdict: 'FAILED' };
  const refused = await publish({ kind: 'drill', runId, report: changed });
  expect(refused.error).toBeDefined();
  expect(refused.payload.errorMessage).toMatch(/already has a different published report/);
  expect(await ledgerReports(runId)).toHaveLength(1);

  const malformed = await publish({ kind: 'party', runId: 'not-an-arn', report: { verdict: 'MAYBE' } });
  expect(malformed.payload).toMatchObject({ errorType: 'InvalidPublishRequest', errorMessage: expect.stringMatching(/kind must be one of drill, suite, lifecycle.*runId must be the execution ARN.*report.verdict must be one of/) });
  expect(await reportItem('not-an-arn')).toBeUndefined();
});
