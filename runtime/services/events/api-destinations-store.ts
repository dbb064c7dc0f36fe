import type { ConnectionAuthorizationType, CreateConnectionAuthRequestParameters } from '@aws-sdk/client-eventbridge';
import { DurableRecords } from '../../core/durable-records';

/**
 * Connections (with their secrets, which no operation returns) and API destinations, in
 * `state/event-api-destinations.json`: the state of the API destination operations, apart from the buses and
 * rules of ./store.ts. https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html
 */

export interface Connection {
  name: string;
  arn: string;
  description?: string;
  authorizationType: ConnectionAuthorizationType;
  /** As CreateConnection / UpdateConnection received them, secrets included. */
  authParameters: CreateConnectionAuthRequestParameters;
  /** What AWS would keep in Secrets Manager: named in DescribeConnection, not served (README, Known differences). */
  secretArn: string;
  createdAt: string;
  modifiedAt: string;
  authorizedAt: string;
}

export interface ApiDestination {
  name: string;
  arn: string;
  description?: string;
  connectionArn: string;
  invocationEndpoint: string;
  httpMethod: string;
  invocationRateLimitPerSecond: number;
  createdAt: string;
  modifiedAt: string;
}

const byName = <T extends { name: string }>(records: T[]) => records.sort((a, b) => (a.name < b.name ? -1 : 1));

export class ApiDestinationsStore {
  private readonly records: DurableRecords<{ connections: Connection; apiDestinations: ApiDestination }>;

  constructor(path: string | undefined) {
    this.records = new DurableRecords(path, 'event-api-destinations', 1, ['connections', 'apiDestinations']);
  }

  connection(name: string): Connection | undefined {
    return this.records.get('connections', name);
  }

  connectionByArn(arn: string): Connection | undefined {
    return this.records.list('connections').find((c) => c.arn === arn);
  }

  connections(): Connection[] {
    return byName(this.records.list('connections'));
  }

  putConnection(connection: Connection): void {
    this.records.put('connections', connection.name, connection);
  }

  deleteConnection(name: string): void {
    this.records.delete('connections', name);
  }

  apiDestination(name: string): ApiDestination | undefined {
    return this.records.get('apiDestinations', name);
  }

  apiDestinationByArn(arn: string): ApiDestination | undefined {
    return this.records.list('apiDestinations').find((d) => d.arn === arn);
  }

  apiDestinations(): ApiDestination[] {
    return byName(this.records.list('apiDestinations'));
  }

  putApiDestination(destination: ApiDestination): void {
    this.records.put('apiDestinations', destination.name, destination);
  }

  deleteApiDestination(name: string): void {
    this.records.delete('apiDestinations', name);
  }

  commit(): void {
    this.records.commit();
  }

  reset(): void {
    this.records.reset();
  }
}
