import { keyAtRisk, type CloudTrailKmsEvent, type KeyWatch } from '../../functions/domain/alerts/key-at-risk';

const LEDGER_ARN = 'arn:aws:qldb:us-east-1:000000000000:ledger/keydrill-ledger';
const KEY = 'arn:aws:kms:us-east-1:000000000000:key/aaaaaaaa-0000-0000-0000-000000000000';
const OTHER = 'arn:aws:kms:us-east-1:000000000000:key/bbbbbbbb-0000-0000-0000-000000000000';
const watch: KeyWatch = { ledgerName: 'keydrill-ledger', ledgerArn: LEDGER_ARN, kmsKeyArn: KEY, qldbGrantIds: new Set(['qldb-grant']), watchedAliases: new Set(['alias/keydrill-ledger']) };

/** A CloudTrail-shaped KMS event as the runtime's audit trail records it (runtime/services/kms/kms.ts). */
function kmsEvent(eventName: string, requestParameters: Record<string, unknown> | null, keyArn = KEY, extra: Partial<NonNullable<CloudTrailKmsEvent['detail']>> = {}): CloudTrailKmsEvent {
  return {
    source: 'aws.kms',
    'detail-type': 'AWS API Call via CloudTrail',
    detail: {
      eventName,
      eventTime: '2026-01-01T00:00:05Z',
      eventID: `event-${eventName}`,
      userIdentity: { arn: 'arn:aws:iam::000000000000:root' },
      requestParameters,
      responseElements: null,
      resources: [{ type: 'AWS::KMS::Key', ARN: keyArn }],
      ...extra,
    },
  };
}

describe('the calls that put the ledger key at risk', () => {
  test('DisableKey of the ledger key', () => {
    expect(keyAtRisk(kmsEvent('DisableKey', { keyId: 'alias/keydrill-ledger' }), watch)).toEqual({
      ledgerName: 'keydrill-ledger',
      alertId: expect.stringMatching(/^[0-9a-f]{32}$/),
      detailType: 'Ledger Key At Risk',
      time: '2026-01-01T00:00:05Z',
      resources: [LEDGER_ARN, KEY],
      detail: { ledgerName: 'keydrill-ledger', kmsKeyArn: KEY, eventName: 'DisableKey', eventTime: '2026-01-01T00:00:05Z', userIdentity: 'arn:aws:iam::000000000000:root', alertId: expect.any(String) },
    });
  });

  test('ScheduleKeyDeletion: the pending deletion date from the requested window, or from responseElements', () => {
    expect(keyAtRisk(kmsEvent('ScheduleKeyDeletion', { keyId: KEY, pendingWindowInDays: 7 }), watch)?.detail.pendingDeletionDate).toBe('2026-01-08T00:00:05.000Z');
    expect(keyAtRisk(kmsEvent('ScheduleKeyDeletion', { keyId: KEY }), watch)?.detail.pendingDeletionDate).toBe('2026-01-31T00:00:05.000Z');
    const answered = kmsEvent('ScheduleKeyDeletion', { keyId: KEY, pendingWindowInDays: 7 }, KEY, { responseElements: { keyId: KEY, deletionDate: '2026-01-09T00:00:00Z' } });
    expect(keyAtRisk(answered, watch)?.detail.pendingDeletionDate).toBe('2026-01-09T00:00:00.000Z');
  });

  test('PutKeyPolicy of the ledger key', () => {
    expect(keyAtRisk(kmsEvent('PutKeyPolicy', { keyId: KEY, policyName: 'default', policy: '{}' }), watch)?.detail.eventName).toBe('PutKeyPolicy');
  });

  test("RevokeGrant and RetireGrant of QLDB's grant, not of another grant", () => {
    expect(keyAtRisk(kmsEvent('RevokeGrant', { keyId: KEY, grantId: 'qldb-grant' }), watch)?.detail.eventName).toBe('RevokeGrant');
    expect(keyAtRisk(kmsEvent('RevokeGrant', { keyId: KEY, grantId: 'someone-else' }), watch)).toBeUndefined();
    // AWS records RetireGrant with requestParameters null and the grant in additionalEventData.
    expect(keyAtRisk(kmsEvent('RetireGrant', null, KEY, { additionalEventData: { grantId: 'qldb-grant' } }), watch)?.detail.eventName).toBe('RetireGrant');
    expect(keyAtRisk(kmsEvent('RetireGrant', { keyId: KEY, grantId: 'someone-else' }), watch)).toBeUndefined();
  });

  test('QLDB retiring its own grant (after a re-key) is not a risk; a user retiring it is', () => {
    const byQldb = { type: 'AWSService', arn: 'qldb.amazonaws.com', invokedBy: 'qldb.amazonaws.com' };
    expect(keyAtRisk(kmsEvent('RetireGrant', { keyId: KEY, grantId: 'qldb-grant' }, KEY, { userIdentity: byQldb }), watch)).toBeUndefined();
    const viaQldb = { type: 'AssumedRole', arn: 'arn:aws:sts::000000000000:assumed-role/app/s', invokedBy: 'qldb.amazonaws.com' };
    expect(keyAtRisk(kmsEvent('RetireGrant', { keyId: KEY, grantId: 'qldb-grant' }, KEY, { userIdentity: viaQldb }), watch)?.detail.userIdentity).toBe(viaQldb.arn);
  });

  test("when QLDB's grants are not known, any revoked grant of the ledger key warns", () => {
    const unknown = { ...watch, qldbGrantIds: undefined };
    expect(keyAtRisk(kmsEvent('RevokeGrant', { keyId: KEY, grantId: 'anything' }), unknown)?.detail.eventName).toBe('RevokeGrant');
  });

  test('UpdateAlias of an alias the stack names, whatever key it now points to; not of another alias', () => {
    const repointed = keyAtRisk(kmsEvent('UpdateAlias', { aliasName: 'alias/keydrill-ledger', targetKeyId: OTHER }, OTHER), watch);
    expect(repointed?.detail).toMatchObject({ eventName: 'UpdateAlias', aliasName: 'alias/keydrill-ledger', targetKeyId: OTHER, kmsKeyArn: KEY });
    expect(keyAtRisk(kmsEvent('UpdateAlias', { aliasName: 'alias/elsewhere', targetKeyId: KEY }), watch)).toBeUndefined();
  });
});

describe('what is not a risk to this ledger', () => {
  test.each(['DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy', 'RevokeGrant'])('%s of another key', (eventName) => {
    expect(keyAtRisk(kmsEvent(eventName, { keyId: OTHER, grantId: 'qldb-grant' }, OTHER), watch)).toBeUndefined();
  });

  test.each(['EnableKey', 'CancelKeyDeletion', 'CreateGrant', 'Decrypt'])('%s of the ledger key', (eventName) => {
    expect(keyAtRisk(kmsEvent(eventName, { keyId: KEY }), watch)).toBeUndefined();
  });

  test('an event from another source or of another detail-type', () => {
    expect(keyAtRisk({ ...kmsEvent('DisableKey', { keyId: KEY }), source: 'keydrill.ledger' }, watch)).toBeUndefined();
    expect(keyAtRisk({ ...kmsEvent('DisableKey', { keyId: KEY }), 'detail-type': 'KMS CMK Deletion' }, watch)).toBeUndefined();
  });

  test('the key named only by responseElements or an ARN keyId still counts', () => {
    expect(keyAtRisk(kmsEvent('DisableKey', { keyId: 'aaaaaaaa-0000-0000-0000-000000000000' }, KEY, { resources: [], responseElements: { keyId: KEY } }), watch)).toBeDefined();
    expect(keyAtRisk(kmsEvent('DisableKey', { keyId: KEY }, KEY, { resources: [] }), watch)).toBeDefined();
    expect(keyAtRisk(kmsEvent('DisableKey', { keyId: 'aaaaaaaa-0000-0000-0000-000000000000' }, KEY, { resources: [] }), watch)).toBeUndefined();
  });
});

describe('duplicates', () => {
  test('one CloudTrail event delivered twice gives the same alertId; two calls give two', () => {
    const once = keyAtRisk(kmsEvent('DisableKey', { keyId: KEY }), watch)!;
    const again = keyAtRisk(kmsEvent('DisableKey', { keyId: KEY }), watch)!;
    const other = keyAtRisk(kmsEvent('DisableKey', { keyId: KEY }, KEY, { eventID: 'a-second-call' }), watch)!;
    expect(again.alertId).toBe(once.alertId);
    expect(other.alertId).not.toBe(once.alertId);
  });
});
