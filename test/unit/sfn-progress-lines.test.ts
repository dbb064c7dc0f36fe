import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { ProgressLines } from '../../cli/executions-client';

const event = (type: string, details: Partial<HistoryEvent> = {}): HistoryEvent => ({ type: type as HistoryEvent['type'], id: 1, timestamp: new Date(0), ...details });

describe('ProgressLines', () => {
  it('shows states entered and exited, a failure with its error and cause, the retry after it, and the end', () => {
    const progress = new ProgressLines();
    const lines = [
      event('ExecutionStarted'),
      event('TaskStateEntered', { stateEnteredEventDetails: { name: 'Disable' } }),
      event('TaskScheduled'),
      event('TaskFailed', { taskFailedEventDetails: { resourceType: 'aws-sdk:kms', resource: 'disableKey', error: 'Kms.KmsInternalException', cause: 'try again' } }),
      event('TaskScheduled'),
      event('TaskSucceeded'),
      event('TaskStateExited', { stateExitedEventDetails: { name: 'Disable' } }),
      event('ExecutionFailed', { executionFailedEventDetails: { error: 'Drill.RolledBack', cause: 'key busy' } }),
    ].map((e) => progress.line(e));
    expect(lines).toEqual([
      undefined,
      '→ Disable (Task)',
      undefined,
      '✗ TaskFailed: Kms.KmsInternalException: try again',
      '↻ retrying Disable',
      undefined,
      '← Disable',
      '✗ ExecutionFailed: Drill.RolledBack: key busy',
    ]);
  });
});
