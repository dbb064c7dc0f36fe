import { canonicalJson, leftChanged, repairsFor, type KeyStateSnapshot } from '../../functions/domain/drills/baseline';

const LEDGER = 'arn:aws:kms:us-east-1:111122223333:key/ledger';
const ROTATE = 'arn:aws:kms:us-east-1:111122223333:key/rotate';
const POLICY = canonicalJson('{"Version":"2012-10-17","Statement":[]}');

const baseline: KeyStateSnapshot = {
  ledgerName: 'keydrill-ledger',
  ledgerKeyArn: LEDGER,
  ledgerStatus: 'ENABLED',
  aliases: { 'alias/keydrill/ledger': LEDGER },
  keys: { [LEDGER]: { state: 'Enabled', policy: POLICY }, [ROTATE]: { state: 'Enabled', policy: POLICY } },
  qldbGrantIds: ['g1'],
};
const now = (change: Partial<KeyStateSnapshot>): KeyStateSnapshot => ({ ...baseline, ...change });

describe('repairsFor', () => {
  test('nothing differs: nothing to repair, nothing left', () => {
    expect(repairsFor(baseline, baseline)).toEqual([]);
    expect(leftChanged(baseline, baseline)).toEqual([]);
  });

  test('a new grant id for QLDB is not a difference (a renewed grant has a new id)', () => {
    expect(repairsFor(baseline, now({ qldbGrantIds: ['g2'] }))).toEqual([]);
  });

  test('a key pending deletion: cancel, then enable (cancelling leaves it Disabled)', () => {
    expect(repairsFor(baseline, now({ ledgerStatus: 'KMS_KEY_INACCESSIBLE', keys: { ...baseline.keys, [LEDGER]: { state: 'PendingDeletion', policy: POLICY } } }))).toEqual([
      { kind: 'cancel-deletion', keyArn: LEDGER },
      { kind: 'enable-key', keyArn: LEDGER },
    ]);
  });

  test('keys first, then policies, aliases and the ledger key; no grant renewal when the ledger moves back anyway', () => {
    const other = canonicalJson('{"Statement":[{"Sid":"x"}],"Version":"2012-10-17"}');
    const repairs = repairsFor(baseline, now({ ledgerKeyArn: ROTATE, aliases: { 'alias/keydrill/ledger': ROTATE }, keys: { [LEDGER]: { state: 'Disabled', policy: other }, [ROTATE]: { state: 'Enabled', policy: POLICY } }, qldbGrantIds: [] }));
    expect(repairs.map((r) => r.kind)).toEqual(['enable-key', 'put-key-policy', 'point-alias', 'update-ledger-key']);
  });

  test("QLDB's grant gone while the ledger stays on its key: renewed", () => {
    expect(repairsFor(baseline, now({ qldbGrantIds: [] }))).toEqual([{ kind: 'renew-qldb-grant', keyArn: LEDGER }]);
  });

  test('a key disabled in the baseline is disabled again', () => {
    const disabled = { ...baseline, keys: { ...baseline.keys, [ROTATE]: { state: 'Disabled', policy: POLICY } } };
    expect(repairsFor(disabled, baseline)).toEqual([{ kind: 'disable-key', keyArn: ROTATE }]);
  });

  test('leftChanged names each difference and a ledger that is not ENABLED', () => {
    expect(leftChanged(baseline, now({ ledgerStatus: 'KMS_KEY_INACCESSIBLE', aliases: { 'alias/keydrill/ledger': ROTATE } }))).toEqual([
      `alias alias/keydrill/ledger does not point at ${LEDGER}`,
      'the ledger is KMS_KEY_INACCESSIBLE, not ENABLED',
    ]);
  });
});

test('canonicalJson ignores key order and whitespace, not values', () => {
  expect(canonicalJson('{ "b": 1, "a": [ {"d": 2, "c": 3} ] }')).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  expect(canonicalJson('{"a":1}')).not.toBe(canonicalJson('{"a":2}'));
});
