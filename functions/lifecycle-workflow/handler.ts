import { planLifecycle } from '../domain/lifecycle/plan';
import { lifecycleReport, type LifecycleState } from '../domain/lifecycle/report';

/**
 * The workflow's pure steps, with no AWS access: `plan` validates the input (schemas/lifecycle/input.schema.json)
 * and plans the run; `report` builds the report from what the steps returned.
 */
export type WorkflowEvent = { step: 'plan'; input: unknown } | { step: 'report'; state: LifecycleState };

export async function handler(event: WorkflowEvent) {
  if (event.step === 'plan') return planLifecycle(event.input);
  if (event.step === 'report') return lifecycleReport(event.state, new Date());
  throw new Error(`unknown workflow step ${JSON.stringify((event as { step?: unknown }).step)}`);
}
