import {
  CancelKeyDeletionCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyRotationStatusCommand,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  type CreateKeyCommandInput,
} from '@aws-sdk/client-kms';
import { failure, keyArnOf, useRuntime } from '../helpers/runtime';
import { DAY_MS } from '../../runtime/core/clock';

// A low on-demand limit so the LimitExceededException path is reachable in a few calls.
const env = useRuntime({ kms: { onDemandRotationLimit: 2 } });
let signingKeyId: string;
beforeAll(async () => {
  signingKeyId = await createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
});

const keyArn = (id: string) => keyArnOf(env.runtime, id);
async function createKey(input: CreateKeyCommandInput = {}) {
  return (await env.clients.kms.send(new CreateKeyCommand(input))).KeyMetadata!.KeyId!;
}
const currentMaterial = async (id: string) => (await env.clients.kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!.CurrentKeyMaterialId!;
const rotationStatus = async (KeyId: string) => {
  const { $metadata: _metadata, ...members } = await env.clients.kms.send(new GetKeyRotationStatusCommand({ KeyId }));
  return members;
};
const rotations = async (KeyId: string, IncludeKeyMaterial?: 'ROTATIONS_ONLY' | 'ALL_KEY_MATERIAL') =>
  (await env.clients.kms.send(new ListKeyRotationsCommand({ KeyId, IncludeKeyMaterial }))).Rotations!;
const daysFromNow = (date: Date | undefined, days: number) => Math.abs(date!.getTime() - (env.runtime.clock.now().getTime() + days * DAY_MS));
const disabledKey = async () => {
  const id = await createKey();
  await env.clients.kms.send(new DisableKeyCommand({ KeyId: id }));
  return id;
};

describe('EnableKeyRotation', () => {
  describe('validations', () => {
    it.each([
      [89, 'greater than or equal to 90'],
      [2561, 'less than or equal to 2560'],
    ])('rejects RotationPeriodInDays %d', async (RotationPeriodInDays, rule) => {
      const id = await createKey();
      expect(await failure(env.clients.kms.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: `1 validation error detected: Value '${RotationPeriodInDays}' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value ${rule}`,
      });
      expect((await rotationStatus(id)).KeyRotationEnabled).toBe(false);
    });

    it('refuses a disabled key with DisabledException', async () => {
      const id = await disabledKey();
      expect(await failure(env.clients.kms.send(new EnableKeyRotationCommand({ KeyId: id })))).toEqual({ name: 'DisabledException', status: 400, message: `${keyArn(id)} is disabled.` });
    });

    it('refuses an asymmetric key with UnsupportedOperationException', async () => {
      const { name, status } = await failure(env.clients.kms.send(new EnableKeyRotationCommand({ KeyId: signingKeyId })));
      expect({ name, status }).toEqual({ name: 'UnsupportedOperationException', status: 400 });
    });
  });

  describe('functionality', () => {
    it('rotates yearly by default', async () => {
      const id = await createKey();
      await env.clients.kms.send(new EnableKeyRotationCommand({ KeyId: id }));
      const status = await rotationStatus(id);
      expect(status).toEqual({ KeyId: keyArn(id), KeyRotationEnabled: true, RotationPeriodInDays: 365, NextRotationDate: expect.any(Date) });
      expect(daysFromNow(status.NextRotationDate, 365)).toBeLessThan(60_000);
    });

    it.each([90, 2560])('accepts a period of %d days', async (RotationPeriodInDays) => {
      const id = await createKey();
      await env.clients.kms.send(new EnableKeyRotationCommand({ KeyId: keyArn(id), RotationPeriodInDays }));
      const status = await rotationStatus(id);
      expect(status).toEqual({ KeyId: keyArn(id), KeyRotationEnabled: true, RotationPeriodInDays, NextRotationDate: expect.any(Date) });
      expect(daysFromNow(status.NextRotationDate, RotationPeriodInDays)).toBeLessThan(60_000);
    });

    it('does not rotate anything itself', async () => {
      const id = await createKey();
      const before = await currentMaterial(id);
      await env.clients.kms.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 90 }));
      expect(await currentMaterial(id)).toBe(before);
      expect(await rotations(id)).toEqual([]);
    });
  });
});

describe('DisableKeyRotation', () => {
  it('turns automatic rotation off again', async () => {
    const id = await createKey();
    await env.clients.kms.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 90 }));
    await env.clients.kms.send(new DisableKeyRotationCommand({ KeyId: id }));
    expect(await rotationStatus(id)).toEqual({ KeyId: keyArn(id), KeyRotationEnabled: false });
  });

  it('refuses a disabled key with DisabledException', async () => {
    const id = await disabledKey();
    expect(await failure(env.clients.kms.send(new DisableKeyRotationCommand({ KeyId: id })))).toEqual({ name: 'DisabledException', status: 400, message: `${keyArn(id)} is disabled.` });
  });
});

describe('GetKeyRotationStatus', () => {
  it('reports only KeyId and KeyRotationEnabled: false while rotation is off', async () => {
    const id = await createKey();
    expect(await rotationStatus(id)).toEqual({ KeyId: keyArn(id), KeyRotationEnabled: false });
  });

  it('answers for a disabled key', async () => {
    const id = await disabledKey();
    expect(await rotationStatus(id)).toEqual({ KeyId: keyArn(id), KeyRotationEnabled: false });
  });

  it('reports rotation off while the key is pending deletion, and restores it on cancellation', async () => {
    const id = await createKey();
    await env.clients.kms.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 180 }));
    await env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
    expect(await rotationStatus(id)).toEqual({ KeyId: keyArn(id), KeyRotationEnabled: false });
    expect(await failure(env.clients.kms.send(new EnableKeyRotationCommand({ KeyId: id })))).toEqual({
      name: 'KMSInvalidStateException',
      status: 400,
      message: `${keyArn(id)} is pending deletion.`,
    });
    await env.clients.kms.send(new CancelKeyDeletionCommand({ KeyId: id }));
    expect(await rotationStatus(id)).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 180 });
  });

  it('refuses an asymmetric key with UnsupportedOperationException', async () => {
    const { name, status } = await failure(env.clients.kms.send(new GetKeyRotationStatusCommand({ KeyId: signingKeyId })));
    expect({ name, status }).toEqual({ name: 'UnsupportedOperationException', status: 400 });
  });

  it('takes only a key id or key ARN', async () => {
    expect(await failure(env.clients.kms.send(new GetKeyRotationStatusCommand({ KeyId: 'alias/anything' })))).toEqual({
      name: 'NotFoundException',
      status: 400,
      message: "Invalid keyId 'alias/anything'",
    });
  });
});

describe('RotateKeyOnDemand', () => {
  describe('validations', () => {
    it('refuses a disabled key with DisabledException', async () => {
      const id = await disabledKey();
      expect(await failure(env.clients.kms.send(new RotateKeyOnDemandCommand({ KeyId: id })))).toEqual({ name: 'DisabledException', status: 400, message: `${keyArn(id)} is disabled.` });
    });

    it('refuses an asymmetric key with UnsupportedOperationException', async () => {
      const { name, status } = await failure(env.clients.kms.send(new RotateKeyOnDemandCommand({ KeyId: signingKeyId })));
      expect({ name, status }).toEqual({ name: 'UnsupportedOperationException', status: 400 });
    });

    it('refuses a key pending deletion', async () => {
      const id = await createKey();
      await env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
      expect(await failure(env.clients.kms.send(new RotateKeyOnDemandCommand({ KeyId: id })))).toEqual({
        name: 'KMSInvalidStateException',
        status: 400,
        message: `${keyArn(id)} is pending deletion.`,
      });
    });

    it('stops at the configured on-demand limit with LimitExceededException', async () => {
      const id = await createKey();
      await env.clients.kms.send(new RotateKeyOnDemandCommand({ KeyId: id }));
      await env.clients.kms.send(new RotateKeyOnDemandCommand({ KeyId: id }));
      const material = await currentMaterial(id);
      expect(await failure(env.clients.kms.send(new RotateKeyOnDemandCommand({ KeyId: id })))).toEqual({
        name: 'LimitExceededException',
        status: 400,
        message: `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${keyArn(id)}`,
      });
      expect(await currentMaterial(id)).toBe(material);
      expect(await rotations(id)).toHaveLength(2);
    });
  });

  describe('functionality', () => {
    it('answers with the key ARN and makes new key material current', async () => {
      const id = await createKey();
      const before = await currentMaterial(id);
      expect(await env.clients.kms.send(new RotateKeyOnDemandCommand({ KeyId: id }))).toMatchObject({ KeyId: keyArn(id) });
      const after = await currentMaterial(id);
      expect(after).toMatch(/^[0-9a-f]{64}$/);
      expect(after).not.toBe(before);
    });

    it('leaves automatic rotation off and an automatic schedule untouched', async () => {
      const off = await createKey();
      await env.clients.kms.send(new RotateKeyOnDemandCommand({ KeyId: off }));
      expect(await rotationStatus(off)).toEqual({ KeyId: keyArn(off), KeyRotationEnabled: false });

      const on = await createKey();
      await env.clients.kms.send(new EnableKeyRotationCommand({ KeyId: on, RotationPeriodInDays: 400 }));
      const scheduled = await rotationStatus(on);
      await env.clients.kms.send(new RotateKeyOnDemandCommand({ KeyId: on }));
      expect(await rotationStatus(on)).toEqual(scheduled);
    });

    it('keeps old ciphertexts decryptable with the material that sealed them', async () => {
      const id = await createKey();
      const oldMaterial = await currentMaterial(id);
      const old = await env.clients.kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('before rotation') }));
      await env.clients.kms.send(new RotateKeyOnDemandCommand({ KeyId: id }));
      const newMaterial = await currentMaterial(id);
      const fresh = await env.clients.kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('after rotation') }));

      const oldDecrypted = await env.clients.kms.send(new DecryptCommand({ CiphertextBlob: old.CiphertextBlob }));
      expect(Buffer.from(oldDecrypted.Plaintext!).toString()).toBe('before rotation');
      expect(oldDecrypted.KeyMaterialId).toBe(oldMaterial);
      const freshDecrypted = await env.clients.kms.send(new DecryptCommand({ CiphertextBlob: fresh.CiphertextBlob, KeyId: id }));
      expect(Buffer.from(freshDecrypted.Plaintext!).toString()).toBe('after rotation');
      expect(freshDecrypted.KeyMaterialId).toBe(newMaterial);
      expect(freshDecrypted.KeyId).toBe(keyArn(id));
    });
  });
});

describe('ListKeyRotations', () => {
  let id: string;
  let materials: string[];
  beforeAll(async () => {
    id = await createKey();
    materials = [await currentMaterial(id)];
    for (let i = 0; i < 2; i++) {
      await env.clients.kms.send(new RotateKeyOnDemandCommand({ KeyId: id }));
      materials.push(await currentMaterial(id));
    }
  });

  it('rejects an unknown IncludeKeyMaterial', async () => {
    expect(await failure(env.clients.kms.send(new ListKeyRotationsCommand({ KeyId: id, IncludeKeyMaterial: 'SOME' as never })))).toEqual({
      name: 'ValidationException',
      status: 400,
      message: "1 validation error detected: Value 'SOME' at 'includeKeyMaterial' failed to satisfy constraint: Member must satisfy enum value set: [ALL_KEY_MATERIAL, ROTATIONS_ONLY]",
    });
  });

  it('lists nothing for a key that never rotated, unless all key material is asked for', async () => {
    const fresh = await createKey();
    expect(await rotations(fresh)).toEqual([]);
    expect(await rotations(fresh, 'ROTATIONS_ONLY')).toEqual([]);
    expect(await rotations(fresh, 'ALL_KEY_MATERIAL')).toEqual([{ KeyId: fresh, KeyMaterialId: await currentMaterial(fresh), KeyMaterialState: 'CURRENT' }]);
  });

  it('lists only rotations by default (ROTATIONS_ONLY)', async () => {
    const expected = [
      { KeyId: id, KeyMaterialId: materials[1], KeyMaterialState: 'NON_CURRENT', RotationDate: expect.any(Date), RotationType: 'ON_DEMAND' },
      { KeyId: id, KeyMaterialId: materials[2], KeyMaterialState: 'CURRENT', RotationDate: expect.any(Date), RotationType: 'ON_DEMAND' },
    ];
    expect(await rotations(id)).toEqual(expected);
    expect(await rotations(id, 'ROTATIONS_ONLY')).toEqual(expected);
  });

  it('adds the original key material with ALL_KEY_MATERIAL', async () => {
    const all = await rotations(id, 'ALL_KEY_MATERIAL');
    expect(all.map((r) => r.KeyMaterialId)).toEqual(materials);
    expect(all[0]).toEqual({ KeyId: id, KeyMaterialId: materials[0], KeyMaterialState: 'NON_CURRENT' });
    expect(all.map((r) => r.KeyMaterialState)).toEqual(['NON_CURRENT', 'NON_CURRENT', 'CURRENT']);
  });

  it('pages with Limit and Marker', async () => {
    const first = await env.clients.kms.send(new ListKeyRotationsCommand({ KeyId: id, Limit: 1 }));
    expect(first).toMatchObject({ Truncated: true, Rotations: [{ KeyMaterialId: materials[1] }] });
    const second = await env.clients.kms.send(new ListKeyRotationsCommand({ KeyId: id, Limit: 1, Marker: first.NextMarker }));
    expect(second).toMatchObject({ Truncated: false, Rotations: [{ KeyMaterialId: materials[2] }] });
    expect(second.NextMarker).toBeUndefined();
  });

  it('refuses an asymmetric key with UnsupportedOperationException', async () => {
    const { name, status } = await failure(env.clients.kms.send(new ListKeyRotationsCommand({ KeyId: signingKeyId })));
    expect({ name, status }).toEqual({ name: 'UnsupportedOperationException', status: 400 });
  });
});

// Advances the runtime clock past a rotation period, so it runs last in this file.
describe('automatic rotation', () => {
  it('rotates a key when the runtime clock passes NextRotationDate, and schedules the next one', async () => {
    const id = await createKey();
    await env.clients.kms.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 90 }));
    const sealed = await env.clients.kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('pre-rotation') }));
    const original = await currentMaterial(id);

    const paused = await createKey();
    await env.clients.kms.send(new EnableKeyRotationCommand({ KeyId: paused, RotationPeriodInDays: 90 }));
    await env.clients.kms.send(new DisableKeyCommand({ KeyId: paused }));
    const pausedMaterial = await currentMaterial(paused);

    env.runtime.clock.advance(90 * DAY_MS + 60_000);

    const rotated = await currentMaterial(id);
    expect(rotated).not.toBe(original);
    expect(await rotations(id)).toEqual([{ KeyId: id, KeyMaterialId: rotated, KeyMaterialState: 'CURRENT', RotationDate: expect.any(Date), RotationType: 'AUTOMATIC' }]);
    const status = await rotationStatus(id);
    expect(status).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 90 });
    expect(daysFromNow(status.NextRotationDate, 90)).toBeLessThan(60_000);
    const decrypted = await env.clients.kms.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob }));
    expect(decrypted.KeyMaterialId).toBe(original);

    const events = env.runtime.trail.list().filter((e) => e['detail-type'] === 'KMS CMK Rotation' && e.resources[0] === keyArn(id));
    expect(events).toHaveLength(1);
    expect(events[0].detail).toMatchObject({ 'rotation-type': 'AUTOMATIC', 'previous-key-material-id': original, 'current-key-material-id': rotated });

    // A disabled key does not rotate; the overdue rotation happens when it is enabled again.
    expect(await currentMaterial(paused)).toBe(pausedMaterial);
    await env.clients.kms.send(new EnableKeyCommand({ KeyId: paused }));
    expect(await currentMaterial(paused)).not.toBe(pausedMaterial);
    expect((await rotations(paused))[0].RotationType).toBe('AUTOMATIC');
  });
});
