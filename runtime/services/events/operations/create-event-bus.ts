import type { CreateEventBusRequest, CreateEventBusResponse } from '@aws-sdk/client-eventbridge';
import { eventsErrors } from '../errors';
import { operation } from '../events';
import { busNameToCreate, description, tagList } from '../inputs';
import { DEFAULT_BUS } from '../model';
import { validatedTags } from '../tags';

/** https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html (partner event sources are not served) */
export const createEventBus = operation<CreateEventBusRequest, CreateEventBusResponse>({
  name: 'CreateEventBus',
  input: { Name: busNameToCreate, Description: description, Tags: tagList },
  run(events, input, ctx) {
    const arn = events.busArn(input.Name);
    events.authorize(ctx, 'events:CreateEventBus', arn);
    if (input.Name === DEFAULT_BUS) throw eventsErrors.reservedBusName();
    if (events.store.bus(input.Name)) throw eventsErrors.busExists(input.Name);
    events.store.putBus({
      name: input.Name,
      arn,
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      createdAt: events.now().toISOString(),
      tags: validatedTags(input.Tags),
    });
    events.store.commit();
    return { EventBusArn: arn, ...(input.Description !== undefined ? { Description: input.Description } : {}) };
  },
});
