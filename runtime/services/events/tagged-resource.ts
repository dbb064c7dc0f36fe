import { parseArn } from '../../core/arn';
import type { CallContext } from '../../core/operation';
import { eventsErrors } from './errors';
import type { Events } from './events';
import { DEFAULT_BUS, type Tag } from './model';

/**
 * The tags of the bus or rule an ARN names (`event-bus/<name>`, `rule/<name>` on the default bus,
 * `rule/<bus>/<name>`), after authorizing `action` on it. Changing the list in place and committing saves it.
 */
export function taggedResource(events: Events, ctx: CallContext, resourceArn: string, action: string): { tags: Tag[] } {
  events.authorize(ctx, action, resourceArn);
  const parsed = parseArn(resourceArn);
  const ours = parsed?.service === 'events' && parsed.region === events.scope.region && parsed.account === events.scope.account;
  const resource = ours ? parsed.resource : undefined;
  const bus = resource && /^event-bus\/(.+)$/.exec(resource);
  if (bus) return events.store.bus(bus[1]) ?? notFound(resourceArn);
  const rule = resource && /^rule\/(?:([^/]+)\/)?([^/]+)$/.exec(resource);
  if (rule) return events.store.rule(rule[1] ?? DEFAULT_BUS, rule[2]) ?? notFound(resourceArn);
  return notFound(resourceArn);
}

function notFound(arn: string): never {
  throw eventsErrors.resourceNotFound(arn);
}
