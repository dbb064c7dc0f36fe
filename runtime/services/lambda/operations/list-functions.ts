import type { ListFunctionsRequest, ListFunctionsResponse } from '@aws-sdk/client-lambda';
import { operation } from '../lambda';
import { page } from '../paging';
import { functionConfiguration } from '../views';

export const listFunctions = operation<ListFunctionsRequest, ListFunctionsResponse>({
  name: 'ListFunctions',
  input: {
    MasterRegion: { type: 'string', pattern: /^ALL|[a-z]{2}(-gov)?-[a-z]+-\d{1}$/ },
    FunctionVersion: { type: 'string', enum: ['ALL'] },
    Marker: { type: 'string' },
    MaxItems: { type: 'integer', min: 1, max: 10000 },
  },
  run(lambda, input, ctx) {
    lambda.authorize(ctx.caller.principal, 'lambda:ListFunctions', '*');
    const { items, nextMarker } = page(lambda.store.listFunctions(), input.Marker, input.MaxItems);
    return { Functions: items.map(functionConfiguration), NextMarker: nextMarker };
  },
});
