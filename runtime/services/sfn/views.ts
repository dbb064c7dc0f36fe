import type {
  DescribeExecutionOutput,
  DescribeStateMachineForExecutionOutput,
  DescribeStateMachineOutput,
  ExecutionListItem,
  HistoryEvent,
  StateMachineListItem,
  Tag,
} from '@aws-sdk/client-sfn';
import { detailsMember, type RecordedEvent } from './asl';
import type { Execution } from './executions/execution-store';
import type { StateMachine } from './model';

export const describeStateMachineView = (m: StateMachine): DescribeStateMachineOutput => ({
  stateMachineArn: m.arn,
  name: m.name,
  status: 'ACTIVE',
  definition: m.definition,
  roleArn: m.roleArn,
  type: m.type,
  creationDate: new Date(m.creationDate),
  loggingConfiguration: m.loggingConfiguration ?? { level: 'OFF', includeExecutionData: false },
  ...(m.tracingConfiguration ? { tracingConfiguration: m.tracingConfiguration } : {}),
  revisionId: m.revisionId,
});

export const stateMachineListItem = (m: StateMachine): StateMachineListItem => ({ stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: new Date(m.creationDate) });

/** DescribeStateMachineForExecution: the definition and role the execution started with. */
export const stateMachineForExecutionView = (e: Execution, current: StateMachine | undefined): DescribeStateMachineForExecutionOutput => ({
  stateMachineArn: e.start.stateMachineArn,
  name: e.start.stateMachineName,
  definition: e.start.definition,
  roleArn: e.start.roleArn,
  updateDate: new Date(e.start.stateMachineUpdateDate),
  loggingConfiguration: current?.loggingConfiguration ?? { level: 'OFF', includeExecutionData: false },
  ...(current?.tracingConfiguration ? { tracingConfiguration: current.tracingConfiguration } : {}),
});

export const executionListItem = (e: Execution): ExecutionListItem => ({
  executionArn: e.arn,
  stateMachineArn: e.start.stateMachineArn,
  name: e.start.name,
  status: e.status,
  startDate: new Date(e.start.startDate),
  ...(e.end ? { stopDate: new Date(e.end.stopDate) } : {}),
});

/** DescribeExecution; `METADATA_ONLY` leaves input and output out, as `includedData` asks. */
export function describeExecutionView(e: Execution, includeData = true): DescribeExecutionOutput {
  const { start, end } = e;
  return {
    ...executionListItem(e),
    ...(includeData ? { input: start.input, inputDetails: { included: true } } : {}),
    ...(includeData && end?.output !== undefined ? { output: end.output, outputDetails: { included: true } } : {}),
    ...(end?.error !== undefined ? { error: end.error } : {}),
    ...(end?.cause !== undefined ? { cause: end.cause } : {}),
    ...(start.traceHeader !== undefined ? { traceHeader: start.traceHeader } : {}),
    redriveCount: 0,
    ...(end ? { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution redrive is not supported by keydrill' } : {}),
  };
}

/** Payload members the history leaves out when `includeExecutionData` is false, as AWS does. */
const DATA_MEMBERS = new Set(['input', 'inputDetails', 'output', 'outputDetails', 'parameters', 'assignedVariables', 'assignedVariablesDetails']);

export function historyEventView(event: RecordedEvent, includeData: boolean): HistoryEvent {
  const view: Record<string, unknown> = { timestamp: event.timestamp, type: event.type, id: event.id, previousEventId: event.previousEventId };
  const member = detailsMember(event.type);
  if (event.details && member) {
    view[member] = includeData ? event.details : Object.fromEntries(Object.entries(event.details).filter(([k]) => !DATA_MEMBERS.has(k)));
  }
  return view as unknown as HistoryEvent;
}

export const tagListView = (tags: Record<string, string>): Tag[] => Object.entries(tags).map(([key, value]) => ({ key, value }));
