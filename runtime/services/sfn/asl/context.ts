/**
 * The Context object a state sees as `$$` (JSONPath) or `$states.context` (JSONata)
 * (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html).
 */
import type { ExecutionInfo, Json } from './host';

export interface StateVisit {
  name: string;
  enteredTime: Date;
  retryCount: number;
  taskToken?: string;
}

export function contextObject(info: ExecutionInfo, visit: StateVisit): Json {
  const execution: { [k: string]: Json } = {
    Id: info.executionArn,
    Input: info.input,
    Name: info.name,
    RoleArn: info.roleArn,
    StartTime: info.startTime.toISOString(),
    RedriveCount: info.redriveCount,
  };
  const context: { [k: string]: Json } = {
    Execution: execution,
    State: { EnteredTime: visit.enteredTime.toISOString(), Name: visit.name, RetryCount: visit.retryCount },
    StateMachine: { Id: info.stateMachineArn, Name: info.stateMachineName },
  };
  if (visit.taskToken !== undefined) context.Task = { Token: visit.taskToken };
  return context;
}
