import type { ListStateMachinesInput, ListStateMachinesOutput } from '@aws-sdk/client-sfn';
import { page } from '../../../core/paging';
import { sfnErrors } from '../errors';
import { maxResults, nextToken } from '../inputs';
import { operation } from '../sfn';
import { stateMachineListItem } from '../views';

/** maxResults 0 (or none) means the service's default page size. https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListStateMachines.html */
export const DEFAULT_PAGE_SIZE = 100;

export const listStateMachines = operation<ListStateMachinesInput, ListStateMachinesOutput>({
  name: 'ListStateMachines',
  input: { maxResults, nextToken },
  run(sfn, input, ctx) {
    sfn.authorize(ctx, 'states:ListStateMachines', '*');
    const { items, next } = page(sfn.store.stateMachines(), input.nextToken, input.maxResults || DEFAULT_PAGE_SIZE, sfnErrors.invalidNextToken);
    return { stateMachines: items.map(stateMachineListItem), ...(next ? { nextToken: next } : {}) };
  },
});
