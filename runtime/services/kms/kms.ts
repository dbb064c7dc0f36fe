import { randomUUID } from 'node:crypto';
import type { AuditTrail } from '../../core/audit-trail';
import { DAY_MS, type Clock } from '../../core/clock';
import { defineOperation, type CallContext } from '../../core/operation';
import { scopeOf, type Scope } from '../../core/scope';
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
    readonly trail: AuditTrail,
    readonly config: KmsConfig,
  ) {
    this.scope = scopeOf(identity);
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
    key.materials.push(newMaterial(this.now(), type));
    this.trail.record(this.serviceEvent('KMS CMK Rotation', key));
  }

  /**
   * Deletions whose waiting period has ended and automatic rotations that are due happen lazily,
   * on the next KMS call, against the runtime clock — so advancing the clock makes them happen.
   */
  applyDueChanges(): void {
    const now = this.now();
    let changed = false;
    for (const key of this.store.keys()) {
      if (key.state === 'PendingDeletion' && key.deletionDate && new Date(key.deletionDate) <= now) {
        this.store.deleteKey(key.keyId);
        this.trail.record(this.serviceEvent('KMS CMK Deletion', key));
        changed = true;
      } else if (key.state === 'Enabled' && key.rotation.enabled && key.rotation.nextRotationDate && new Date(key.rotation.nextRotationDate) <= now) {
        this.rotate(key, 'AUTOMATIC');
        key.rotation.nextRotationDate = new Date(now.getTime() + (key.rotation.periodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS) * DAY_MS).toISOString();
        changed = true;
      }
    }
    if (changed) this.store.commit();
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

  private serviceEvent(detailType: string, key: KmsKey) {
    return {
      'detail-type': detailType,
      source: 'aws.kms',
      account: this.scope.account,
      time: this.now().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.scope.region,
      resources: [key.arn],
      detail: { 'key-id': key.keyId },
    };
  }
}

/** Declares a KMS operation; its input and output types come from @aws-sdk/client-kms (types only). */
export const operation = defineOperation<Kms>();
