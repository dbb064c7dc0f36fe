import type { DescribeConnectionRequest, DescribeConnectionResponse } from '@aws-sdk/client-eventbridge';
import { resourceName } from '../api-destination-inputs';
import { existingConnection } from '../api-destination-lookup';
import { describeConnectionView } from '../api-destination-views';
import { operation } from '../events';

/** Secrets are never returned (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DescribeConnection.html). */
export const describeConnection = operation<DescribeConnectionRequest, DescribeConnectionResponse>({
  name: 'DescribeConnection',
  input: { Name: resourceName },
  run(events, input, ctx) {
    return describeConnectionView(existingConnection(events, ctx, input.Name, 'events:DescribeConnection'));
  },
});
