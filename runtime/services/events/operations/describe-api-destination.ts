import type { DescribeApiDestinationRequest, DescribeApiDestinationResponse } from '@aws-sdk/client-eventbridge';
import { resourceName } from '../api-destination-inputs';
import { existingApiDestination } from '../api-destination-lookup';
import { apiDestinationView } from '../api-destination-views';
import { operation } from '../events';

/** https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DescribeApiDestination.html */
export const describeApiDestination = operation<DescribeApiDestinationRequest, DescribeApiDestinationResponse>({
  name: 'DescribeApiDestination',
  input: { Name: resourceName },
  run(events, input, ctx) {
    return apiDestinationView(existingApiDestination(events, ctx, input.Name, 'events:DescribeApiDestination'));
  },
});
