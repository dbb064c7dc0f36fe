import type { Target } from '@aws-sdk/client-eventbridge';
import { DurableRecords } from '../../core/durable-records';
import type { EventEnvelope } from '../../services/events/model';

/** One event on its way to one target, until it is delivered or given up. */
export interface PendingDelivery {
  id: string;
  rule: { arn: string; name: string };
  /** The target as it was when the event matched (a later PutTargets does not change a delivery under way). */
  target: Target;
  event: EventEnvelope;
  ingestedAt: number;
  /** Retries made so far. */
  retries: number;
  /** When the next attempt is due, epoch ms on the runtime clock. */
  dueAt: number;
}

/**
 * The deliveries not yet done, in `state/event-deliveries.json`, and the positions of the sources that feed
 * them (the CloudTrail cursor). A delivery is written before it is attempted and removed only once it is
 * delivered or given up, so a restart retries what was in flight: at-least-once. A source's position is written
 * in the same commit as the deliveries it produced, so none is lost or produced twice.
 */
export class DeliveryQueue {
  private readonly records: DurableRecords<{ deliveries: PendingDelivery; cursors: { value: string } }>;

  constructor(path: string | undefined) {
    this.records = new DurableRecords(path, 'event-deliveries', 1, ['deliveries', 'cursors']);
  }

  get(id: string): PendingDelivery | undefined {
    return this.records.get('deliveries', id);
  }

  list(): PendingDelivery[] {
    return this.records.list('deliveries');
  }

  put(delivery: PendingDelivery): void {
    this.records.put('deliveries', delivery.id, delivery);
  }

  remove(id: string): void {
    this.records.delete('deliveries', id);
  }

  cursor(source: string): string | undefined {
    return this.records.get('cursors', source)?.value;
  }

  setCursor(source: string, value: string): void {
    this.records.put('cursors', source, { value });
  }

  commit(): void {
    this.records.commit();
  }

  reset(): void {
    this.records.reset();
  }
}
