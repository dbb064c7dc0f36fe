import type { DescribeEventBusRequest, DescribeEventBusResponse } from '@aws-sdk/client-eventbridge';
import { operation } from '../events';
import { busReference } from '../inputs';
import { busView } from '../views';

export const describeEventBus = operation<DescribeEventBusRequest, DescribeEventBusResponse>({
  name: 'DescribeEventBus',
  input: { Name: busReference },
  run(events, input, ctx) {
    events.authorize(ctx, 'events:DescribeEventBus', events.busArn(events.busName(input.Name)));
    return busView(events.bus(input.Name));
  },
});
