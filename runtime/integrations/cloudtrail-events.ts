import type { AuditTrail, AwsEvent } from '../core/audit-trail';
import type { Clock } from '../core/clock';
import { ingested } from '../services/events/envelope';
import type { Events } from '../services/events/events';
import { DEFAULT_BUS } from '../services/events/model';

/** The delivery-queue cursor that says which trail event was put on the bus last. */
const CURSOR = 'cloudtrail';

/**
 * Puts every event the runtime's services record on the audit trail (CloudTrail-shaped "AWS API Call via
 * CloudTrail" events, and service events such as "KMS CMK Rotation") on the default bus, the only bus AWS
 * delivers them to (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html).
 * Read-only management calls reach only rules in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html#eb-service-event-cloudtrail-management).
 *
 * The id of the last event put on the bus is saved with the deliveries it produced, so after a restart the
 * events recorded since are put on the bus once: none lost, none twice.
 */
export class CloudTrailEvents {
  private unsubscribe?: () => void;

  constructor(
    private readonly trail: AuditTrail,
    private readonly events: Events,
    private readonly clock: Clock,
  ) {}

  /** Catches up with what the trail recorded since the cursor, then follows it. Called again after a reset. */
  start(): void {
    const recorded = this.trail.list();
    const cursor = this.events.sink.cursor(CURSOR);
    // A cursor the trail no longer holds (older than its retention): everything it still holds is newer.
    const after = cursor === undefined ? -1 : recorded.findIndex((event) => event.id === cursor);
    for (const event of recorded.slice(after + 1)) this.put(event);
    this.unsubscribe ??= this.trail.subscribe((event) => this.put(event));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /**
   * Runs inside the call that recorded the event (a KMS operation), which must not fail because the event could not
   * be queued: the cursor then stays where it was, and the next start puts the event on the bus.
   */
  private put(event: AwsEvent): void {
    const readOnly = (event.detail as { readOnly?: unknown }).readOnly === true;
    try {
      this.events.ingest(DEFAULT_BUS, [ingested(event, this.clock.now().getTime(), undefined, readOnly)], { source: CURSOR, value: event.id });
    } catch (error) {
      console.error(`keydrill events: the trail event ${event.id} could not be put on the default bus; it will be at the next start`, error);
    }
  }
}
