import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
} from '@aws-sdk/client-kms';
import { randomUUID } from 'node:crypto';
import { kmsTarget, rawRequest } from '../helpers/raw-request';
import { failure, keyArnOf, useRuntime } from '../helpers/runtime';
import { DAY_MS } from '../../runtime/core/clock';

const env = useRuntime();

const keyArn = (id: string) => keyArnOf(env.runtime, id);
const metadataOf = async (KeyId: string) => (await env.clients.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!;
const createKey = async () => (await env.clients.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;

type State = 'Enabled' | 'Disabled' | 'PendingDeletion';

interface TestKey {
  keyId: string;
  ciphertext: Uint8Array;
}

/** A fresh key in `state`, with a ciphertext made while it was still enabled. */
async function keyIn(state: State): Promise<TestKey> {
  const keyId = await createKey();
  const { CiphertextBlob } = await env.clients.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('state matrix') }));
  if (state === 'Disabled') await env.clients.kms.send(new DisableKeyCommand({ KeyId: keyId }));
  if (state === 'PendingDeletion') await env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
  return { keyId, ciphertext: CiphertextBlob! };
}

/** Every operation is called with the bare key id, so the ARN in the messages is KMS's own doing. */
const operations: Record<string, (key: TestKey) => Promise<{ $metadata: { httpStatusCode?: number } }>> = {
  Encrypt: (k) => env.clients.kms.send(new EncryptCommand({ KeyId: k.keyId, Plaintext: Buffer.from('x') })),
  Decrypt: (k) => env.clients.kms.send(new DecryptCommand({ CiphertextBlob: k.ciphertext })),
  GenerateDataKey: (k) => env.clients.kms.send(new GenerateDataKeyCommand({ KeyId: k.keyId, KeySpec: 'AES_256' })),
  CreateGrant: (k) => env.clients.kms.send(new CreateGrantCommand({ KeyId: k.keyId, GranteePrincipal: `arn:aws:iam::${env.runtime.account}:root`, Operations: ['Decrypt'] })),
  DescribeKey: (k) => env.clients.kms.send(new DescribeKeyCommand({ KeyId: k.keyId })),
  EnableKey: (k) => env.clients.kms.send(new EnableKeyCommand({ KeyId: k.keyId })),
  DisableKey: (k) => env.clients.kms.send(new DisableKeyCommand({ KeyId: k.keyId })),
  ScheduleKeyDeletion: (k) => env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: k.keyId, PendingWindowInDays: 7 })),
  CancelKeyDeletion: (k) => env.clients.kms.send(new CancelKeyDeletionCommand({ KeyId: k.keyId })),
  CreateAlias: (k) => env.clients.kms.send(new CreateAliasCommand({ AliasName: `alias/state-${randomUUID()}`, TargetKeyId: k.keyId })),
  TagResource: (k) => env.clients.kms.send(new TagResourceCommand({ KeyId: k.keyId, Tags: [{ TagKey: 'drill', TagValue: 'yes' }] })),
};

/** Outcomes of the key-state matrix (docs/kms.md#key-states) with the footnote messages. */
type Outcome = 'OK' | 'disabled' | 'pending' | 'not-pending';
const expectedFailure = (outcome: Exclude<Outcome, 'OK'>, arn: string) =>
  ({
    disabled: { name: 'DisabledException', status: 400, message: `${arn} is disabled.` },
    pending: { name: 'KMSInvalidStateException', status: 400, message: `${arn} is pending deletion.` },
    'not-pending': { name: 'KMSInvalidStateException', status: 400, message: `${arn} is not pending deletion.` },
  })[outcome];

const MATRIX: [operation: string, enabled: Outcome, disabled: Outcome, pendingDeletion: Outcome][] = [
  ['Encrypt', 'OK', 'disabled', 'pending'],
  ['Decrypt', 'OK', 'disabled', 'pending'],
  ['GenerateDataKey', 'OK', 'disabled', 'pending'],
  ['CreateGrant', 'OK', 'disabled', 'pending'],
  ['DescribeKey', 'OK', 'OK', 'OK'],
  ['EnableKey', 'OK', 'OK', 'pending'],
  ['DisableKey', 'OK', 'OK', 'pending'],
  ['ScheduleKeyDeletion', 'OK', 'OK', 'pending'],
  ['CancelKeyDeletion', 'not-pending', 'not-pending', 'OK'],
  ['CreateAlias', 'OK', 'OK', 'pending'],
  ['TagResource', 'OK', 'OK', 'pending'],
];

const STATES: State[] = ['Enabled', 'Disabled', 'PendingDeletion'];
const CASES = MATRIX.flatMap(([operation, ...outcomes]) => STATES.map((state, i) => [operation, state, outcomes[i]] as const));

describe('the key-state matrix', () => {
  it.each(CASES)('%s on a key that is %s: %s', async (operation, state, outcome) => {
    const key = await keyIn(state);
    const call = operations[operation](key);
    if (outcome === 'OK') {
      expect((await call).$metadata.httpStatusCode).toBe(200);
    } else {
      expect(await failure(call)).toEqual(expectedFailure(outcome, keyArn(key.keyId)));
    }
  });

  it('names the key by ARN when the caller named it by alias', async () => {
    const key = await keyIn('Disabled');
    const AliasName = `alias/state-${randomUUID()}`;
    await env.clients.kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: key.keyId }));
    expect(await failure(env.clients.kms.send(new EncryptCommand({ KeyId: AliasName, Plaintext: Buffer.from('x') })))).toEqual(expectedFailure('disabled', keyArn(key.keyId)));
  });

  it('checks the key exists before its state', async () => {
    const absent = randomUUID();
    expect(await failure(env.clients.kms.send(new CancelKeyDeletionCommand({ KeyId: absent })))).toEqual({
      name: 'NotFoundException',
      status: 400,
      message: `Key '${keyArn(absent)}' does not exist`,
    });
  });

  it('puts the state error on the wire as __type + message with HTTP 400', async () => {
    const key = await keyIn('Disabled');
    const res = await rawRequest(env.runtime, { headers: kmsTarget('Encrypt'), body: JSON.stringify({ KeyId: key.keyId, Plaintext: Buffer.from('x').toString('base64') }) });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('DisabledException');
    expect(res.json()).toEqual({ __type: 'DisabledException', message: `${keyArn(key.keyId)} is disabled.` });
  });
});

describe('EnableKey / DisableKey', () => {
  it('disables: KeyState Disabled, Enabled false; idempotent', async () => {
    const keyId = await createKey();
    await env.clients.kms.send(new DisableKeyCommand({ KeyId: keyId }));
    await env.clients.kms.send(new DisableKeyCommand({ KeyId: keyArn(keyId) }));
    expect(await metadataOf(keyId)).toMatchObject({ KeyState: 'Disabled', Enabled: false });
  });

  it('re-enables: the old ciphertext decrypts again', async () => {
    const key = await keyIn('Disabled');
    await env.clients.kms.send(new EnableKeyCommand({ KeyId: keyArn(key.keyId) }));
    await env.clients.kms.send(new EnableKeyCommand({ KeyId: key.keyId }));
    expect(await metadataOf(key.keyId)).toMatchObject({ KeyState: 'Enabled', Enabled: true });
    const { Plaintext } = await env.clients.kms.send(new DecryptCommand({ CiphertextBlob: key.ciphertext }));
    expect(Buffer.from(Plaintext!).toString()).toBe('state matrix');
  });

  it('takes only a key id or key ARN', async () => {
    const keyId = await createKey();
    const AliasName = `alias/state-${randomUUID()}`;
    await env.clients.kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: keyId }));
    expect(await failure(env.clients.kms.send(new DisableKeyCommand({ KeyId: AliasName })))).toEqual({ name: 'NotFoundException', status: 400, message: `Invalid keyId '${AliasName}'` });
  });
});

describe('ScheduleKeyDeletion', () => {
  describe('validations', () => {
    it.each([6, 31, 365])('accepts only 7–30 days, not %d', async (PendingWindowInDays) => {
      const keyId = await createKey();
      expect(await failure(env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: `PendingWindowInDays should be between 7 and 30, but it is ${PendingWindowInDays}`,
      });
      expect((await metadataOf(keyId)).KeyState).toBe('Enabled');
    });

    it('rejects a window outside the model range 1–365 with the model message', async () => {
      const keyId = await createKey();
      expect(await failure(env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 0 })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: "1 validation error detected: Value '0' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 1",
      });
    });
  });

  describe('functionality', () => {
    it('schedules deletion after 30 days by default and answers with the key ARN', async () => {
      const keyId = await createKey();
      const res = await env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId }));
      expect(res).toMatchObject({ KeyId: keyArn(keyId), KeyState: 'PendingDeletion', PendingWindowInDays: 30 });
      expect(Math.abs(res.DeletionDate!.getTime() - (env.runtime.clock.now().getTime() + 30 * DAY_MS))).toBeLessThan(60_000);
    });

    it.each([7, 30])('accepts a window of %d days', async (PendingWindowInDays) => {
      const keyId = await createKey();
      const res = await env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays }));
      expect(res.PendingWindowInDays).toBe(PendingWindowInDays);
    });

    it('describes the key as PendingDeletion, not enabled, with its DeletionDate', async () => {
      const keyId = await createKey();
      const { DeletionDate } = await env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
      expect(await metadataOf(keyId)).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false, DeletionDate });
    });

    it('refuses a second schedule with KMSInvalidStateException', async () => {
      const keyId = await createKey();
      await env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
      expect(await failure(env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 })))).toEqual(expectedFailure('pending', keyArn(keyId)));
    });
  });
});

describe('CancelKeyDeletion', () => {
  it('answers with the key ARN and leaves the key Disabled without a DeletionDate', async () => {
    const key = await keyIn('PendingDeletion');
    expect(await env.clients.kms.send(new CancelKeyDeletionCommand({ KeyId: key.keyId }))).toMatchObject({ KeyId: keyArn(key.keyId) });
    const metadata = await metadataOf(key.keyId);
    expect(metadata).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(metadata).not.toHaveProperty('DeletionDate');
    expect(await failure(env.clients.kms.send(new DecryptCommand({ CiphertextBlob: key.ciphertext })))).toEqual(expectedFailure('disabled', keyArn(key.keyId)));
  });

  it('needs EnableKey afterwards before the key encrypts again', async () => {
    const key = await keyIn('PendingDeletion');
    await env.clients.kms.send(new CancelKeyDeletionCommand({ KeyId: keyArn(key.keyId) }));
    await env.clients.kms.send(new EnableKeyCommand({ KeyId: key.keyId }));
    const { Plaintext } = await env.clients.kms.send(new DecryptCommand({ CiphertextBlob: key.ciphertext }));
    expect(Buffer.from(Plaintext!).toString()).toBe('state matrix');
  });
});
