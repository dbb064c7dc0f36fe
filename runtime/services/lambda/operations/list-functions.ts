import type { ListFunctionsRequest, ListFunctionsResponse } from '@aws-sdk/client-lambda';
import { bareOffsetMarkers, page } from '../../../core/paging';
import { lambdaErrors } from '../errors';
import { operation } from '../lambda';
import { functionConfiguration } from '../views';

/** MaxItems defaults to 50. */
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
    const { items, next } = page(lambda.store.listFunctions(), input.Marker, input.MaxItems ?? 50, lambdaErrors.invalidMarker, bareOffsetMarkers);
    return { Functions: items.map(functionConfiguration), NextMarker: next };
  },
});
