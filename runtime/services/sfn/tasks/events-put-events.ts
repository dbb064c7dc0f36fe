import { TaskFailure, type Json } from '../asl/host';
import { callService, parametersObject, toJson, type TaskContext } from './task-context';

interface PutEventsOutput {
  FailedEntryCount?: number;
}

/**
 * The optimized `arn:aws:states:::events:putEvents`: each entry's Detail may be an object, and Step Functions
 * adds the execution's and the state machine's ARNs to its Resources; a failed entry fails the Task with
 * `EventBridge.FailedEntry`. https://docs.aws.amazon.com/step-functions/latest/dg/connect-eventbridge.html
 */
export async function putEventsTask(ctx: TaskContext): Promise<Json> {
  const { Entries, ...rest } = parametersObject(ctx.call);
  const entries = (Array.isArray(Entries) ? Entries : []).map((entry) => {
    const e = (entry ?? {}) as Record<string, Json>;
    const resources = Array.isArray(e.Resources) ? e.Resources : [];
    return {
      ...e,
      ...(e.Detail !== undefined && typeof e.Detail !== 'string' ? { Detail: JSON.stringify(e.Detail) } : {}),
      Resources: [...resources, ctx.execution.arn, ctx.execution.start.stateMachineArn],
    };
  });
  const output = (await callService(ctx, 'events', 'PutEvents', { ...rest, Entries: entries }, { prefix: 'EventBridge', serviceId: 'EventBridge', appendException: false })) as PutEventsOutput;
  const json = toJson(output);
  if ((output.FailedEntryCount ?? 0) > 0) throw new TaskFailure('EventBridge.FailedEntry', JSON.stringify(json));
  return json;
}
