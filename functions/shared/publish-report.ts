import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { ReportKind } from '../domain/reports/publication';

/**
 * Publishes a report through the report publisher (docs/drills.md#reports), for runs that end outside their
 * state machine's own Publish state (a stopped drill or suite): invoked and waited for, its error thrown.
 */
export async function publishReport(lambda: LambdaClient, publisherFunction: string, request: { kind: ReportKind; runId: string; report: unknown }): Promise<void> {
  const out = await lambda.send(new InvokeCommand({ FunctionName: publisherFunction, Payload: Buffer.from(JSON.stringify(request)) }));
  if (out.FunctionError) throw new Error(`the report publisher failed: ${Buffer.from(out.Payload ?? []).toString()}`);
}
