import type { CallContext } from '../../core/operation';
import type { ApiDestination, Connection } from './api-destinations-store';
import { eventsErrors } from './errors';
import type { Events } from './events';

/** ARNs end in a generated id, as AWS's do: `connection/<name>/<uuid>`, `api-destination/<name>/<uuid>`. */
const connectionArnPattern = (events: Events, name: string) => events.resourceArn(`connection/${name}/*`);

/** A connection by name, after authorizing `action` on it. */
export function existingConnection(events: Events, ctx: CallContext, name: string, action: string): Connection {
  const connection = events.apiDestinations.connection(name);
  events.authorize(ctx, action, connection?.arn ?? connectionArnPattern(events, name));
  if (!connection) throw eventsErrors.connectionNotFound(name);
  return connection;
}

/** An API destination by name, after authorizing `action` on it. */
export function existingApiDestination(events: Events, ctx: CallContext, name: string, action: string): ApiDestination {
  const destination = events.apiDestinations.apiDestination(name);
  events.authorize(ctx, action, destination?.arn ?? events.resourceArn(`api-destination/${name}/*`));
  if (!destination) throw eventsErrors.apiDestinationNotFound(name);
  return destination;
}

/** The connection an API destination names by ARN; one that does not exist is refused with its name. */
export function connectionForArn(events: Events, arn: string): Connection {
  const connection = events.apiDestinations.connectionByArn(arn);
  if (!connection) throw eventsErrors.connectionNotFound(arn.split('/')[1] ?? arn);
  return connection;
}
