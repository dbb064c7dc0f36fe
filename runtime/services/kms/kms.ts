import { randomUUID } from 'node:crypto';
import type { AuditTrail } from '../../core/audit-trail';
import { DAY_MS, type Clock } from '../../core/clock';
import { defineOperation, type CallContext } from '../../core/operation';
import { scopeOf, type Scope } from '../../core/scope';
import type { RuntimeTimers } from '../../core/timers';
import type { IdentityStore } from '../../identity/identity-store';
import { userId } from '../../identity/principal';
import { authorizeAccountAction, authorizeKeyAction, type KmsRequestFacts } from './authorizer';
import { newMaterial } from './crypto';
import { assertKeyState, type StateRule } from './key-state';
import { resolveKey } from './key-resolution';
import type { KmsKey } from './model';
import type { KmsStore } from './store';

export interface KmsConfig {
  /** RotateKeyOnDemand limit per key. The model documents 25; AWS enforced 10 in a 2025 test. */
  onDemandRotationLimit: number;
}

export const DEFAULT_KMS_CONFIG: KmsConfig = { onDemandRotationLimit: 25 };

/** Default automatic rotation period (EnableKeyRotation without RotationPeriodInDays). */
export const DEFAULT_ROTATION_PERIOD_DAYS = 365;

interface UseOptions {
  action: string;
  rule: StateRule;
  allowAlias?: boolean;
  facts?: KmsRequestFacts;
}

/** The state every KMS operation works on, and the checks they share. */
export class Kms {
  readonly scope: Scope;

  constructor(
    readonly store: KmsStore,
    readonly identity: IdentityStore,
    readonly clock: Clock,
    private readonly timers: RuntimeTimers,
    readonly trail: AuditTrail,
    readonly config: KmsConfig,
  ) {
    this.scope = scopeOf(identity);
    // After a restart, the windows still pending are armed again from the stored dates.
    for (const key of store.keys()) {
      for (const date of [key.deletionDate, key.rotation.nextRotationDate]) if (date) this.armDueChange(key.keyId, date);
    }
  }

  now(): Date {
    return this.clock.now();
  }

  /**
   * Resolves a KeyId parameter, authorizes the caller for `action` on the key, then checks the
   * key state — in the order KMS reports failures (NotFound, AccessDenied, then key state).
   */
  use(ctx: CallContext, keyIdParam: string, options: UseOptions): KmsKey {
    this.applyDueChanges();
    const key = resolveKey(this.store, this.scope, keyIdParam, options.allowAlias ?? false);
    const requestAlias = keyIdParam.includes('alias/') ? keyIdParam.slice(keyIdParam.indexOf('alias/')) : undefined;
    const facts = { requestAlias, resourceAliases: this.store.aliasesOf(key.keyId).map((a) => a.name), ...options.facts };
    authorizeKeyAction(this.identity, ctx.caller, options.action, key, facts, this.now());
    assertKeyState(key, options.rule);
    return key;
  }

  authorizeAccount(ctx: CallContext, action: string): void {
    this.applyDueChanges();
    authorizeAccountAction(this.identity, ctx.caller, action, this.now());
  }

  /** Rotates a symmetric key's material; old material is kept so old ciphertexts still decrypt. */
  rotate(key: KmsKey, type: 'AUTOMATIC' | 'ON_DEMAND'): void {
    const previous = key.materials[key.materials.length - 1];
    const current = newMaterial(this.now(), type);
    key.materials.push(current);
    // The 2025 detail of the native event (docs/eventbridge.md#kms-events); keydrill keys are all of origin AWS_KMS.
    this.trail.record(
      this.serviceEvent('KMS CMK Rotation', key, {
        'key-origin': 'AWS_KMS',
        'rotation-type': type,
        ...(previous ? { 'previous-key-material-id': previous.id } : {}),
        'current-key-material-id': current.id,
      }),
    );
  }

  /**
   * Makes a key's pending change — its deletion at the end of the waiting period, or its next automatic
   * rotation — happen when the runtime clock reaches `date` (an ISO string, as stored), with or without a
   * request. A timer is not cancelled when its change is called off or moved: it re-checks the key when it
   * fires, so a stale one does nothing.
   */
  armDueChange(keyId: string, date: string): void {
    this.timers.at(new Date(date), () => {
      const key = this.store.key(keyId);
      if (key) this.applyDueChanges([key]);
    });
  }

  /**
   * Applies the deletions and automatic rotations that are due by the runtime clock. The timers armed by
   * `armDueChange` call it when a change falls due; KMS calls also call it first, so a request never sees a
   * change late, and EnableKey calls it so a rotation that fell due while the key was disabled happens then.
   */
  applyDueChanges(keys: KmsKey[] = this.store.keys()): void {
    const now = this.now();
    let changed = false;
    for (const key of keys) changed = this.applyDueChange(key, now) || changed;
    if (changed) this.store.commit();
  }

  private applyDueChange(key: KmsKey, now: Date): boolean {
    if (key.state === 'PendingDeletion' && key.deletionDate && new Date(key.deletionDate) <= now) {
      this.store.deleteKey(key.keyId);
      this.trail.record(this.serviceEvent('KMS CMK Deletion', key));
      return true;
    }
    if (key.state === 'Enabled' && key.rotation.enabled && key.rotation.nextRotationDate && new Date(key.rotation.nextRotationDate) <= now) {
      this.rotate(key, 'AUTOMATIC');
      key.rotation.nextRotationDate = new Date(now.getTime() + (key.rotation.periodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS) * DAY_MS).toISOString();
      this.armDueChange(key.keyId, key.rotation.nextRotationDate);
      return true;
    }
    return false;
  }

  /** Records a management call as CloudTrail delivers it to EventBridge ("AWS API Call via CloudTrail"). */
  recordApiCall(ctx: CallContext, eventName: string, key: KmsKey, requestParameters: Record<string, unknown>): void {
    const p = ctx.caller.principal;
    const time = this.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.trail.record({
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.kms',
      account: this.scope.account,
      time,
      region: this.scope.region,
      resources: [],
      detail: {
        eventVersion: '1.08',
        userIdentity: {
          type: p.kind === 'root' ? 'Root' : p.kind === 'assumed-role' ? 'AssumedRole' : 'AWSService',
          principalId: userId(p),
          arn: p.arn,
          accountId: p.account,
          ...(ctx.caller.viaService ? { invokedBy: ctx.caller.viaService } : {}),
        },
        eventTime: time,
        eventSource: 'kms.amazonaws.com',
        eventName,
        awsRegion: this.scope.region,
        sourceIPAddress: ctx.caller.viaService ?? '127.0.0.1',
        userAgent: 'keydrill',
        requestParameters,
        responseElements: null,
        requestID: ctx.requestId,
        eventID: randomUUID(),
        readOnly: false,
        resources: [{ accountId: this.scope.account, type: 'AWS::KMS::Key', ARN: key.arn }],
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: this.scope.account,
        eventCategory: 'Management',
      },
    });
  }

  private serviceEvent(detailType: string, key: KmsKey, detail: Record<string, unknown> = {}) {
    return {
      'detail-type': detailType,
      source: 'aws.kms',
      account: this.scope.account,
      time: this.now().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.scope.region,
      resources: [key.arn],
      detail: { 'key-id': key.keyId, ...detail },
    };
  }
}

/** Declares a KMS operation; its input and output types come from @aws-sdk/client-kms (types only). */
export const operation = defineOperation<Kms>();
