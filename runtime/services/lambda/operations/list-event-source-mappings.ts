import type { ListEventSourceMappingsResponse } from '@aws-sdk/client-lambda';
import { bareOffsetMarkers, page } from '../../../core/paging';
import { lambdaErrors } from '../errors';
import { operation } from '../lambda';
import { mappingConfiguration } from '../views';

interface ListEventSourceMappingsInput {
  EventSourceArn?: string;
  FunctionName?: string;
  Marker?: string;
  MaxItems?: number;
}

export const listEventSourceMappings = operation<ListEventSourceMappingsInput, ListEventSourceMappingsResponse>({
  name: 'ListEventSourceMappings',
  input: {
    EventSourceArn: { type: 'string' },
    FunctionName: { type: 'string', min: 1, max: 140 },
    Marker: { type: 'string' },
    MaxItems: { type: 'integer', min: 1, max: 10000 },
  },
  run(lambda, input, ctx) {
    lambda.authorize(ctx.caller.principal, 'lambda:ListEventSourceMappings', '*');
    const functionArn = input.FunctionName ? lambda.findFunction(input.FunctionName).arn : undefined;
    const matching = lambda.store
      .listMappings()
      .filter((m) => (!functionArn || m.functionArn === functionArn) && (!input.EventSourceArn || m.eventSourceArn === input.EventSourceArn));
    const { items, next } = page(matching, input.Marker, input.MaxItems ?? 100, lambdaErrors.invalidMarker, bareOffsetMarkers);
    return { EventSourceMappings: items.map(mappingConfiguration), NextMarker: next };
  },
});
