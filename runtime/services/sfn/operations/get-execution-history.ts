import type { GetExecutionHistoryInput, GetExecutionHistoryOutput } from '@aws-sdk/client-sfn';
import { afterKeyMarkers, page } from '../../../core/paging';
import type { RecordedEvent } from '../asl/host';
import { sfnErrors } from '../errors';
import { arnShape, maxResults, nextToken, optionalBoolean } from '../inputs';
import { operation } from '../sfn';
import { historyEventView } from '../views';
import { DEFAULT_PAGE_SIZE } from './list-state-machines';

/**
 * The page token names the last event returned, so a history that grows between two pages (it always grows
 * at its end) neither repeats nor skips events, in either order.
 */
const ascending = afterKeyMarkers<RecordedEvent>((e) => String(e.id).padStart(10, '0'));
const descending = afterKeyMarkers<RecordedEvent>((e) => String(1e10 - e.id).padStart(10, '0'));

/** https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetExecutionHistory.html */
export const getExecutionHistory = operation<GetExecutionHistoryInput, GetExecutionHistoryOutput>({
  name: 'GetExecutionHistory',
  input: { executionArn: arnShape, maxResults, reverseOrder: optionalBoolean, nextToken, includeExecutionData: optionalBoolean },
  run(sfn, input, ctx) {
    const execution = sfn.executionAt(ctx, input.executionArn, 'states:GetExecutionHistory');
    const events = input.reverseOrder ? [...execution.events].reverse() : execution.events;
    const { items, next } = page(events, input.nextToken, input.maxResults || DEFAULT_PAGE_SIZE, sfnErrors.invalidNextToken, input.reverseOrder ? descending : ascending);
    const includeData = input.includeExecutionData ?? true;
    return { events: items.map((e) => historyEventView(e, includeData)), ...(next ? { nextToken: next } : {}) };
  },
});
