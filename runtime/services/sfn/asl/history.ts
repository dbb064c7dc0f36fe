/**
 * History event details in the shapes GetExecutionHistory returns
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html). Payloads are JSON text;
 * the interpreter never truncates them (they are at most 256 KiB, checked before they are recorded).
 */
import type { HistoryEventType } from './host';

/** The event types whose details have a `HistoryEvent` member of their own name (`taskScheduledEventDetails` …). */
const OWN_DETAILS = new Set<HistoryEventType>([
  'ActivityFailed', 'ActivityScheduleFailed', 'ActivityScheduled', 'ActivityStarted', 'ActivitySucceeded', 'ActivityTimedOut',
  'EvaluationFailed', 'ExecutionAborted', 'ExecutionFailed', 'ExecutionRedriven', 'ExecutionStarted', 'ExecutionSucceeded', 'ExecutionTimedOut',
  'LambdaFunctionFailed', 'LambdaFunctionScheduleFailed', 'LambdaFunctionScheduled', 'LambdaFunctionStartFailed', 'LambdaFunctionSucceeded', 'LambdaFunctionTimedOut',
  'MapIterationAborted', 'MapIterationFailed', 'MapIterationStarted', 'MapIterationSucceeded', 'MapRunFailed', 'MapRunRedriven', 'MapRunStarted', 'MapStateStarted',
  'TaskFailed', 'TaskScheduled', 'TaskStartFailed', 'TaskStarted', 'TaskSubmitFailed', 'TaskSubmitted', 'TaskSucceeded', 'TaskTimedOut',
]);

/**
 * Which `HistoryEvent` member holds an event type's details: every `*StateEntered` shares `stateEnteredEventDetails`,
 * every `*StateExited` `stateExitedEventDetails`; the others that have details have a member of their own name.
 */
export function detailsMember(type: HistoryEventType): string | undefined {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return OWN_DETAILS.has(type) ? `${type[0]!.toLowerCase()}${type.slice(1)}EventDetails` : undefined;
}

/** The resource type and name a Task's events carry: `arn:aws:states:::aws-sdk:kms:disableKey` → `aws-sdk:kms` / `disableKey`. */
export function splitResource(resource: string): { resourceType: string; resource: string } {
  const tail = /^arn:[^:]+:states:::(.+)$/.exec(resource)?.[1];
  if (!tail) return { resourceType: resource.split(':')[2] ?? 'unknown', resource };
  const sdk = /^aws-sdk:([^:]+):(.+)$/.exec(tail);
  if (sdk) return { resourceType: `aws-sdk:${sdk[1]}`, resource: sdk[2]! };
  const colon = tail.indexOf(':');
  return colon < 0 ? { resourceType: tail, resource: tail } : { resourceType: tail.slice(0, colon), resource: tail.slice(colon + 1) };
}

/** A plain Lambda function ARN (not `arn:aws:states:::lambda:invoke`): its attempts are LambdaFunction* events. */
export const isLambdaFunctionArn = (resource: string) => /^arn:[^:]+:lambda:[^:]+:\d{12}:function:/.test(resource);

/** The `*StateEntered` / `*StateExited` / `*StateAborted` … event type of a state type. */
export function stateEventType(stateType: string, phase: 'Entered' | 'Exited' | 'Aborted' | 'Started' | 'Succeeded' | 'Failed'): HistoryEventType {
  return `${stateType}State${phase}` as HistoryEventType;
}
