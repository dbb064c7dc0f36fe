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

/** `override` (TestState's `context`) replaces fields of the object, member by member. */
export function contextObject(info: ExecutionInfo, visit: StateVisit, override?: Json): Json {
  const execution: { [k: string]: Json } = {
    Id: info.executionArn,
    Input: info.input,
    Name: info.name,
    RoleArn: info.roleArn,
    StartTime: info.startTime.toISOString(),
    RedriveCount: info.redriveCount,
  };
  if (info.redriveTime) execution.RedriveTime = info.redriveTime.toISOString();
  const context: { [k: string]: Json } = {
    Execution: execution,
    State: { EnteredTime: visit.enteredTime.toISOString(), Name: visit.name, RetryCount: visit.retryCount },
    StateMachine: { Id: info.stateMachineArn, Name: info.stateMachineName },
  };
  if (visit.taskToken !== undefined) context.Task = { Token: visit.taskToken };
  return override === undefined ? context : merge(context, override);
}

function merge(base: Json, override: Json): Json {
  if (base === null || override === null || typeof base !== 'object' || typeof override !== 'object' || Array.isArray(base) || Array.isArray(override)) return override;
  const out: { [k: string]: Json } = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = key in out ? merge(out[key]!, value) : value;
  return out;
}
