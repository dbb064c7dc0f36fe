import { ENCRYPTION_STATUSES, type EncryptionStatus, type StatusChangedAlert } from '../../functions/domain/alerts/alerts';
import type { Deliver, RecordState } from '../../functions/domain/alerts/effects';
import { AWS_OWNED_KMS_KEY, decideEncryption, observeLedger, type EncryptionObservation, type RecordedEncryption } from '../../functions/domain/alerts/encryption-status';

const LEDGER_ARN = 'arn:aws:qldb:us-east-1:000000000000:ledger/keydrill-ledger';
const KEY_A = 'arn:aws:kms:us-east-1:000000000000:key/aaaaaaaa-0000-0000-0000-000000000000';
const KEY_B = 'arn:aws:kms:us-east-1:000000000000:key/bbbbbbbb-0000-0000-0000-000000000000';

const recorded = (status: EncryptionStatus, overrides: Partial<RecordedEncryption> = {}): RecordedEncryption => ({ status, kmsKeyArn: KEY_A, version: 3, observedAt: '2026-01-01T00:00:10.000Z', ...overrides });
const observed = (status: EncryptionStatus, overrides: Partial<EncryptionObservation> = {}): EncryptionObservation => ({
  ledgerName: 'keydrill-ledger',
  ledgerArn: LEDGER_ARN,
  status,
  kmsKeyArn: KEY_A,
  observedAt: '2026-01-01T00:00:20.500Z',
  detectedBy: 'monitor',
  ...overrides,
});

describe('every pair of statuses', () => {
  const pairs = ENCRYPTION_STATUSES.flatMap((from) => ENCRYPTION_STATUSES.map((to) => [from, to] as const));
  test.each(pairs)('%s → %s', (from, to) => {
    const decision = decideEncryption(recorded(from), observed(to));
    if (from === to) {
      expect(decision).toEqual({ kind: 'unchanged', effects: [] });
      return;
    }
    expect(decision.kind).toBe('transition');
    const { alert, effects } = decision as unknown as { alert: StatusChangedAlert; effects: [RecordState, Deliver] };
    expect(alert.detail).toMatchObject({ previousStatus: from, status: to, kmsKeyArn: KEY_A, previousKmsKeyArn: KEY_A, detectedBy: 'monitor', observedAt: '2026-01-01T00:00:20.500Z' });
    expect(alert).toMatchObject({ detailType: 'Ledger Encryption Status Changed', time: '2026-01-01T00:00:20Z', resources: [LEDGER_ARN, KEY_A], alertId: alert.detail.transitionId });
    // One conditional write on the version it read, carrying the alert; then the delivery of that alert.
    expect(effects).toEqual([
      { kind: 'record-state', key: { ledgerName: 'keydrill-ledger', aspect: 'ENCRYPTION' }, expectedVersion: 3, state: { status: to, kmsKeyArn: KEY_A, observedAt: '2026-01-01T00:00:20.500Z', version: 4, pendingAlert: alert } },
      { kind: 'deliver', alert, clearPendingOf: { ledgerName: 'keydrill-ledger', aspect: 'ENCRYPTION' } },
    ]);
  });
});

describe('keys', () => {
  test('a key change with the same status is a transition, naming both keys', () => {
    const decision = decideEncryption(recorded('ENABLED'), observed('ENABLED', { kmsKeyArn: KEY_B }));
    expect(decision.kind).toBe('transition');
    expect((decision as { alert: StatusChangedAlert }).alert.detail).toMatchObject({ previousStatus: 'ENABLED', status: 'ENABLED', previousKmsKeyArn: KEY_A, kmsKeyArn: KEY_B });
    expect((decision as { alert: StatusChangedAlert }).alert.resources).toEqual([LEDGER_ARN, KEY_B]);
  });

  test('a re-key seen as ENABLED → UPDATING → ENABLED names the new key from UPDATING on', () => {
    const toUpdating = decideEncryption(recorded('ENABLED'), observed('UPDATING', { kmsKeyArn: KEY_B })) as { alert: StatusChangedAlert };
    expect(toUpdating.alert.detail).toMatchObject({ previousStatus: 'ENABLED', status: 'UPDATING', previousKmsKeyArn: KEY_A, kmsKeyArn: KEY_B });
    const back = decideEncryption(recorded('UPDATING', { kmsKeyArn: KEY_B, version: 4 }), observed('ENABLED', { kmsKeyArn: KEY_B, observedAt: '2026-01-01T00:00:30.000Z' })) as { alert: StatusChangedAlert };
    expect(back.alert.detail).toMatchObject({ previousStatus: 'UPDATING', status: 'ENABLED', previousKmsKeyArn: KEY_B, kmsKeyArn: KEY_B });
  });

  test('inaccessibleKmsKeyDateTime is carried when inaccessible', () => {
    const decision = decideEncryption(recorded('ENABLED'), observed('KMS_KEY_INACCESSIBLE', { inaccessibleKmsKeyDateTime: '2026-01-01T00:00:19.000Z' })) as unknown as { alert: StatusChangedAlert; effects: [RecordState] };
    expect(decision.alert.detail.inaccessibleKmsKeyDateTime).toBe('2026-01-01T00:00:19.000Z');
    expect(decision.effects[0].state).toMatchObject({ inaccessibleKmsKeyDateTime: '2026-01-01T00:00:19.000Z' });
    const recovered = decideEncryption(recorded('KMS_KEY_INACCESSIBLE', { inaccessibleKmsKeyDateTime: '2026-01-01T00:00:09.000Z' }), observed('ENABLED')) as { alert: StatusChangedAlert };
    expect(recovered.alert.detail).not.toHaveProperty('inaccessibleKmsKeyDateTime');
  });
});

describe('first observations', () => {
  test('an ENABLED ledger seen first is recorded as the baseline, without an alert', () => {
    expect(decideEncryption(undefined, observed('ENABLED'))).toEqual({
      kind: 'baseline',
      effects: [{ kind: 'record-state', key: { ledgerName: 'keydrill-ledger', aspect: 'ENCRYPTION' }, expectedVersion: undefined, state: { status: 'ENABLED', kmsKeyArn: KEY_A, observedAt: '2026-01-01T00:00:20.500Z', version: 1 } }],
    });
  });

  test('a ledger first seen inaccessible raises an alert with no previous status (the write requires the item absent)', () => {
    const decision = decideEncryption(undefined, observed('KMS_KEY_INACCESSIBLE')) as unknown as { kind: string; alert: StatusChangedAlert; effects: [RecordState] };
    expect(decision.kind).toBe('transition');
    expect(decision.alert.detail).toMatchObject({ previousStatus: null, previousKmsKeyArn: null, status: 'KMS_KEY_INACCESSIBLE' });
    expect(decision.effects[0]).toMatchObject({ expectedVersion: undefined, state: { version: 1 } });
  });

  test('DescribeLedger without EncryptionDescription reads as the AWS-owned key, ENABLED', () => {
    const o = observeLedger({ Name: 'l', Arn: LEDGER_ARN }, new Date('2026-01-01T00:00:00.000Z'), 'journal-stream');
    expect(o).toEqual({ ledgerName: 'l', ledgerArn: LEDGER_ARN, status: 'ENABLED', kmsKeyArn: AWS_OWNED_KMS_KEY, observedAt: '2026-01-01T00:00:00.000Z', detectedBy: 'journal-stream' });
  });

  test('DescribeLedger with an inaccessible key keeps its date; an ENABLED one drops it', () => {
    const when = new Date('2026-01-01T00:00:05.000Z');
    const description = (EncryptionStatus: string) => ({ Name: 'l', Arn: LEDGER_ARN, EncryptionDescription: { KmsKeyArn: KEY_A, EncryptionStatus, InaccessibleKmsKeyDateTime: when } });
    expect(observeLedger(description('KMS_KEY_INACCESSIBLE'), when, 'monitor').inaccessibleKmsKeyDateTime).toBe('2026-01-01T00:00:05.000Z');
    expect(observeLedger(description('ENABLED'), when, 'monitor')).not.toHaveProperty('inaccessibleKmsKeyDateTime');
  });
});

describe('duplicates and order', () => {
  test('the same change seen twice from the same record gives the same transitionId (racing publishers agree)', () => {
    const a = decideEncryption(recorded('ENABLED'), observed('KMS_KEY_INACCESSIBLE', { detectedBy: 'monitor' })) as { alert: StatusChangedAlert };
    const b = decideEncryption(recorded('ENABLED'), observed('KMS_KEY_INACCESSIBLE', { detectedBy: 'journal-stream', observedAt: '2026-01-01T00:00:21.000Z' })) as { alert: StatusChangedAlert };
    expect(a.alert.detail.transitionId).toBe(b.alert.detail.transitionId);
    expect(a.alert.detail.transitionId).toMatch(/^[0-9a-f]{32}$/);
  });

  test('the same statuses at another version are another transition (disable, enable, disable again)', () => {
    const first = decideEncryption(recorded('ENABLED', { version: 3 }), observed('KMS_KEY_INACCESSIBLE')) as { alert: StatusChangedAlert };
    const again = decideEncryption(recorded('ENABLED', { version: 5 }), observed('KMS_KEY_INACCESSIBLE')) as { alert: StatusChangedAlert };
    expect(first.alert.detail.transitionId).not.toBe(again.alert.detail.transitionId);
  });

  test('once the change is recorded, the loser of the race re-reads it and does nothing', () => {
    const winner = decideEncryption(recorded('ENABLED'), observed('KMS_KEY_INACCESSIBLE')) as unknown as { effects: [RecordState] };
    const { pendingAlert: _owed, ...written } = winner.effects[0].state as RecordedEncryption;
    expect(decideEncryption(written, observed('KMS_KEY_INACCESSIBLE', { observedAt: '2026-01-01T00:00:21.000Z' }))).toEqual({ kind: 'unchanged', effects: [] });
  });

  test('an older observation never overwrites a newer one', () => {
    const newer = recorded('KMS_KEY_INACCESSIBLE', { observedAt: '2026-01-01T00:00:30.000Z' });
    expect(decideEncryption(newer, observed('ENABLED', { observedAt: '2026-01-01T00:00:29.999Z' }))).toEqual({ kind: 'stale', effects: [] });
    expect(decideEncryption(newer, observed('ENABLED', { observedAt: '2026-01-01T00:00:30.001Z' })).kind).toBe('transition');
  });

  test('an alert the record still owes is delivered first, whatever the observation says', () => {
    const owing = decideEncryption(recorded('ENABLED'), observed('KMS_KEY_INACCESSIBLE')) as unknown as { alert: StatusChangedAlert; effects: [RecordState] };
    const state = owing.effects[0].state as RecordedEncryption;
    const owed = { kind: 'deliver', alert: owing.alert, clearPendingOf: { ledgerName: 'keydrill-ledger', aspect: 'ENCRYPTION' } };
    expect(decideEncryption(state, observed('KMS_KEY_INACCESSIBLE', { observedAt: '2026-01-01T00:00:21.000Z' }))).toEqual({ kind: 'unchanged', effects: [owed] });
    expect(decideEncryption(state, observed('ENABLED', { observedAt: '2026-01-01T00:00:10.000Z' }))).toEqual({ kind: 'stale', effects: [owed] });
    const next = decideEncryption(state, observed('ENABLED', { observedAt: '2026-01-01T00:00:40.000Z' }));
    expect(next.kind).toBe('transition');
    expect(next.effects[0]).toEqual(owed);
    expect(next.effects[1]).toMatchObject({ kind: 'record-state', expectedVersion: 4 });
  });
});
