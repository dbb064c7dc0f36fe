/**
 * The part of Step Functions' "Step Functions Execution Status Change" event that keydrill's stop rules read
 * (https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-integration.html): an execution that was
 * stopped or timed out never reaches its own last states, so a rule on this event finishes its work.
 */
export interface ExecutionStatusChange {
  'detail-type': 'Step Functions Execution Status Change';
  detail: { executionArn: string; status: string; input?: string | null; startDate?: number; stopDate?: number | null; error?: string | null; cause?: string | null };
}

export const isStatusChange = (event: unknown): event is ExecutionStatusChange => (event as { 'detail-type'?: string })?.['detail-type'] === 'Step Functions Execution Status Change';
