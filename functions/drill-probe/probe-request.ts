import { ProbeRequestInvalidError } from './errors';

/** What the Probe state passes: the run, the probe's interval, and when it must stop at the latest (epoch ms). */
export interface ProbeRequest {
  runId: string;
  intervalMs: number;
  deadline: number;
}

export function parseProbeRequest(event: unknown): ProbeRequest {
  const e = (event ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof e.runId !== 'string' || !e.runId.startsWith('arn:')) problems.push(`runId must be the execution ARN, got ${JSON.stringify(e.runId)}`);
  if (!Number.isInteger(e.intervalMs) || (e.intervalMs as number) < 1) problems.push(`intervalMs must be a positive whole number, got ${JSON.stringify(e.intervalMs)}`);
  if (!Number.isFinite(e.deadline)) problems.push(`deadline must be epoch milliseconds, got ${JSON.stringify(e.deadline)}`);
  if (problems.length) throw new ProbeRequestInvalidError(problems.join('; '));
  return { runId: e.runId as string, intervalMs: e.intervalMs as number, deadline: e.deadline as number };
}
