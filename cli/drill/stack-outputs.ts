import type { SFNClient } from '@aws-sdk/client-sfn';
import { OUTPUT_KEYS } from '../../infra/stacks/output-keys';
import { AlertsHistory } from '../alerts-history';
import { controlGet } from '../runtime-env';
import type { WatchSources } from './execution-watch';
import { ResultsTable } from './results-table';

export type StackOutputs = Record<string, string>;

/** The running runtime's stack outputs. */
export const stackOutputs = () => controlGet<StackOutputs>('outputs');

/** A state machine (or table) the command needs is not in the deployed stack: it was not built or not deployed. */
export class MissingOutputError extends Error {
  constructor(readonly missing: { key: string; what: string }[]) {
    super(
      `the deployed stack has no ${missing.map((m) => m.key).join(', ')} output${missing.length === 1 ? '' : 's'}: ${missing.map((m) => m.what).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not deployed in this runtime (not built yet, or the runtime runs an older stack)`,
    );
  }
}

/** The outputs named, or one error naming every one that is missing. */
export function requireOutputs<K extends string>(outputs: StackOutputs, wanted: Record<K, { key: string; what: string }>): Record<K, string> {
  const missing = Object.values<{ key: string; what: string }>(wanted).filter((w) => !outputs[w.key]);
  if (missing.length) throw new MissingOutputError(missing);
  return Object.fromEntries(Object.entries<{ key: string; what: string }>(wanted).map(([name, w]) => [name, outputs[w.key]])) as Record<K, string>;
}

export const DRILL_MACHINE = { key: OUTPUT_KEYS.keyRotationDrillStateMachineArn, what: 'the KeyRotationDrill state machine' };
export const SUITE_MACHINE = { key: OUTPUT_KEYS.drillSuiteStateMachineArn, what: 'the DrillSuite state machine' };
export const LIFECYCLE_MACHINE = { key: OUTPUT_KEYS.dataLifecycleStateMachineArn, what: 'the DataLifecycle state machine' };

/**
 * What a watch reads besides the history, from the outputs that are there: the results table (PROGRESS,
 * REPORT) and the alerts table of the ledger. Either may be absent; the watch then shows the steps alone.
 */
export function watchSources(sfn: SFNClient, outputs: StackOutputs, childMachineArn?: string): WatchSources {
  const resultsTable = outputs[OUTPUT_KEYS.drillResultsTableName];
  const alertsTable = outputs[OUTPUT_KEYS.alertsTableName];
  const ledgerName = outputs[OUTPUT_KEYS.ledgerName];
  return {
    sfn,
    childMachineArn,
    results: resultsTable ? new ResultsTable(resultsTable) : undefined,
    alerts: alertsTable && ledgerName ? { history: new AlertsHistory(alertsTable), ledgerName } : undefined,
  };
}

export function closeSources(sources: WatchSources): void {
  sources.results?.destroy();
  sources.alerts?.history.destroy();
}
