import type { DrillFact, DrillRecord, EncryptionStatus, ProbeRole } from './drill-record';
import type { Measurements } from './measurements';

/** What an expectation checks, as data: the scenario catalogue holds these, the checks below judge them. */
export type ExpectationCheck =
  | { kind: 'ledger-key-unchanged' }
  | { kind: 'ledger-key-becomes-target' }
  | { kind: 'no-failed-probes'; role: ProbeRole }
  | { kind: 'probe-fails-with'; role: ProbeRole; errorName: string; messageIncludes: string; session?: 'pooled' | 'fresh' }
  | { kind: 'event-count'; detailType: string; count: number }
  | { kind: 'event-received'; detailType: string; detail?: Readonly<Record<string, string>>; detailHas?: readonly string[] }
  | { kind: 'status-sequence'; statuses: readonly EncryptionStatus[] }
  | { kind: 'status-always'; status: EncryptionStatus }
  | { kind: 'measured'; measurement: 'updatingDurationMs' | 'timeToImpactMs' | 'timeToRecoverMs' }
  | { kind: 'fact'; fact: DrillFact };

export type Expectation = ExpectationCheck & {
  /** Stable and unique within its scenario: the JUnit test case's name. */
  id: string;
  description: string;
};

/** NOT_RUN: a dry run changes nothing, so nothing it would observe is there to judge. */
export type ExpectationOutcome = 'PASSED' | 'FAILED' | 'ERROR' | 'STOPPED' | 'NOT_RUN';

export interface ExpectationResult {
  id: string;
  description: string;
  outcome: ExpectationOutcome;
  /** What was observed, in words, so a failed check says why. */
  observed: string;
}

const judged = (passed: boolean, observed: string) => ({ outcome: (passed ? 'PASSED' : 'FAILED') as ExpectationOutcome, observed });
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Whether `wanted` appears in `seen` in order, other values allowed in between. */
function inOrder<T>(seen: readonly T[], wanted: readonly T[]): boolean {
  let next = 0;
  for (const value of seen) if (next < wanted.length && value === wanted[next]) next++;
  return next === wanted.length;
}

/** Consecutive repeats collapsed: DescribeLedger is polled, so a status shows many times in a row. */
function transitions<T>(values: readonly T[]): T[] {
  return values.filter((v, i) => i === 0 || v !== values[i - 1]);
}

type Judgement = Pick<ExpectationResult, 'outcome' | 'observed'>;

/** Judges one expectation against what the drill recorded and what was measured from it. */
export function judge(check: ExpectationCheck, record: DrillRecord, measurements: Measurements): Judgement {
  const ledger = [...record.ledger].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  switch (check.kind) {
    case 'ledger-key-unchanged': {
      const others = [...new Set(ledger.map((l) => l.kmsKeyArn).filter((k) => k !== record.baselineKeyArn))];
      return judged(ledger.length > 0 && others.length === 0, ledger.length === 0 ? 'no DescribeLedger observation' : others.length ? `KmsKeyArn became ${others.join(', ')}` : `KmsKeyArn stayed ${record.baselineKeyArn}`);
    }
    case 'ledger-key-becomes-target': {
      const reached = record.targetKeyArn !== undefined && ledger.some((l) => l.kmsKeyArn === record.targetKeyArn && l.status === 'ENABLED');
      return judged(reached, reached ? `ENABLED on ${record.targetKeyArn}` : `never ENABLED on ${record.targetKeyArn ?? '(no target key)'}; keys seen: ${[...new Set(ledger.map((l) => l.kmsKeyArn))].join(', ') || 'none'}`);
    }
    case 'no-failed-probes': {
      const ops = record.probes.filter((o) => o.role === check.role);
      const failed = ops.filter((o) => !o.ok);
      return judged(ops.length > 0 && failed.length === 0, ops.length === 0 ? `no ${check.role} probe operations` : `${plural(failed.length, 'failed operation')} of ${ops.length}`);
    }
    case 'probe-fails-with': {
      const ops = record.probes.filter((o) => o.role === check.role && (check.session === undefined || o.session === check.session));
      const matching = ops.filter((o) => !o.ok && o.errorName === check.errorName && (o.errorMessage ?? '').includes(check.messageIncludes));
      const otherErrors = [...new Set(ops.filter((o) => !o.ok && !matching.includes(o)).map((o) => o.errorName ?? 'UnknownError'))];
      return judged(matching.length > 0, `${plural(matching.length, `${check.errorName} failure`)}${otherErrors.length ? `; other errors: ${otherErrors.join(', ')}` : ''}`);
    }
    case 'event-count': {
      const n = record.events.filter((e) => e.detailType === check.detailType).length;
      return judged(n === check.count, `${plural(n, `"${check.detailType}" event`)}`);
    }
    case 'event-received': {
      const events = record.events.filter((e) => e.detailType === check.detailType);
      const matches = events.filter(
        (e) => Object.entries(check.detail ?? {}).every(([k, v]) => e.detail[k] === v) && (check.detailHas ?? []).every((k) => e.detail[k] !== undefined && e.detail[k] !== null),
      );
      return judged(matches.length > 0, `${plural(events.length, `"${check.detailType}" event`)}, ${matches.length} matching`);
    }
    case 'status-sequence': {
      const seen = transitions(ledger.map((l) => l.status));
      return judged(inOrder(seen, check.statuses), `statuses seen: ${seen.join(' → ') || 'none'}`);
    }
    case 'status-always': {
      const seen = transitions(ledger.map((l) => l.status));
      return judged(seen.length > 0 && seen.every((s) => s === check.status), `statuses seen: ${seen.join(' → ') || 'none'}`);
    }
    case 'measured': {
      const value = measurements[check.measurement];
      return judged(value !== null, value === null ? 'not observed' : `${value} ms`);
    }
    case 'fact': {
      const value = record.facts[check.fact];
      return judged(value === true, value === undefined ? 'not checked' : String(value));
    }
  }
}

/**
 * One result per expectation. A drill that broke or was stopped is not judged: its results say so rather
 * than FAILED, which would blame the system under test for the drill's own trouble.
 */
export function checkExpectations(expectations: readonly Expectation[], record: DrillRecord, measurements: Measurements): ExpectationResult[] {
  return expectations.map(({ id, description, ...check }) => {
    // Stopped first, as the verdict is (scenario-report.ts): a stopped run's error says why its report is partial.
    if (record.stopped) return { id, description, outcome: 'STOPPED', observed: 'not judged: the drill was stopped' };
    if (record.error) return { id, description, outcome: 'ERROR', observed: `not judged: the drill failed (${record.error.name}: ${record.error.message})` };
    if (record.dryRun) return { id, description, outcome: 'NOT_RUN', observed: 'not run: a dry run changes nothing' };
    return { id, description, ...judge(check, record, measurements) };
  });
}
