import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { STACK_NAME } from '../../infra/stack-name';
import { OUTPUT_KEYS } from '../../infra/stacks/output-keys';
import { AlertsHistory } from '../alerts-history';
import type { WatchSources } from './execution-watch';
import { ResultsTable } from './results-table';

export type StackOutputs = Record<string, string>;

/**
 * The deployed stack's outputs, from CloudFormation's DescribeStacks: the runtime's read-only CloudFormation, or
 * AWS's when the environment points there. A stack that is not deployed, and an endpoint nobody answers on, are
 * said in words.
 */
export async function stackOutputs(stackName: string = STACK_NAME): Promise<StackOutputs> {
  const cloudformation = new CloudFormationClient({});
  try {
    const { Stacks = [] } = await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
    return Object.fromEntries((Stacks[0]?.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue ?? '']));
  } catch (e) {
    const where = process.env.AWS_ENDPOINT_URL ?? `CloudFormation in ${await cloudformation.config.region()}`;
    if ((e as Error).name === 'ValidationError') throw new Error(`the stack ${stackName} is not deployed at ${where} (${(e as Error).message})`);
    if ((e as { code?: string }).code === 'ECONNREFUSED') throw new Error(`nothing answers at ${where}; is \`keydrill up\` running?`);
    throw e;
  } finally {
    cloudformation.destroy();
  }
}

/** A state machine (or table) the command needs is not in the deployed stack: it was not built or not deployed. */
export class MissingOutputError extends Error {
  constructor(readonly missing: { key: string; what: string }[]) {
    super(
      `the deployed stack has no ${missing.map((m) => m.key).join(', ')} output${missing.length === 1 ? '' : 's'}: ${missing.map((m) => m.what).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not deployed (not built yet, or an older stack is deployed)`,
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
