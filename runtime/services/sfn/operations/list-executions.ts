import type { ListExecutionsInput, ListExecutionsOutput } from '@aws-sdk/client-sfn';
import { page } from '../../../core/paging';
import { sfnErrors } from '../errors';
import { executionStatus, maxResults, nextToken, optionalString } from '../inputs';
import { operation } from '../sfn';
import { executionListItem } from '../views';
import { DEFAULT_PAGE_SIZE } from './list-state-machines';

/** Newest first; EXPRESS state machines keep no executions to list. https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html */
export const listExecutions = operation<ListExecutionsInput, ListExecutionsOutput>({
  name: 'ListExecutions',
  input: {
    stateMachineArn: { type: 'string', min: 1, max: 256 },
    statusFilter: executionStatus,
    maxResults,
    nextToken,
    mapRunArn: optionalString,
    redriveFilter: { type: 'string', enum: ['REDRIVEN', 'NOT_REDRIVEN'] },
  },
  run(sfn, input, ctx) {
    if (input.stateMachineArn === undefined) throw sfnErrors.validation('Must provide a StateMachine ARN or MapRun ARN');
    const machine = sfn.stateMachineAt(ctx, input.stateMachineArn, 'states:ListExecutions');
    if (machine.type === 'EXPRESS') throw sfnErrors.typeNotSupported('This operation is not supported by this type of state machine');
    const matching = sfn.executions
      .list()
      .filter((e) => e.start.stateMachineArn === machine.arn && (input.statusFilter === undefined || e.status === input.statusFilter) && input.redriveFilter !== 'REDRIVEN');
    const { items, next } = page(matching, input.nextToken, input.maxResults || DEFAULT_PAGE_SIZE, sfnErrors.invalidNextToken);
    return { executions: items.map(executionListItem), ...(next ? { nextToken: next } : {}) };
  },
});
