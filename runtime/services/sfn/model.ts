import type { LoggingConfiguration, TracingConfiguration } from '@aws-sdk/client-sfn';

export type StateMachineType = 'STANDARD' | 'EXPRESS';

/** A state machine as the store keeps it: dates are epoch milliseconds, tags a key → value map. */
export interface StateMachine {
  name: string;
  arn: string;
  type: StateMachineType;
  definition: string;
  roleArn: string;
  creationDate: number;
  updateDate: number;
  /** Changes with every update of the definition or role, as DescribeStateMachine's revisionId does. */
  revisionId: string;
  loggingConfiguration?: LoggingConfiguration;
  tracingConfiguration?: TracingConfiguration;
  tags: Record<string, string>;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What StartExecution fixed about an execution: written first to its log, never changed. */
export interface ExecutionStart {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  stateMachineName: string;
  type: StateMachineType;
  /** The definition and role the execution runs with, as they were when it started (DescribeStateMachineForExecution). */
  definition: string;
  roleArn: string;
  stateMachineUpdateDate: number;
  /** The input text as given (`{}` when StartExecution had none). */
  input: string;
  startDate: number;
  traceHeader?: string;
}

/** How an execution ended, from its terminal history event. */
export interface ExecutionEnd {
  status: Exclude<ExecutionStatus, 'RUNNING'>;
  stopDate: number;
  output?: string;
  error?: string;
  cause?: string;
}
