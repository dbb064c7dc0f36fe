import type { PutEventsRequest, PutEventsResponse, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { identityAllows } from '../../../identity/authorize';
import { entriesSize, MAX_PUT_EVENTS_BYTES } from '../entry-size';
import { envelope, ingested } from '../envelope';
import { eventsErrors } from '../errors';
import { operation } from '../events';
import { busReference } from '../inputs';
import type { IngestedEvent } from '../model';
import { entryRefusal } from '../put-events-entry';

/**
 * 1 to 10 entries, each judged on its own: the answer lists one result per entry, in order. An entry for a
 * bus that does not exist is accepted and dropped, as AWS does; what happens at targets never shows here.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
 */
export const putEvents = operation<PutEventsRequest, PutEventsResponse>({
  name: 'PutEvents',
  input: {
    Entries: {
      type: 'list',
      required: true,
      min: 1,
      max: 10,
      member: {
        type: 'structure',
        members: {
          Time: { type: 'timestamp' },
          Source: { type: 'string' },
          Resources: { type: 'list', member: { type: 'string', max: 2048 } },
          DetailType: { type: 'string', max: 128 },
          Detail: { type: 'string' },
          EventBusName: busReference,
          TraceHeader: { type: 'string', min: 1, max: 500 },
        },
      },
    },
    EndpointId: { type: 'string' },
  },
  run(events, input, ctx) {
    if (input.EndpointId !== undefined) throw eventsErrors.validation('keydrill does not serve global endpoints: EndpointId is not supported.');
    if (entriesSize(input.Entries) > MAX_PUT_EVENTS_BYTES) throw eventsErrors.entriesTooLarge();
    const now = events.now();
    const byBus = new Map<string, IngestedEvent[]>();
    const results: PutEventsResultEntry[] = input.Entries.map((entry) => {
      const busName = events.busName(entry.EventBusName);
      const busArn = events.busArn(busName);
      if (!identityAllows(events.identity, ctx.caller.principal, 'events:PutEvents', busArn, { servicePrincipals: 'pass' })) {
        return { ErrorCode: 'AccessDeniedException', ErrorMessage: `User: ${ctx.caller.principal.arn} is not authorized to perform: events:PutEvents on resource: ${busArn}` };
      }
      const refusal = entryRefusal(entry);
      if (refusal) return refusal;
      const event = envelope(events.scope, {
        source: entry.Source!,
        detailType: entry.DetailType!,
        detail: JSON.parse(entry.Detail!) as Record<string, unknown>,
        resources: entry.Resources,
        time: entry.Time ?? now,
      });
      if (events.store.bus(busName)) byBus.set(busName, [...(byBus.get(busName) ?? []), ingested(event, now.getTime(), entry.Detail)]);
      return { EventId: event.id };
    });
    for (const [busName, ingestedEvents] of byBus) events.ingest(busName, ingestedEvents);
    return { FailedEntryCount: results.filter((result) => result.ErrorCode).length, Entries: results };
  },
});
