import { createHash } from 'node:crypto';

/**
 * How a finished run's report is published (README "Reports"): the results table keeps the whole report, the
 * ledger's DrillReports table keeps an immutable, digest-verifiable record of it, and one event on the alerts bus
 * tells subscribers. Pure: functions/report-publisher executes it.
 *
 * Results table, key runId (S) = the execution ARN + item (S): `REPORT` holds the report; other items of a run
 * (PROGRESS, probe operations…) belong to the workflow that wrote them.
 */
export const RESULTS_PARTITION_KEY = 'runId';
export const RESULTS_SORT_KEY = 'item';
export const REPORT_ITEM = 'REPORT';
export const PROGRESS_ITEM = 'PROGRESS';

/** The ledger table that keeps every published report, and the index its idempotency check reads by. */
export const DRILL_REPORTS_TABLE = 'DrillReports';
export const DRILL_REPORTS_INDEXED_FIELD = 'runId';

export const DRILL_EVENT_SOURCE = 'keydrill.drills';

export const REPORT_KINDS = ['drill', 'suite', 'lifecycle'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

const DETAIL_TYPES: Record<ReportKind, string> = { drill: 'Drill Completed', suite: 'Drill Suite Completed', lifecycle: 'Lifecycle Completed' };
export const VERDICTS = ['PASSED', 'FAILED', 'ERROR', 'STOPPED'] as const;
export type PublishedVerdict = (typeof VERDICTS)[number];

export interface PublishRequest {
  kind: ReportKind;
  runId: string;
  report: Record<string, unknown> & { verdict: PublishedVerdict };
}

/** Thrown for a request the publisher cannot act on; a state machine's Catch names it. */
export class InvalidPublishRequest extends Error {
  override readonly name = 'InvalidPublishRequest';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The request, checked member by member, with every problem named at once. */
export function publishRequest(input: unknown): PublishRequest {
  const problems: string[] = [];
  if (!isRecord(input)) throw new InvalidPublishRequest('the input must be an object with kind, runId and report');
  if (!REPORT_KINDS.includes(input.kind as ReportKind)) problems.push(`kind must be one of ${REPORT_KINDS.join(', ')}, got ${JSON.stringify(input.kind)}`);
  if (typeof input.runId !== 'string' || !input.runId.startsWith('arn:')) problems.push(`runId must be the execution ARN, got ${JSON.stringify(input.runId)}`);
  if (!isRecord(input.report)) problems.push('report must be an object');
  else if (!VERDICTS.includes(input.report.verdict as PublishedVerdict)) problems.push(`report.verdict must be one of ${VERDICTS.join(', ')}, got ${JSON.stringify(input.report.verdict)}`);
  if (problems.length) throw new InvalidPublishRequest(problems.join('; '));
  return input as unknown as PublishRequest;
}

/** The report as published: canonical JSON text (what the ledger's SHA-256 is taken over). */
export const reportText = (report: PublishRequest['report']): string => JSON.stringify(report);

export const reportSha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The scenario names a report covers: one for a drill, each for a suite, none for a lifecycle run. */
function scenariosOf(report: PublishRequest['report']): string[] {
  if (typeof report.scenario === 'string') return [report.scenario];
  if (Array.isArray(report.scenarios)) return report.scenarios.map((s) => (isRecord(s) && typeof s.scenario === 'string' ? s.scenario : '?'));
  return [];
}

/**
 * The figures a subscriber or a reader of the ledger wants without the whole report: the verdict, what ran,
 * when, and the headline numbers (time to detect and recover, availability) where the report has them.
 */
export function reportSummary(request: PublishRequest): Record<string, unknown> {
  const { report } = request;
  const measurements = isRecord(report.measurements) ? report.measurements : undefined;
  const probes = measurements && isRecord(measurements.probes) && isRecord(measurements.probes.all) ? measurements.probes.all : undefined;
  const detect = measurements && isRecord(measurements.timeToDetect) ? measurements.timeToDetect : undefined;
  const pick = (source: Record<string, unknown> | undefined, key: string) => (source && key in source ? { [key]: source[key] } : {});
  return {
    verdict: report.verdict,
    scenarios: scenariosOf(report),
    ...pick(report, 'startedAt'),
    ...pick(report, 'endedAt'),
    ...pick(report, 'counts'),
    ...(probes ? { availabilityPercent: probes.availabilityPercent ?? null } : {}),
    ...(detect ? { timeToDetectMs: detect.keyAtRiskMs ?? detect.statusChangeAlertMs ?? null } : {}),
    ...pick(measurements, 'timeToRecoverMs'),
  };
}

/**
 * The ledger's record of a report. The whole report can outgrow a QLDB document (128 KB: probe logs), so the
 * ledger keeps its summary and the SHA-256 of its canonical text, which the results table's copy must match.
 * https://docs.aws.amazon.com/qldb/latest/developerguide/limits.html
 */
export function ledgerRecord(request: PublishRequest, text: string, publishedAt: string): Record<string, unknown> {
  return { runId: request.runId, kind: request.kind, verdict: request.report.verdict, publishedAt, reportSha256: reportSha256(text), summary: reportSummary(request) };
}

export function completedEvent(request: PublishRequest, eventBusName: string, documentId: string) {
  const scenario = typeof request.report.scenario === 'string' ? { scenario: request.report.scenario } : {};
  return {
    EventBusName: eventBusName,
    Source: DRILL_EVENT_SOURCE,
    DetailType: DETAIL_TYPES[request.kind],
    Resources: [request.runId],
    Detail: JSON.stringify({ runId: request.runId, kind: request.kind, verdict: request.report.verdict, ...scenario, documentId, summary: reportSummary(request) }),
  };
}

/**
 * DynamoDB keeps an item of at most 400 KB; a report above this many bytes is kept gzipped.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
 */
export const MAX_PLAIN_REPORT_BYTES = 300_000;
