import {
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  EncryptCommand,
  ListAliasesCommand,
  ScheduleKeyDeletionCommand,
  UpdateAliasCommand,
  type CreateAliasCommandInput,
  type CreateKeyCommandInput,
} from '@aws-sdk/client-kms';
import { randomUUID } from 'node:crypto';
import { kmsTarget, rawRequest } from '../helpers/raw-request';
import { failure, keyArnOf, useRuntime } from '../helpers/runtime';

const env = useRuntime();

const keyArn = (id: string) => keyArnOf(env.runtime, id);
const aliasArn = (name: string) => `arn:aws:kms:${env.runtime.region}:${env.runtime.account}:${name}`;
const createKey = async (input: CreateKeyCommandInput = {}) => (await env.clients.kms.send(new CreateKeyCommand(input))).KeyMetadata!.KeyId!;
let aliasCounter = 0;
const uniqueAlias = () => `alias/test-${++aliasCounter}-${randomUUID().slice(0, 8)}`;
const targetOf = async (aliasName: string) => (await env.clients.kms.send(new DescribeKeyCommand({ KeyId: aliasName }))).KeyMetadata!.KeyId;
const aliasEntry = async (aliasName: string) => (await env.clients.kms.send(new ListAliasesCommand({ Limit: 100 }))).Aliases!.find((a) => a.AliasName === aliasName);

const PREFIX_MESSAGE = 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html';

describe('CreateAlias', () => {
  let keyId: string;
  beforeAll(async () => {
    keyId = await createKey();
  });

  describe('serializations', () => {
    it('rejects an AliasName that is not a string with SerializationException', async () => {
      const res = await rawRequest(env.runtime, { headers: kmsTarget('CreateAlias'), body: JSON.stringify({ AliasName: ['alias/x'], TargetKeyId: keyId }) });
      expect(res.status).toBe(400);
      expect(res.json().__type).toBe('SerializationException');
    });

    it('answers with an empty JSON object', async () => {
      const res = await rawRequest(env.runtime, { headers: kmsTarget('CreateAlias'), body: JSON.stringify({ AliasName: uniqueAlias(), TargetKeyId: keyId }) });
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({});
    });
  });

  describe('validations', () => {
    it('requires AliasName and TargetKeyId', async () => {
      const { name, message } = await failure(env.clients.kms.send(new CreateAliasCommand({} as CreateAliasCommandInput)));
      expect(name).toBe('ValidationException');
      expect(message).toMatch(/^2 validation errors detected: /);
      expect(message).toContain("Value null at 'aliasName' failed to satisfy constraint: Member must not be null");
      expect(message).toContain("Value null at 'targetKeyId' failed to satisfy constraint: Member must not be null");
    });

    it('rejects characters outside the model pattern', async () => {
      expect(await failure(env.clients.kms.send(new CreateAliasCommand({ AliasName: 'alias/x!', TargetKeyId: keyId })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: "1 validation error detected: Value 'alias/x!' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
      });
    });

    it('rejects names longer than 256 characters', async () => {
      const AliasName = `alias/${'a'.repeat(251)}`;
      expect(await failure(env.clients.kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: keyId })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: `1 validation error detected: Value '${AliasName}' at 'aliasName' failed to satisfy constraint: Member must have length less than or equal to 256`,
      });
    });

    it('requires the alias/ prefix', async () => {
      expect(await failure(env.clients.kms.send(new CreateAliasCommand({ AliasName: 'ledger-key', TargetKeyId: keyId })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: PREFIX_MESSAGE,
      });
    });

    it('reserves alias/aws/ for AWS managed keys', async () => {
      const { name, status } = await failure(env.clients.kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/ledger', TargetKeyId: keyId })));
      expect({ name, status }).toEqual({ name: 'NotAuthorizedException', status: 400 });
      const raw = await rawRequest(env.runtime, { headers: kmsTarget('CreateAlias'), body: JSON.stringify({ AliasName: 'alias/aws/ledger', TargetKeyId: keyId }) });
      expect(raw.json()).toEqual({ __type: 'NotAuthorizedException', message: '' });
    });

    it.each([
      ['an alias name', () => 'alias/some-alias'],
      ['an alias ARN', () => aliasArn('alias/some-alias')],
    ])('takes only a key id or key ARN as TargetKeyId, not %s', async (_form, targetOf) => {
      const TargetKeyId = targetOf();
      expect(await failure(env.clients.kms.send(new CreateAliasCommand({ AliasName: uniqueAlias(), TargetKeyId })))).toEqual({
        name: 'NotFoundException',
        status: 400,
        message: `Invalid keyId '${TargetKeyId}'`,
      });
    });

    it('reports an absent target key by its ARN', async () => {
      const absent = randomUUID();
      expect(await failure(env.clients.kms.send(new CreateAliasCommand({ AliasName: uniqueAlias(), TargetKeyId: absent })))).toEqual({
        name: 'NotFoundException',
        status: 400,
        message: `Key '${keyArn(absent)}' does not exist`,
      });
    });
  });

  describe('functionality', () => {
    it('points the alias at the key, by key id or key ARN', async () => {
      const [byId, byArn] = [uniqueAlias(), uniqueAlias()];
      await env.clients.kms.send(new CreateAliasCommand({ AliasName: byId, TargetKeyId: keyId }));
      await env.clients.kms.send(new CreateAliasCommand({ AliasName: byArn, TargetKeyId: keyArn(keyId) }));
      expect(await targetOf(byId)).toBe(keyId);
      expect(await targetOf(byArn)).toBe(keyId);
      const encrypted = await env.clients.kms.send(new EncryptCommand({ KeyId: byId, Plaintext: Buffer.from('via alias') }));
      expect(encrypted.KeyId).toBe(keyArn(keyId));
    });

    it('refuses a name that exists, naming the alias by its ARN', async () => {
      const AliasName = uniqueAlias();
      await env.clients.kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: keyId }));
      const other = await createKey();
      expect(await failure(env.clients.kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: other })))).toEqual({
        name: 'AlreadyExistsException',
        status: 400,
        message: `An alias with the name ${aliasArn(AliasName)} already exists`,
      });
      expect(await targetOf(AliasName)).toBe(keyId);
    });

    it('treats names case-sensitively', async () => {
      const base = uniqueAlias();
      const other = await createKey();
      await env.clients.kms.send(new CreateAliasCommand({ AliasName: `${base}-Name`, TargetKeyId: keyId }));
      await env.clients.kms.send(new CreateAliasCommand({ AliasName: `${base}-name`, TargetKeyId: other }));
      expect(await targetOf(`${base}-Name`)).toBe(keyId);
      expect(await targetOf(`${base}-name`)).toBe(other);
    });
  });
});

describe('ListAliases', () => {
  let keyId: string;
  const names: string[] = [];
  beforeAll(async () => {
    keyId = await createKey();
    for (let i = 0; i < 3; i++) {
      names.push(uniqueAlias());
      await env.clients.kms.send(new CreateAliasCommand({ AliasName: names[i], TargetKeyId: keyId }));
    }
  });

  describe('validations', () => {
    it('rejects Limit above 100', async () => {
      expect(await failure(env.clients.kms.send(new ListAliasesCommand({ Limit: 101 })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
      });
    });

    it('takes only a key id or key ARN as KeyId', async () => {
      expect(await failure(env.clients.kms.send(new ListAliasesCommand({ KeyId: names[0] })))).toEqual({ name: 'NotFoundException', status: 400, message: `Invalid keyId '${names[0]}'` });
    });

    it('rejects a Marker it did not issue', async () => {
      const { name, status } = await failure(env.clients.kms.send(new ListAliasesCommand({ Marker: 'not-a-marker' })));
      expect({ name, status }).toEqual({ name: 'InvalidMarkerException', status: 400 });
    });
  });

  describe('functionality', () => {
    it('describes each alias with its ARN, target and dates', async () => {
      const entry = await aliasEntry(names[0]);
      expect(entry).toEqual({
        AliasName: names[0],
        AliasArn: aliasArn(names[0]),
        TargetKeyId: keyId,
        CreationDate: expect.any(Date),
        LastUpdatedDate: expect.any(Date),
      });
    });

    it.each([
      ['key id', (id: string) => id],
      ['key ARN', (id: string) => keyArn(id)],
    ])('filters by KeyId given as a %s', async (_form, keyIdOf) => {
      const res = await env.clients.kms.send(new ListAliasesCommand({ KeyId: keyIdOf(keyId) }));
      expect(res.Aliases!.map((a) => a.AliasName).sort()).toEqual([...names].sort());
      expect(res.Truncated).toBe(false);
    });

    it('pages with Limit and Marker', async () => {
      const first = await env.clients.kms.send(new ListAliasesCommand({ KeyId: keyId, Limit: 2 }));
      expect(first.Aliases).toHaveLength(2);
      expect(first.Truncated).toBe(true);
      const second = await env.clients.kms.send(new ListAliasesCommand({ KeyId: keyId, Limit: 2, Marker: first.NextMarker }));
      expect(second.Aliases).toHaveLength(1);
      expect(second.Truncated).toBe(false);
      expect(second.NextMarker).toBeUndefined();
      expect([...first.Aliases!, ...second.Aliases!].map((a) => a.AliasName).sort()).toEqual([...names].sort());
    });
  });
});

describe('UpdateAlias', () => {
  describe('validations', () => {
    it('requires the alias/ prefix', async () => {
      const keyId = await createKey();
      expect(await failure(env.clients.kms.send(new UpdateAliasCommand({ AliasName: 'ledger-key', TargetKeyId: keyId })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: PREFIX_MESSAGE,
      });
    });

    it('reports an unknown alias by its ARN', async () => {
      const keyId = await createKey();
      expect(await failure(env.clients.kms.send(new UpdateAliasCommand({ AliasName: 'alias/never-created', TargetKeyId: keyId })))).toEqual({
        name: 'NotFoundException',
        status: 400,
        message: `Alias ${aliasArn('alias/never-created')} is not found.`,
      });
    });

    it('takes only a key id or key ARN as TargetKeyId', async () => {
      const AliasName = uniqueAlias();
      await env.clients.kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: await createKey() }));
      expect(await failure(env.clients.kms.send(new UpdateAliasCommand({ AliasName, TargetKeyId: AliasName })))).toEqual({
        name: 'NotFoundException',
        status: 400,
        message: `Invalid keyId '${AliasName}'`,
      });
    });
  });

  describe('functionality', () => {
    it('moves the alias to another key of the same type and usage, updating LastUpdatedDate only', async () => {
      const [from, to] = [await createKey(), await createKey()];
      const AliasName = uniqueAlias();
      await env.clients.kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: from }));
      const before = (await aliasEntry(AliasName))!;
      env.runtime.clock.advance(60_000);
      await env.clients.kms.send(new UpdateAliasCommand({ AliasName, TargetKeyId: keyArn(to) }));
      const after = (await aliasEntry(AliasName))!;
      expect(after.TargetKeyId).toBe(to);
      expect(after.CreationDate).toEqual(before.CreationDate);
      expect(after.LastUpdatedDate!.getTime()).toBeGreaterThan(before.LastUpdatedDate!.getTime());
      expect(await targetOf(AliasName)).toBe(to);
      expect((await env.clients.kms.send(new DescribeKeyCommand({ KeyId: from }))).KeyMetadata!.KeyState).toBe('Enabled');
    });

    it('allows another asymmetric key spec with the same key usage', async () => {
      const from = await createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      const to = await createKey({ KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' });
      const AliasName = uniqueAlias();
      await env.clients.kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: from }));
      await env.clients.kms.send(new UpdateAliasCommand({ AliasName, TargetKeyId: to }));
      expect(await targetOf(AliasName)).toBe(to);
    });

    it('refuses a key of another type or usage, leaving the alias where it was', async () => {
      const from = await createKey();
      const signing = await createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      const AliasName = uniqueAlias();
      await env.clients.kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: from }));
      const { name, status, message } = await failure(env.clients.kms.send(new UpdateAliasCommand({ AliasName, TargetKeyId: signing })));
      expect({ name, status }).toEqual({ name: 'ValidationException', status: 400 });
      expect(message).toContain(keyArn(signing));
      expect(await targetOf(AliasName)).toBe(from);
    });

    it('refuses a target key pending deletion, naming it by ARN', async () => {
      const [from, to] = [await createKey(), await createKey()];
      const AliasName = uniqueAlias();
      await env.clients.kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: from }));
      await env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: to, PendingWindowInDays: 7 }));
      expect(await failure(env.clients.kms.send(new UpdateAliasCommand({ AliasName, TargetKeyId: to })))).toEqual({
        name: 'KMSInvalidStateException',
        status: 400,
        message: `${keyArn(to)} is pending deletion.`,
      });
    });

    it('moves an alias away from a key pending deletion', async () => {
      const [from, to] = [await createKey(), await createKey()];
      const AliasName = uniqueAlias();
      await env.clients.kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: from }));
      await env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: from, PendingWindowInDays: 7 }));
      await env.clients.kms.send(new UpdateAliasCommand({ AliasName, TargetKeyId: to }));
      expect(await targetOf(AliasName)).toBe(to);
    });
  });
});

describe('DeleteAlias', () => {
  describe('validations', () => {
    it('reports an unknown alias by its ARN', async () => {
      expect(await failure(env.clients.kms.send(new DeleteAliasCommand({ AliasName: 'alias/never-created' })))).toEqual({
        name: 'NotFoundException',
        status: 400,
        message: `Alias ${aliasArn('alias/never-created')} is not found.`,
      });
    });
  });

  describe('functionality', () => {
    it('removes the alias and leaves the key alone', async () => {
      const keyId = await createKey();
      const AliasName = uniqueAlias();
      await env.clients.kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: keyId }));
      await env.clients.kms.send(new DeleteAliasCommand({ AliasName }));
      expect(await aliasEntry(AliasName)).toBeUndefined();
      expect(await failure(env.clients.kms.send(new DescribeKeyCommand({ KeyId: AliasName })))).toEqual({
        name: 'NotFoundException',
        status: 400,
        message: `Alias ${aliasArn(AliasName)} is not found.`,
      });
      expect((await env.clients.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState).toBe('Enabled');
    });

    it('works while the key is pending deletion, and the name can be reused', async () => {
      const keyId = await createKey();
      const AliasName = uniqueAlias();
      await env.clients.kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: keyId }));
      await env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
      await env.clients.kms.send(new DeleteAliasCommand({ AliasName }));
      const other = await createKey();
      await env.clients.kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: other }));
      expect(await targetOf(AliasName)).toBe(other);
    });
  });
});
