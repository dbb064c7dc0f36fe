import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { putEventsEntry, type Alert } from '../domain/alerts/alerts';
import type { AlertEffect, Deliver, RecordState, StateKey, Versioned } from '../domain/alerts/effects';
import { ALERTS_PARTITION_KEY, ALERTS_SORT_KEY, STATUS_PARTITION_KEY, STATUS_SORT_KEY, keptAlert, raisedAt } from '../domain/alerts/schema';

export interface AlertTables {
  status: string;
  alerts: string;
  eventBusName: string;
}

/** Another publisher recorded a state since this one read it: read again and decide again. */
export class StateChangedError extends Error {
  override readonly name = 'StateChangedError';
}

const isConditionFailure = (e: unknown) => (e as Error)?.name === 'ConditionalCheckFailedException';

/** The alert functions' timeout (infra/constructs/encryption-alerts.ts): a claim outlives the run that took it. */
const CLAIM_LEASE_MS = 30_000;

/**
 * Executes alert effects (functions/domain/alerts/effects.ts) in order against the status table, the alerts
 * table and the alerts bus. Every other error propagates: the invocation fails and is retried, and whatever
 * was recorded as owed is delivered by the next check.
 */
export class AlertEffects {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly events: EventBridgeClient,
    private readonly tables: AlertTables,
  ) {}

  /** The recorded state, read consistently: a stale read would only cost a failed condition, but costs one. */
  async read<S extends Versioned>(key: StateKey): Promise<S | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tables.status, Key: { [STATUS_PARTITION_KEY]: key.ledgerName, [STATUS_SORT_KEY]: key.aspect }, ConsistentRead: true }));
    if (!Item) return undefined;
    const { [STATUS_PARTITION_KEY]: _l, [STATUS_SORT_KEY]: _a, pendingAlert, pendingAlertId: _p, ...state } = Item;
    return { ...state, ...(pendingAlert ? { pendingAlert: JSON.parse(pendingAlert as string) as Alert } : {}) } as S;
  }

  async run(effects: readonly AlertEffect[]): Promise<void> {
    for (const effect of effects) {
      if (effect.kind === 'record-state') await this.record(effect);
      else await this.deliver(effect);
    }
  }

  private async record(effect: RecordState): Promise<void> {
    const { pendingAlert, ...state } = effect.state;
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tables.status,
          Item: { ...state, ...(pendingAlert ? { pendingAlert: JSON.stringify(pendingAlert), pendingAlertId: pendingAlert.alertId } : {}), [STATUS_PARTITION_KEY]: effect.key.ledgerName, [STATUS_SORT_KEY]: effect.key.aspect },
          ConditionExpression: effect.expectedVersion === undefined ? 'attribute_not_exists(#pk)' : '#version = :expected',
          ExpressionAttributeNames: effect.expectedVersion === undefined ? { '#pk': STATUS_PARTITION_KEY } : { '#version': 'version' },
          ...(effect.expectedVersion === undefined ? {} : { ExpressionAttributeValues: { ':expected': effect.expectedVersion } }),
        }),
      );
    } catch (e) {
      if (isConditionFailure(e)) throw new StateChangedError(`${effect.key.ledgerName}/${effect.key.aspect} changed since it was read`);
      throw e;
    }
  }

  private async deliver({ alert, clearPendingOf }: Deliver): Promise<void> {
    const alreadyPublished = await this.keep(alert);
    if (!alreadyPublished) {
      // Two runs can owe the same alert (the loser of a race re-reads the record and finds it owed): only the
      // one that claims it publishes; the other leaves it, and its pendingAlert, to the claimant.
      if (!(await this.claim(alert))) return;
      const { FailedEntryCount, Entries } = await this.events.send(new PutEventsCommand({ Entries: [putEventsEntry(alert, this.tables.eventBusName)] }));
      if (FailedEntryCount) throw new Error(`PutEvents refused the alert ${alert.alertId}: ${Entries?.[0]?.ErrorCode} ${Entries?.[0]?.ErrorMessage}`);
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tables.alerts,
          Key: this.alertKey(alert),
          UpdateExpression: 'SET published = :true, publishedAt = :now REMOVE claimedUntil',
          ExpressionAttributeValues: { ':true': true, ':now': new Date().toISOString() },
        }),
      );
    }
    if (clearPendingOf) await this.clearPending(clearPendingOf, alert.alertId);
  }

  private alertKey = (alert: Alert) => ({ [ALERTS_PARTITION_KEY]: alert.ledgerName, [ALERTS_SORT_KEY]: raisedAt(alert) });

  /**
   * A lease on publishing the alert, as long as a function may run: a claimant that stopped before marking the
   * alert published loses it when the lease ends, and a later run publishes it.
   */
  private async claim(alert: Alert): Promise<boolean> {
    const now = Date.now();
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tables.alerts,
          Key: this.alertKey(alert),
          UpdateExpression: 'SET claimedUntil = :until',
          ConditionExpression: 'published <> :true AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)',
          ExpressionAttributeValues: { ':true': true, ':now': now, ':until': now + CLAIM_LEASE_MS },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  /** Keeps the alert (once per alertId); true when its kept item says it was published already. */
  private async keep(alert: Alert): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({ TableName: this.tables.alerts, Item: keptAlert(alert), ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': ALERTS_PARTITION_KEY }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
      );
      return false;
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      const existing = (e as { Item?: Record<string, unknown> }).Item;
      if (existing) return existing.published === true || (existing.published as { BOOL?: boolean })?.BOOL === true;
      const { Item } = await this.documents.send(new GetCommand({ TableName: this.tables.alerts, Key: this.alertKey(alert), ConsistentRead: true }));
      return Item?.published === true;
    }
  }

  /** Only if the status item still owes this alert: a newer transition's pendingAlert is left alone. */
  private async clearPending(key: StateKey, alertId: string): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tables.status,
          Key: { [STATUS_PARTITION_KEY]: key.ledgerName, [STATUS_SORT_KEY]: key.aspect },
          UpdateExpression: 'REMOVE pendingAlert, pendingAlertId',
          ConditionExpression: 'pendingAlertId = :id',
          ExpressionAttributeValues: { ':id': alertId },
        }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  }
}

/** How often a check re-reads after losing a race before it gives up (and the invocation is retried). */
const MAX_ATTEMPTS = 5;

/** Reads, decides and executes until the effects apply to the state they were decided on. */
export async function checkUntilSettled<S extends Versioned, D extends { kind: string; effects: AlertEffect[] }>(store: AlertEffects, key: StateKey, decide: (recorded: S | undefined) => D): Promise<D> {
  for (let attempt = 1; ; attempt++) {
    const decision = decide(await store.read<S>(key));
    try {
      await store.run(decision.effects);
      return decision;
    } catch (e) {
      if (!(e instanceof StateChangedError) || attempt >= MAX_ATTEMPTS) throw e;
    }
  }
}
