import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  ListAliasesCommand,
  ReEncryptCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import { kmsTarget, rawRequest } from '../helpers/raw-request';
import { failure, keyArnOf, rejectionOf, useRuntime } from '../helpers/runtime';
import { DAY_MS } from '../../runtime/core/clock';

const env = useRuntime();
let keyId: string;
let otherKeyId: string;
beforeAll(async () => {
  keyId = await createKey();
  otherKeyId = await createKey();
  await env.clients.kms.send(new CreateAliasCommand({ AliasName: 'alias/crypto', TargetKeyId: keyId }));
});

/** Errors KMS sends with an empty message; the SDK then reports its own placeholder, so only name and status are compared. */
async function failureName(call: Promise<unknown>) {
  const { name, status } = await failure(call);
  return { name, status };
}

const keyArn = (id: string) => keyArnOf(env.runtime, id);
async function createKey() {
  return (await env.clients.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
}
const currentMaterial = async (id: string) => (await env.clients.kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!.CurrentKeyMaterialId;
const encrypt = async (text: string, EncryptionContext?: Record<string, string>, KeyId = keyId) =>
  (await env.clients.kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from(text), EncryptionContext }))).CiphertextBlob!;
const decryptText = async (CiphertextBlob: Uint8Array, EncryptionContext?: Record<string, string>) =>
  Buffer.from((await env.clients.kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext }))).Plaintext!).toString();
const INVALID_CIPHERTEXT = { name: 'InvalidCiphertextException', status: 400 };
const DRY_RUN = { name: 'DryRunOperationException', status: 400, message: 'The request would have succeeded, but the DryRun option is set.' };

describe('Encrypt', () => {
  describe('serializations', () => {
    it('sends blobs as base64 strings both ways', async () => {
      const res = await rawRequest(env.runtime, { headers: kmsTarget('Encrypt'), body: JSON.stringify({ KeyId: keyId, Plaintext: Buffer.from('wire').toString('base64') }) });
      expect(res.status).toBe(200);
      const body = res.json();
      expect(body).toEqual({ CiphertextBlob: expect.stringMatching(/^[A-Za-z0-9+/]+={0,2}$/), KeyId: keyArn(keyId), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
      expect(await decryptText(Buffer.from(body.CiphertextBlob, 'base64'))).toBe('wire');
    });

    it.each([
      ['Plaintext that is not base64', '{"KeyId": "k", "Plaintext": "***"}'],
      ['EncryptionContext that is a list', '{"KeyId": "k", "Plaintext": "eA==", "EncryptionContext": ["a"]}'],
    ])('rejects %s with SerializationException', async (_case, body) => {
      const res = await rawRequest(env.runtime, { headers: kmsTarget('Encrypt'), body });
      expect(res.status).toBe(400);
      expect(res.json().__type).toBe('SerializationException');
    });
  });

  describe('validations', () => {
    it('rejects plaintext over 4096 bytes without echoing it', async () => {
      expect(await failure(env.clients.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.alloc(4097, 1) })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
      });
    });

    it('rejects empty plaintext', async () => {
      expect(await failure(env.clients.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array(0) })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1",
      });
    });

    it('rejects an unknown EncryptionAlgorithm', async () => {
      const { name, message } = await failure(env.clients.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'ROT13' as never })));
      expect(name).toBe('ValidationException');
      expect(message).toBe(
        "1 validation error detected: Value 'ROT13' at 'encryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, SM2PKE]",
      );
    });

    it('answers DryRun with DryRunOperationException', async () => {
      expect(await failure(env.clients.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), DryRun: true })))).toEqual(DRY_RUN);
    });
  });

  describe('functionality', () => {
    it('answers with the ciphertext, the key ARN and the algorithm', async () => {
      const res = await env.clients.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('hello') }));
      expect(res.KeyId).toBe(keyArn(keyId));
      expect(res.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
      expect(res.CiphertextBlob).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(res.CiphertextBlob!).includes(Buffer.from('hello'))).toBe(false);
    });

    it('never produces the same ciphertext twice', async () => {
      const [a, b] = [await encrypt('same'), await encrypt('same')];
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    });

    it('keeps a 4096-byte plaintext within the 6144-byte ciphertext limit', async () => {
      const plaintext = randomBytes(4096);
      const { CiphertextBlob } = await env.clients.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
      expect(CiphertextBlob!.length).toBeLessThanOrEqual(6144);
      const { Plaintext } = await env.clients.kms.send(new DecryptCommand({ CiphertextBlob }));
      expect(Buffer.from(Plaintext!).equals(plaintext)).toBe(true);
    });

    it('encrypts under an alias', async () => {
      const res = await env.clients.kms.send(new EncryptCommand({ KeyId: 'alias/crypto', Plaintext: Buffer.from('x') }));
      expect(res.KeyId).toBe(keyArn(keyId));
    });
  });
});

describe('Decrypt', () => {
  describe('validations', () => {
    it('rejects a ciphertext over 6144 bytes', async () => {
      expect(await failure(env.clients.kms.send(new DecryptCommand({ CiphertextBlob: Buffer.alloc(6145, 1) })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: "1 validation error detected: Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length less than or equal to 6144",
      });
    });

    it('answers DryRun with DryRunOperationException', async () => {
      const CiphertextBlob = await encrypt('dry');
      expect(await failure(env.clients.kms.send(new DecryptCommand({ CiphertextBlob, DryRun: true })))).toEqual(DRY_RUN);
    });
  });

  describe('functionality', () => {
    it('round-trips without a KeyId: the ciphertext names its key', async () => {
      const CiphertextBlob = await encrypt('round trip');
      const res = await env.clients.kms.send(new DecryptCommand({ CiphertextBlob }));
      expect(res).toMatchObject({ KeyId: keyArn(keyId), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyMaterialId: await currentMaterial(keyId) });
      expect(Buffer.from(res.Plaintext!).toString()).toBe('round trip');
    });

    it.each([
      ['key id', () => keyId],
      ['key ARN', () => keyArn(keyId)],
      ['alias name', () => 'alias/crypto'],
    ])('round-trips with the KeyId given as %s', async (_form, keyIdOf) => {
      const CiphertextBlob = await encrypt('named');
      const res = await env.clients.kms.send(new DecryptCommand({ CiphertextBlob, KeyId: keyIdOf() }));
      expect(Buffer.from(res.Plaintext!).toString()).toBe('named');
      expect(res.KeyId).toBe(keyArn(keyId));
    });

    it('refuses a KeyId other than the encrypting key with IncorrectKeyException', async () => {
      const CiphertextBlob = await encrypt('wrong key');
      expect(await failure(env.clients.kms.send(new DecryptCommand({ CiphertextBlob, KeyId: otherKeyId })))).toEqual({
        name: 'IncorrectKeyException',
        status: 400,
        message: 'The key ID in the request does not identify a CMK that can perform this operation.',
      });
    });
  });

  describe('encryption context', () => {
    const context = { ledger: 'drill', table: 'accounts' };

    it('decrypts with exactly the same pairs, in any order', async () => {
      const CiphertextBlob = await encrypt('bound', context);
      expect(await decryptText(CiphertextBlob, { table: 'accounts', ledger: 'drill' })).toBe('bound');
      expect(await decryptText(CiphertextBlob, context)).toBe('bound');
    });

    it.each([
      ['missing', undefined],
      ['with a different value', { ledger: 'drill', table: 'ACCOUNTS' }],
      ['with a differently cased key', { Ledger: 'drill', table: 'accounts' }],
      ['with a pair left out', { ledger: 'drill' }],
      ['with an extra pair', { ...context, extra: 'x' }],
    ])('refuses a context that is %s with InvalidCiphertextException', async (_case, given) => {
      const CiphertextBlob = await encrypt('bound', context);
      expect(await failureName(env.clients.kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: given })))).toEqual(INVALID_CIPHERTEXT);
    });

    it('refuses a context on a ciphertext made without one', async () => {
      const CiphertextBlob = await encrypt('unbound');
      expect(await failureName(env.clients.kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { a: 'b' } })))).toEqual(INVALID_CIPHERTEXT);
    });

    it('sends InvalidCiphertextException with an empty message', async () => {
      const CiphertextBlob = await encrypt('bound', context);
      const res = await rawRequest(env.runtime, { headers: kmsTarget('Decrypt'), body: JSON.stringify({ CiphertextBlob: Buffer.from(CiphertextBlob).toString('base64') }) });
      expect(res.status).toBe(400);
      expect(res.json()).toEqual({ __type: 'InvalidCiphertextException', message: '' });
    });

    it('cannot be confused by moving a separator between key and value', async () => {
      const CiphertextBlob = await encrypt('bound', { a: 'b:c' });
      expect(await failureName(env.clients.kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { 'a:b': 'c' } })))).toEqual(INVALID_CIPHERTEXT);
    });
  });

  describe('tampered ciphertext', () => {
    const plaintext = 'do not tamper';
    let blob: Buffer;
    /**
     * Regions of the runtime's symmetric format (runtime/services/kms/crypto.ts), counted from the end:
     * header | IV (12) | GCM tag (16) | body (as long as the plaintext).
     */
    const regions = () => {
      const bodyStart = blob.length - plaintext.length;
      const tagStart = bodyStart - 16;
      const ivStart = tagStart - 12;
      return { header: [0, ivStart], IV: [ivStart, tagStart], tag: [tagStart, bodyStart], body: [bodyStart, blob.length] } as Record<string, [number, number]>;
    };
    /** The blob with every bit of one byte inverted. */
    const flipped = (offset: number) => {
      const copy = Buffer.from(blob);
      copy[offset] ^= 0xff;
      return copy;
    };
    beforeAll(async () => {
      blob = Buffer.from(await encrypt(plaintext));
    });

    it.each(['header', 'IV', 'tag', 'body'])('refuses a flipped byte at the start, middle and end of the %s', async (region) => {
      const [start, end] = regions()[region];
      for (const offset of [start, Math.floor((start + end) / 2), end - 1]) {
        expect(await failureName(env.clients.kms.send(new DecryptCommand({ CiphertextBlob: flipped(offset) })))).toEqual(INVALID_CIPHERTEXT);
      }
    });

    it('refuses a flipped byte at every offset', async () => {
      const outcomes = new Set<string>();
      for (let offset = 0; offset < blob.length; offset++) {
        const err = await rejectionOf(env.clients.kms.send(new DecryptCommand({ CiphertextBlob: flipped(offset) })));
        outcomes.add(err.name);
      }
      expect([...outcomes]).toEqual(['InvalidCiphertextException']);
    });

    it.each([
      ['truncated', () => blob.subarray(0, blob.length - 1)],
      ['cut to its header', () => blob.subarray(0, 20)],
      ['random bytes', () => randomBytes(blob.length)],
      ['extended', () => Buffer.concat([blob, Buffer.from([0])])],
    ])('refuses a ciphertext that is %s', async (_case, make) => {
      expect(await failureName(env.clients.kms.send(new DecryptCommand({ CiphertextBlob: make() })))).toEqual(INVALID_CIPHERTEXT);
    });

    it('still decrypts the untouched original', async () => {
      expect(await decryptText(blob)).toBe(plaintext);
    });
  });
});

describe('ReEncrypt', () => {
  describe('validations', () => {
    it('requires DestinationKeyId', async () => {
      const CiphertextBlob = await encrypt('x');
      expect(await failure(env.clients.kms.send(new ReEncryptCommand({ CiphertextBlob } as never)))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: "1 validation error detected: Value null at 'destinationKeyId' failed to satisfy constraint: Member must not be null",
      });
    });

    it('refuses a SourceKeyId other than the encrypting key with IncorrectKeyException', async () => {
      const CiphertextBlob = await encrypt('x');
      const { name, status } = await failure(env.clients.kms.send(new ReEncryptCommand({ CiphertextBlob, SourceKeyId: otherKeyId, DestinationKeyId: otherKeyId })));
      expect({ name, status }).toEqual({ name: 'IncorrectKeyException', status: 400 });
    });

    it('needs the source context', async () => {
      const CiphertextBlob = await encrypt('x', { a: '1' });
      expect(await failureName(env.clients.kms.send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: otherKeyId })))).toEqual(INVALID_CIPHERTEXT);
    });

    it('answers DryRun with DryRunOperationException', async () => {
      const CiphertextBlob = await encrypt('x');
      expect(await failure(env.clients.kms.send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: otherKeyId, DryRun: true })))).toEqual(DRY_RUN);
    });
  });

  describe('functionality', () => {
    it('moves a ciphertext to another key and context, reporting both keys and materials', async () => {
      const CiphertextBlob = await encrypt('moved', { stage: 'before' });
      const res = await env.clients.kms.send(
        new ReEncryptCommand({
          CiphertextBlob,
          SourceEncryptionContext: { stage: 'before' },
          DestinationKeyId: otherKeyId,
          DestinationEncryptionContext: { stage: 'after' },
        }),
      );
      const { $metadata: _metadata, ...members } = res;
      expect(members).toEqual({
        CiphertextBlob: expect.any(Uint8Array),
        SourceKeyId: keyArn(keyId),
        KeyId: keyArn(otherKeyId),
        SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        SourceKeyMaterialId: await currentMaterial(keyId),
        DestinationKeyMaterialId: await currentMaterial(otherKeyId),
      });
      const decrypted = await env.clients.kms.send(new DecryptCommand({ CiphertextBlob: res.CiphertextBlob, EncryptionContext: { stage: 'after' } }));
      expect(decrypted.KeyId).toBe(keyArn(otherKeyId));
      expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('moved');
      expect(await failureName(env.clients.kms.send(new DecryptCommand({ CiphertextBlob: res.CiphertextBlob, KeyId: keyId, EncryptionContext: { stage: 'after' } })))).toEqual({
        name: 'IncorrectKeyException',
        status: 400,
      });
    });
  });
});

describe('GenerateDataKey', () => {
  describe('validations', () => {
    it.each([
      ['both KeySpec and NumberOfBytes', { KeySpec: 'AES_256' as const, NumberOfBytes: 32 }],
      ['neither KeySpec nor NumberOfBytes', {}],
    ])('rejects %s', async (_case, sizing) => {
      const { name, status } = await failure(env.clients.kms.send(new GenerateDataKeyCommand({ KeyId: keyId, ...sizing })));
      expect({ name, status }).toEqual({ name: 'ValidationException', status: 400 });
    });

    it.each([
      [0, 'greater than or equal to 1'],
      [1025, 'less than or equal to 1024'],
    ])('rejects NumberOfBytes %d', async (NumberOfBytes, rule) => {
      expect(await failure(env.clients.kms.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: `1 validation error detected: Value '${NumberOfBytes}' at 'numberOfBytes' failed to satisfy constraint: Member must have value ${rule}`,
      });
    });

    it('rejects an unknown KeySpec', async () => {
      expect(await failure(env.clients.kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_512' as never })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: "1 validation error detected: Value 'AES_512' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]",
      });
    });

    it('answers DryRun with DryRunOperationException', async () => {
      expect(await failure(env.clients.kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', DryRun: true })))).toEqual(DRY_RUN);
    });
  });

  describe('functionality', () => {
    it.each([
      [{ KeySpec: 'AES_256' as const }, 32],
      [{ KeySpec: 'AES_128' as const }, 16],
      [{ NumberOfBytes: 1 }, 1],
      [{ NumberOfBytes: 1024 }, 1024],
    ])('generates a data key for %j of %d bytes', async (sizing, bytes) => {
      const res = await env.clients.kms.send(new GenerateDataKeyCommand({ KeyId: keyId, ...sizing }));
      expect(res.Plaintext).toHaveLength(bytes);
      expect(res.KeyId).toBe(keyArn(keyId));
      expect(res.KeyMaterialId).toBe(await currentMaterial(keyId));
    });

    it('seals the same plaintext it returns, bound to the context', async () => {
      const EncryptionContext = { purpose: 'data key' };
      const res = await env.clients.kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/crypto', KeySpec: 'AES_256', EncryptionContext }));
      const decrypted = await env.clients.kms.send(new DecryptCommand({ CiphertextBlob: res.CiphertextBlob, EncryptionContext }));
      expect(Buffer.from(decrypted.Plaintext!).equals(Buffer.from(res.Plaintext!))).toBe(true);
      expect(await failureName(env.clients.kms.send(new DecryptCommand({ CiphertextBlob: res.CiphertextBlob })))).toEqual(INVALID_CIPHERTEXT);
    });

    it('never hands out the same data key twice', async () => {
      const [a, b] = await Promise.all([1, 2].map(() => env.clients.kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }))));
      expect(Buffer.from(a.Plaintext!).equals(Buffer.from(b.Plaintext!))).toBe(false);
    });
  });
});

describe('GenerateDataKeyWithoutPlaintext', () => {
  it('returns the sealed key, its key ARN and material, but no Plaintext', async () => {
    const res = await env.clients.kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
    const { $metadata: _metadata, ...members } = res;
    expect(members).toEqual({ CiphertextBlob: expect.any(Uint8Array), KeyId: keyArn(keyId), KeyMaterialId: await currentMaterial(keyId) });
    const decrypted = await env.clients.kms.send(new DecryptCommand({ CiphertextBlob: res.CiphertextBlob }));
    expect(decrypted.Plaintext).toHaveLength(32);
  });

  it('rejects both KeySpec and NumberOfBytes', async () => {
    const { name } = await failure(env.clients.kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, KeySpec: 'AES_128', NumberOfBytes: 16 })));
    expect(name).toBe('ValidationException');
  });
});

describe('GenerateRandom', () => {
  it.each([1, 32, 1024])('returns %d random bytes', async (NumberOfBytes) => {
    expect((await env.clients.kms.send(new GenerateRandomCommand({ NumberOfBytes }))).Plaintext).toHaveLength(NumberOfBytes);
  });

  it('never returns the same bytes twice', async () => {
    const [a, b] = [await env.clients.kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 })), await env.clients.kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }))];
    expect(Buffer.from(a.Plaintext!).equals(Buffer.from(b.Plaintext!))).toBe(false);
  });

  it.each([
    [0, 'greater than or equal to 1'],
    [1025, 'less than or equal to 1024'],
  ])('rejects NumberOfBytes %d', async (NumberOfBytes, rule) => {
    expect(await failure(env.clients.kms.send(new GenerateRandomCommand({ NumberOfBytes })))).toEqual({
      name: 'ValidationException',
      status: 400,
      message: `1 validation error detected: Value '${NumberOfBytes}' at 'numberOfBytes' failed to satisfy constraint: Member must have value ${rule}`,
    });
  });
});

// Advances the runtime clock past a deletion window, so it runs last in this file.
describe('a ciphertext whose key was deleted', () => {
  it('is refused with the AccessDeniedException KMS gives for unusable ciphertext keys, and the key is gone', async () => {
    const doomed = await createKey();
    await env.clients.kms.send(new CreateAliasCommand({ AliasName: 'alias/doomed', TargetKeyId: doomed }));
    const CiphertextBlob = await encrypt('orphan', undefined, doomed);
    await env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed, PendingWindowInDays: 7 }));
    env.runtime.clock.advance(7 * DAY_MS + 60_000);

    expect(await failure(env.clients.kms.send(new DecryptCommand({ CiphertextBlob })))).toEqual({
      name: 'AccessDeniedException',
      status: 400,
      message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
    });
    expect(await failure(env.clients.kms.send(new DescribeKeyCommand({ KeyId: doomed })))).toEqual({
      name: 'NotFoundException',
      status: 400,
      message: `Key '${keyArn(doomed)}' does not exist`,
    });
    const aliases = (await env.clients.kms.send(new ListAliasesCommand({}))).Aliases!.map((a) => a.AliasName);
    expect(aliases).not.toContain('alias/doomed');
    expect(aliases).toContain('alias/crypto');
    expect(await decryptText(await encrypt('survivor'))).toBe('survivor');
  });
});
