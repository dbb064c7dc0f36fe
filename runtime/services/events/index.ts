import { arn } from '../../core/arn';
import { OperationTable } from '../../core/operation';
import type { ServiceFactory } from '../../core/service-module';
import { CloudTrailEvents } from '../../integrations/cloudtrail-events';
import { DEFAULT_DELIVERY_CONFIG, EventDeliveries, type DeliveryConfig } from '../../integrations/event-targets/deliveries';
import { DeliveryQueue } from '../../integrations/event-targets/delivery-queue';
import { ingested } from './envelope';
import { ApiDestinationsStore } from './api-destinations-store';
import { Events } from './events';
import { DEFAULT_BUS } from './model';
import { createApiDestination } from './operations/create-api-destination';
import { createConnection } from './operations/create-connection';
import { deleteApiDestination } from './operations/delete-api-destination';
import { deleteConnection } from './operations/delete-connection';
import { describeApiDestination } from './operations/describe-api-destination';
import { describeConnection } from './operations/describe-connection';
import { listApiDestinations } from './operations/list-api-destinations';
import { listConnections } from './operations/list-connections';
import { updateApiDestination } from './operations/update-api-destination';
import { updateConnection } from './operations/update-connection';
import { createEventBus } from './operations/create-event-bus';
import { deleteEventBus } from './operations/delete-event-bus';
import { deleteRule } from './operations/delete-rule';
import { describeEventBus } from './operations/describe-event-bus';
import { describeRule } from './operations/describe-rule';
import { disableRule } from './operations/disable-rule';
import { enableRule } from './operations/enable-rule';
import { listEventBuses } from './operations/list-event-buses';
import { listRuleNamesByTarget } from './operations/list-rule-names-by-target';
import { listRules } from './operations/list-rules';
import { listTagsForResource } from './operations/list-tags-for-resource';
import { listTargetsByRule } from './operations/list-targets-by-rule';
import { putEvents } from './operations/put-events';
import { putRule } from './operations/put-rule';
import { putTargets } from './operations/put-targets';
import { removeTargets } from './operations/remove-targets';
import { tagResource } from './operations/tag-resource';
import { testEventPattern } from './operations/test-event-pattern';
import { untagResource } from './operations/untag-resource';
import { Schedules } from './schedules';
import { EventsStore } from './store';

/** Every EventBridge operation the runtime serves (awsJson 1.1, target prefix `AWSEvents`), sorted. */
const EVENTS_OPERATIONS = [
  createApiDestination,
  createConnection,
  createEventBus,
  deleteApiDestination,
  deleteConnection,
  deleteEventBus,
  deleteRule,
  describeApiDestination,
  describeConnection,
  describeEventBus,
  describeRule,
  disableRule,
  enableRule,
  listApiDestinations,
  listConnections,
  listEventBuses,
  listRuleNamesByTarget,
  listRules,
  listTagsForResource,
  listTargetsByRule,
  putEvents,
  putRule,
  putTargets,
  removeTargets,
  tagResource,
  testEventPattern,
  untagResource,
  updateApiDestination,
  updateConnection,
];

export interface EventsModuleOptions {
  /** EventBridge target retries: the first backoff delay and its cap. */
  events?: Partial<DeliveryConfig>;
}

/**
 * EventBridge (awsJson 1.1): buses and rules in `state/events.json`, deliveries under way in
 * `state/event-deliveries.json` (retried after a restart), schedules on the runtime's timers, and every event
 * of the audit trail on the default bus.
 */
export const eventsModule: ServiceFactory<EventsModuleOptions> = (ctx, options) => {
  const queue = new DeliveryQueue(ctx.stateFile('event-deliveries'));
  const apiDestinations = new ApiDestinationsStore(ctx.stateFile('event-api-destinations'));
  const deliveries = new EventDeliveries({
    queue,
    dispatcher: ctx.dispatcher,
    identity: ctx.identity,
    scope: ctx.scope,
    clock: ctx.clock,
    timers: ctx.timers,
    config: { ...DEFAULT_DELIVERY_CONFIG, ...options.events },
    // `events` is built next, with these deliveries as its sink; a bus target forwards only once both exist.
    forward(busName, event) {
      if (!events.store.bus(busName)) return false;
      events.ingest(busName, [ingested(event, ctx.clock.now().getTime())]);
      return true;
    },
    apiDestination(arn) {
      const destination = apiDestinations.apiDestinationByArn(arn);
      const connection = destination && apiDestinations.connectionByArn(destination.connectionArn);
      return destination && connection ? { destination, connection } : undefined;
    },
  });
  const store = new EventsStore(ctx.stateFile('events'), () => ({
    name: DEFAULT_BUS,
    arn: arn('events', ctx.scope.region, ctx.scope.account, `event-bus/${DEFAULT_BUS}`),
    createdAt: ctx.clock.now().toISOString(),
    tags: [],
  }));
  const events = new Events(store, ctx.identity, ctx.clock, deliveries, apiDestinations);
  const schedules = new Schedules(events, ctx.timers);
  store.onCommit(() => schedules.sync());
  const cloudTrail = new CloudTrailEvents(ctx.trail, events, ctx.clock);
  return {
    services: [new OperationTable<Events>('events', events, EVENTS_OPERATIONS)],
    bindings: [{ protocol: 'awsJson', service: 'events', targetPrefix: 'AWSEvents', jsonVersion: '1.1' }],
    start() {
      deliveries.resume();
      schedules.sync();
      cloudTrail.start();
    },
    async reset() {
      await deliveries.stop();
      schedules.clear();
      queue.reset();
      store.reset();
      apiDestinations.reset();
    },
    async drain() {
      cloudTrail.stop();
      schedules.clear();
      await deliveries.stop();
    },
  };
};
