import { randomUUID } from 'node:crypto';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  UpdateKeyDescriptionCommand,
  type CreateKeyCommandInput,
  type DescribeKeyCommandInput,
  type Tag,
} from '@aws-sdk/client-kms';
import { kmsTarget, rawRequest } from '../helpers/raw-request';
import { failure, keyArnOf, rejectionOf, useRuntime } from '../helpers/runtime';

const env = useRuntime();

const keyArn = (id: string) => keyArnOf(env.runtime, id);
const aliasArn = (name: string) => `arn:aws:kms:${env.runtime.region}:${env.runtime.account}:${name}`;
const createKey = async (input: CreateKeyCommandInput = {}) => (await env.clients.kms.send(new CreateKeyCommand(input))).KeyMetadata!;

/** KeySpec enum of the 2026 KMS model, in model order (docs/kms.md#createkey). */
const KEY_SPEC_ENUM =
  '[RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, ECC_NIST_EDWARDS25519, SYMMETRIC_DEFAULT, HMAC_224, HMAC_256, HMAC_384, HMAC_512, SM2, ML_DSA_44, ML_DSA_65, ML_DSA_87]';

describe('CreateKey', () => {
  describe('serializations', () => {
    it('returns CreationDate as epoch seconds on the wire', async () => {
      const res = await rawRequest(env.runtime, { headers: kmsTarget('CreateKey'), body: '{}' });
      expect(res.status).toBe(200);
      const created = res.json().KeyMetadata.CreationDate;
      expect(typeof created).toBe('number');
      expect(Math.abs(created - Date.now() / 1000)).toBeLessThan(60);
    });

    it.each([
      ['Description as a number', '{"Description": 5}'],
      ['Tags as an object', '{"Tags": {"TagKey": "a"}}'],
      ['BypassPolicyLockoutSafetyCheck as a string', '{"BypassPolicyLockoutSafetyCheck": "yes"}'],
    ])('rejects %s with SerializationException', async (_case, body) => {
      const res = await rawRequest(env.runtime, { headers: kmsTarget('CreateKey'), body });
      expect(res.status).toBe(400);
      expect(res.json().__type).toBe('SerializationException');
    });
  });

  describe('validations', () => {
    it('rejects an unknown KeySpec with the model enum in the message', async () => {
      expect(await failure(env.clients.kms.send(new CreateKeyCommand({ KeySpec: 'AES_999' as never })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: `1 validation error detected: Value 'AES_999' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: ${KEY_SPEC_ENUM}`,
      });
    });

    it('rejects an unknown KeyUsage with the model enum in the message', async () => {
      expect(await failure(env.clients.kms.send(new CreateKeyCommand({ KeyUsage: 'WRAP' as never })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message:
          "1 validation error detected: Value 'WRAP' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: [ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC, KEY_AGREEMENT]",
      });
    });

    it('counts every violation in one message', async () => {
      const { name, message } = await failure(env.clients.kms.send(new CreateKeyCommand({ KeySpec: 'X' as never, KeyUsage: 'Y' as never })));
      expect(name).toBe('ValidationException');
      expect(message).toMatch(/^2 validation errors detected: /);
      expect(message).toContain("Value 'X' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [");
      expect(message).toContain("Value 'Y' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: [");
    });

    it('rejects a Description longer than 8192 characters', async () => {
      const { name, message } = await failure(env.clients.kms.send(new CreateKeyCommand({ Description: 'd'.repeat(8193) })));
      expect(name).toBe('ValidationException');
      expect(message).toMatch(/at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192$/);
    });

    it.each(['ECC_NIST_P256', 'RSA_2048'] as const)('requires KeyUsage for %s', async (KeySpec) => {
      expect(await failure(env.clients.kms.send(new CreateKeyCommand({ KeySpec })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.',
      });
    });

    it('rejects a KeyUsage the KeySpec cannot have', async () => {
      expect(await failure(env.clients.kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'ENCRYPT_DECRYPT' })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: 'KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec ECC_NIST_P256',
      });
    });

    it('rejects duplicate tag keys', async () => {
      const Tags = [{ TagKey: 'team', TagValue: 'a' }, { TagKey: 'team', TagValue: 'b' }];
      expect(await failure(env.clients.kms.send(new CreateKeyCommand({ Tags })))).toEqual({ name: 'TagException', status: 400, message: 'Duplicate tag keys' });
    });

    it('rejects tag keys with the reserved aws: prefix', async () => {
      const Tags = [{ TagKey: 'aws:owner', TagValue: 'me' }];
      expect(await failure(env.clients.kms.send(new CreateKeyCommand({ Tags })))).toEqual({
        name: 'TagException',
        status: 400,
        message: 'Tags beginning with aws: are reserved',
      });
    });

    it('rejects more than 50 tags', async () => {
      const Tags = Array.from({ length: 51 }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' }));
      expect(await failure(env.clients.kms.send(new CreateKeyCommand({ Tags })))).toEqual({ name: 'TagException', status: 400, message: 'Too many tags' });
    });

    it('rejects a tag key longer than 128 characters', async () => {
      const { name, message } = await failure(env.clients.kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'k'.repeat(129), TagValue: 'v' }] })));
      expect(name).toBe('ValidationException');
      expect(message).toMatch(/^1 validation error detected: .* at 'tags' failed to satisfy constraint: .*Member must have length less than or equal to 128/);
    });

    it('creates nothing when a request is rejected', async () => {
      const before = (await env.clients.kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys!.length;
      await rejectionOf(env.clients.kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'aws:x', TagValue: 'v' }] })));
      expect((await env.clients.kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys).toHaveLength(before);
    });
  });

  describe('functionality', () => {
    it('creates a symmetric encryption key with the defaults, described with exactly the AWS-recorded members', async () => {
      const created = await createKey();
      const { KeyMetadata: described } = await env.clients.kms.send(new DescribeKeyCommand({ KeyId: created.KeyId }));
      for (const metadata of [created, described!]) {
        expect(Object.keys(metadata).sort()).toEqual([
          'AWSAccountId',
          'Arn',
          'CreationDate',
          'CurrentKeyMaterialId',
          'CustomerMasterKeySpec',
          'Description',
          'Enabled',
          'EncryptionAlgorithms',
          'KeyId',
          'KeyManager',
          'KeySpec',
          'KeyState',
          'KeyUsage',
          'MultiRegion',
          'Origin',
        ]);
        expect(metadata).toEqual({
          AWSAccountId: env.runtime.account,
          Arn: keyArn(created.KeyId!),
          CreationDate: expect.any(Date),
          CurrentKeyMaterialId: expect.stringMatching(/^[0-9a-f]{64}$/),
          CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
          Description: '',
          Enabled: true,
          EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
          KeyId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
          KeyManager: 'CUSTOMER',
          KeySpec: 'SYMMETRIC_DEFAULT',
          KeyState: 'Enabled',
          KeyUsage: 'ENCRYPT_DECRYPT',
          MultiRegion: false,
          Origin: 'AWS_KMS',
        });
      }
      expect(described!.CurrentKeyMaterialId).toBe(created.CurrentKeyMaterialId);
      expect(Math.abs(created.CreationDate!.getTime() - Date.now())).toBeLessThan(60_000);
    });

    it('gives every key its own id', async () => {
      const [a, b] = await Promise.all([createKey(), createKey()]);
      expect(a.KeyId).not.toBe(b.KeyId);
      expect(a.CurrentKeyMaterialId).not.toBe(b.CurrentKeyMaterialId);
    });

    it('keeps the Description', async () => {
      expect((await createKey({ Description: 'ledger key' })).Description).toBe('ledger key');
    });

    it('describes a signing key with SigningAlgorithms and no key material id', async () => {
      const key = await createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      expect(key).toMatchObject({ KeySpec: 'ECC_NIST_P256', CustomerMasterKeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: ['ECDSA_SHA_256'] });
      expect(key).not.toHaveProperty('EncryptionAlgorithms');
      expect(key).not.toHaveProperty('CurrentKeyMaterialId');
    });

    it('accepts the deprecated CustomerMasterKeySpec as the KeySpec', async () => {
      const key = await createKey({ CustomerMasterKeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' });
      expect(key).toMatchObject({ KeySpec: 'ECC_NIST_P384', CustomerMasterKeySpec: 'ECC_NIST_P384', SigningAlgorithms: ['ECDSA_SHA_384'] });
    });

    it('stores the tags it was created with', async () => {
      const Tags: Tag[] = Array.from({ length: 50 }, (_, i) => ({ TagKey: `k${i}`, TagValue: `v${i}` }));
      const key = await createKey({ Tags });
      const listed = await env.clients.kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId }));
      expect(listed.Tags).toEqual(Tags);
      expect(listed.Truncated).toBe(false);
    });

    it('attaches a supplied policy verbatim', async () => {
      const Policy = JSON.stringify(
        { Version: '2012-10-17', Statement: [{ Sid: 'root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${env.runtime.account}:root` }, Action: 'kms:*', Resource: '*' }] },
        null,
        2,
      );
      const key = await createKey({ Policy });
      expect((await env.clients.kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default' }))).Policy).toBe(Policy);
    });
  });
});

describe('DescribeKey', () => {
  let keyId: string;
  beforeAll(async () => {
    keyId = (await createKey({ Description: 'described' })).KeyId!;
    await env.clients.kms.send(new CreateAliasCommand({ AliasName: 'alias/described', TargetKeyId: keyId }));
  });

  describe('serializations', () => {
    it('rejects a KeyId that is not a string with SerializationException', async () => {
      const res = await rawRequest(env.runtime, { headers: kmsTarget('DescribeKey'), body: '{"KeyId": 7}' });
      expect(res.status).toBe(400);
      expect(res.json().__type).toBe('SerializationException');
    });
  });

  describe('validations', () => {
    it('requires KeyId', async () => {
      expect(await failure(env.clients.kms.send(new DescribeKeyCommand({} as DescribeKeyCommandInput)))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
      });
    });

    it('rejects an empty KeyId', async () => {
      expect(await failure(env.clients.kms.send(new DescribeKeyCommand({ KeyId: '' })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: "1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1",
      });
    });

    it.each([
      ['a name that is no key id', 'fake-key-id'],
      ['32 hex digits without dashes', '0123456789abcdef0123456789abcdef'],
      ['a bogus multi-Region id', 'mrk-nothex'],
    ])('answers %s with NotFoundException "Invalid keyId"', async (_case, KeyId) => {
      expect(await failure(env.clients.kms.send(new DescribeKeyCommand({ KeyId })))).toEqual({ name: 'NotFoundException', status: 400, message: `Invalid keyId '${KeyId}'` });
    });
  });

  describe('functionality', () => {
    it.each([
      ['key id', (id: string) => id],
      ['key ARN', (id: string) => keyArn(id)],
      ['alias name', () => 'alias/described'],
      ['alias ARN', () => aliasArn('alias/described')],
    ])('finds a key by its %s', async (_form, keyIdOf) => {
      const { KeyMetadata } = await env.clients.kms.send(new DescribeKeyCommand({ KeyId: keyIdOf(keyId) }));
      expect(KeyMetadata).toMatchObject({ KeyId: keyId, Arn: keyArn(keyId), Description: 'described' });
    });

    it('reports an absent key by its full ARN, whichever form named it', async () => {
      const absent = randomUUID();
      const expected = { name: 'NotFoundException', status: 400, message: `Key '${keyArn(absent)}' does not exist` };
      expect(await failure(env.clients.kms.send(new DescribeKeyCommand({ KeyId: absent })))).toEqual(expected);
      expect(await failure(env.clients.kms.send(new DescribeKeyCommand({ KeyId: keyArn(absent) })))).toEqual(expected);
    });

    it('reports a key ARN of another region as "Invalid arn <region>"', async () => {
      const otherRegion = `arn:aws:kms:eu-west-1:${env.runtime.account}:key/${keyId}`;
      expect(await failure(env.clients.kms.send(new DescribeKeyCommand({ KeyId: otherRegion })))).toEqual({ name: 'NotFoundException', status: 400, message: 'Invalid arn eu-west-1' });
    });

    it.each([
      ['alias name', () => 'alias/nothing-here'],
      ['alias ARN', () => aliasArn('alias/nothing-here')],
    ])('reports an unknown %s by its alias ARN', async (_form, keyIdOf) => {
      expect(await failure(env.clients.kms.send(new DescribeKeyCommand({ KeyId: keyIdOf() })))).toEqual({
        name: 'NotFoundException',
        status: 400,
        message: `Alias ${aliasArn('alias/nothing-here')} is not found.`,
      });
    });

    it('never returns aliases, tags, policy or rotation status', async () => {
      const { KeyMetadata } = await env.clients.kms.send(new DescribeKeyCommand({ KeyId: 'alias/described' }));
      for (const member of ['Aliases', 'Tags', 'Policy', 'KeyRotationEnabled', 'DeletionDate']) expect(KeyMetadata).not.toHaveProperty(member);
    });
  });
});

describe('UpdateKeyDescription', () => {
  it('replaces the description', async () => {
    const key = await createKey({ Description: 'before' });
    await env.clients.kms.send(new UpdateKeyDescriptionCommand({ KeyId: key.KeyId, Description: 'after' }));
    expect((await env.clients.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.Description).toBe('after');
  });

  it('takes only a key id or key ARN, not an alias', async () => {
    expect(await failure(env.clients.kms.send(new UpdateKeyDescriptionCommand({ KeyId: 'alias/described', Description: 'x' })))).toEqual({
      name: 'NotFoundException',
      status: 400,
      message: "Invalid keyId 'alias/described'",
    });
  });
});

describe('ListKeys', () => {
  describe('serializations', () => {
    it('rejects a Limit that is not an integer with SerializationException', async () => {
      const res = await rawRequest(env.runtime, { headers: kmsTarget('ListKeys'), body: '{"Limit": 1.5}' });
      expect(res.status).toBe(400);
      expect(res.json().__type).toBe('SerializationException');
    });
  });

  describe('validations', () => {
    it.each([
      [0, 'greater than or equal to 1'],
      [1001, 'less than or equal to 1000'],
    ])('rejects Limit %d', async (Limit, rule) => {
      expect(await failure(env.clients.kms.send(new ListKeysCommand({ Limit })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: `1 validation error detected: Value '${Limit}' at 'limit' failed to satisfy constraint: Member must have value ${rule}`,
      });
    });

    it('rejects a Marker it did not issue with InvalidMarkerException', async () => {
      const { name, status } = await failure(env.clients.kms.send(new ListKeysCommand({ Marker: 'bogus-marker' })));
      expect({ name, status }).toEqual({ name: 'InvalidMarkerException', status: 400 });
    });
  });

  describe('functionality', () => {
    it('lists every key with its id and ARN', async () => {
      const key = await createKey();
      const { Keys, Truncated } = await env.clients.kms.send(new ListKeysCommand({ Limit: 1000 }));
      expect(Truncated).toBe(false);
      expect(Keys).toContainEqual({ KeyId: key.KeyId, KeyArn: keyArn(key.KeyId!) });
    });

    it('pages with Limit and Marker, Truncated until the last page', async () => {
      await Promise.all(Array.from({ length: 5 }, () => createKey()));
      const all = (await env.clients.kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys!;
      const paged: string[] = [];
      let marker: string | undefined;
      let pages = 0;
      do {
        const res = await env.clients.kms.send(new ListKeysCommand({ Limit: 2, Marker: marker }));
        expect(res.Keys!.length).toBeLessThanOrEqual(2);
        paged.push(...res.Keys!.map((k) => k.KeyId!));
        expect(res.Truncated).toBe(res.NextMarker !== undefined);
        marker = res.NextMarker;
        pages += 1;
      } while (marker);
      expect(pages).toBe(Math.ceil(all.length / 2));
      expect(paged).toEqual(all.map((k) => k.KeyId));
      expect(new Set(paged).size).toBe(paged.length);
    });
  });
});
