import type { ListFunctionsResponse } from '@aws-sdk/client-lambda';
import type { OperationDefinition } from '../../../core/operation';
import type { Lambda } from '../lambda';
import { functionConfiguration } from '../shapes';
import { page } from './paging';

export const listFunctions: OperationDefinition<Lambda, { Marker?: string; MaxItems?: number }, ListFunctionsResponse> = {
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
};
