import type { DeleteEventBusRequest } from '@aws-sdk/client-eventbridge';
import { eventsErrors } from '../errors';
import { operation } from '../events';
import { DEFAULT_BUS } from '../model';

/** Deleting a bus that does not exist succeeds; its rules go with it (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DeleteEventBus.html). */
export const deleteEventBus = operation<DeleteEventBusRequest, Record<string, never>>({
  name: 'DeleteEventBus',
  input: { Name: { type: 'string', required: true, min: 1, max: 256, pattern: /^[/\.\-_A-Za-z0-9]+$/ } },
  run(events, input, ctx) {
    events.authorize(ctx, 'events:DeleteEventBus', events.busArn(input.Name));
    if (input.Name === DEFAULT_BUS) throw eventsErrors.cannotDeleteDefaultBus();
    if (events.store.bus(input.Name)) {
      events.store.deleteBus(input.Name);
      events.store.commit();
    }
    return {};
  },
});
