import {
  CreateGrantCommand,
  CreateKeyCommand,
  GetKeyPolicyCommand,
  ListGrantsCommand,
  ListKeyPoliciesCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type CreateGrantCommandInput,
} from '@aws-sdk/client-kms';
import { kmsTarget, rawRequest } from '../helpers/raw-request';
import { failure, keyArnOf, useRuntime } from '../helpers/runtime';

const env = useRuntime();

const keyArn = (id: string) => keyArnOf(env.runtime, id);
const rootArn = () => `arn:aws:iam::${env.runtime.account}:root`;
async function createKey() {
  return (await env.clients.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
}
/** Principals of another account cannot be checked locally, so grants and policies may name them freely. */
const GRANTEE = 'arn:aws:iam::111122223333:role/ledger-reader';
const RETIREE = 'arn:aws:iam::111122223333:role/ledger-admin';
const grantsOf = async (KeyId: string) => (await env.clients.kms.send(new ListGrantsCommand({ KeyId }))).Grants!;

describe('CreateGrant', () => {
  let keyId: string;
  beforeAll(async () => {
    keyId = await createKey();
  });
  const grant = (input: Partial<CreateGrantCommandInput> = {}) =>
    env.clients.kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: GRANTEE, Operations: ['Decrypt', 'Encrypt'], ...input }));

  describe('serializations', () => {
    it('rejects Operations that is not a list with SerializationException', async () => {
      const res = await rawRequest(env.runtime, { headers: kmsTarget('CreateGrant'), body: JSON.stringify({ KeyId: keyId, GranteePrincipal: GRANTEE, Operations: 'Decrypt' }) });
      expect(res.status).toBe(400);
      expect(res.json().__type).toBe('SerializationException');
    });
  });

  describe('validations', () => {
    it('requires Operations', async () => {
      const { name, message } = await failure(env.clients.kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: GRANTEE } as CreateGrantCommandInput)));
      expect(name).toBe('ValidationException');
      expect(message).toBe("1 validation error detected: Value null at 'operations' failed to satisfy constraint: Member must not be null");
    });

    it('rejects an unknown grant operation', async () => {
      const { name, message } = await failure(grant({ Operations: ['Fly' as never] }));
      expect(name).toBe('ValidationException');
      expect(message).toMatch(/^1 validation error detected: Value '\[Fly\]' at 'operations' failed to satisfy constraint: Member must satisfy constraint: \[Member must satisfy enum value set: \[Decrypt, Encrypt, /);
    });

    it('rejects a Name outside the model pattern', async () => {
      const { name, message } = await failure(grant({ Name: 'no spaces allowed' }));
      expect(name).toBe('ValidationException');
      expect(message).toBe("1 validation error detected: Value 'no spaces allowed' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
    });

    it('takes only a key id or key ARN', async () => {
      expect(await failure(grant({ KeyId: 'alias/grants' }))).toEqual({ name: 'NotFoundException', status: 400, message: "Invalid keyId 'alias/grants'" });
    });

    it('answers DryRun with DryRunOperationException and creates nothing', async () => {
      const dry = await createKey();
      expect(await failure(grant({ KeyId: dry, DryRun: true }))).toEqual({
        name: 'DryRunOperationException',
        status: 400,
        message: 'The request would have succeeded, but the DryRun option is set.',
      });
      expect(await grantsOf(dry)).toEqual([]);
    });
  });

  describe('functionality', () => {
    it('returns a grant id and token, and lists the grant with all its members', async () => {
      const own = await createKey();
      const Constraints = { EncryptionContextSubset: { ledger: 'drill' } };
      const res = await env.clients.kms.send(
        new CreateGrantCommand({ KeyId: keyArn(own), GranteePrincipal: GRANTEE, RetiringPrincipal: RETIREE, Operations: ['Decrypt', 'GenerateDataKey'], Constraints, Name: 'ledger' }),
      );
      expect(res.GrantId).toMatch(/^[0-9a-f]{64}$/);
      expect(res.GrantToken).toEqual(expect.any(String));
      expect(await grantsOf(own)).toEqual([
        {
          KeyId: keyArn(own),
          GrantId: res.GrantId,
          Name: 'ledger',
          CreationDate: expect.any(Date),
          GranteePrincipal: GRANTEE,
          RetiringPrincipal: RETIREE,
          IssuingAccount: rootArn(),
          Operations: ['Decrypt', 'GenerateDataKey'],
          Constraints,
        },
      ]);
    });

    it('returns the existing grant when retried with the same Name and parameters', async () => {
      const own = await createKey();
      const first = await grant({ KeyId: own, Name: 'retry-me' });
      const retry = await grant({ KeyId: own, Name: 'retry-me' });
      expect(retry.GrantId).toBe(first.GrantId);
      expect(await grantsOf(own)).toHaveLength(1);
    });

    it('creates separate grants without a Name, or with the same Name and other parameters', async () => {
      const own = await createKey();
      const a = await grant({ KeyId: own });
      const b = await grant({ KeyId: own });
      const c = await grant({ KeyId: own, Name: 'n' });
      const d = await grant({ KeyId: own, Name: 'n', Operations: ['Decrypt'] });
      expect(new Set([a.GrantId, b.GrantId, c.GrantId, d.GrantId]).size).toBe(4);
      expect(await grantsOf(own)).toHaveLength(4);
    });
  });
});

describe('ListGrants', () => {
  let keyId: string;
  let ids: string[];
  beforeAll(async () => {
    keyId = await createKey();
    ids = [];
    for (const GranteePrincipal of [GRANTEE, GRANTEE, RETIREE]) {
      ids.push((await env.clients.kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal, Operations: ['Encrypt'] }))).GrantId!);
    }
  });

  it('filters by GrantId and by GranteePrincipal', async () => {
    expect((await env.clients.kms.send(new ListGrantsCommand({ KeyId: keyId, GrantId: ids[1] }))).Grants!.map((g) => g.GrantId)).toEqual([ids[1]]);
    expect((await env.clients.kms.send(new ListGrantsCommand({ KeyId: keyId, GranteePrincipal: RETIREE }))).Grants!.map((g) => g.GrantId)).toEqual([ids[2]]);
  });

  it('pages with Limit and Marker', async () => {
    const first = await env.clients.kms.send(new ListGrantsCommand({ KeyId: keyId, Limit: 2 }));
    expect(first.Grants).toHaveLength(2);
    expect(first.Truncated).toBe(true);
    const second = await env.clients.kms.send(new ListGrantsCommand({ KeyId: keyId, Limit: 2, Marker: first.NextMarker }));
    expect(second.Grants).toHaveLength(1);
    expect(second.Truncated).toBe(false);
    expect([...first.Grants!, ...second.Grants!].map((g) => g.GrantId)).toEqual(ids);
  });

  it('rejects Limit above 100', async () => {
    const { name, message } = await failure(env.clients.kms.send(new ListGrantsCommand({ KeyId: keyId, Limit: 101 })));
    expect(name).toBe('ValidationException');
    expect(message).toBe("1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100");
  });
});

describe('RevokeGrant', () => {
  it('removes the grant', async () => {
    const keyId = await createKey();
    const { GrantId } = await env.clients.kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: GRANTEE, Operations: ['Decrypt'] }));
    const kept = await env.clients.kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: GRANTEE, Operations: ['Encrypt'] }));
    await env.clients.kms.send(new RevokeGrantCommand({ KeyId: keyId, GrantId }));
    expect((await grantsOf(keyId)).map((g) => g.GrantId)).toEqual([kept.GrantId]);
  });

  it('answers an unknown or already revoked grant with InvalidGrantIdException', async () => {
    const keyId = await createKey();
    const { GrantId } = await env.clients.kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: GRANTEE, Operations: ['Decrypt'] }));
    await env.clients.kms.send(new RevokeGrantCommand({ KeyId: keyArn(keyId), GrantId }));
    const { name, status } = await failure(env.clients.kms.send(new RevokeGrantCommand({ KeyId: keyId, GrantId })));
    expect({ name, status }).toEqual({ name: 'InvalidGrantIdException', status: 400 });
    const other = await failure(env.clients.kms.send(new RevokeGrantCommand({ KeyId: keyId, GrantId: 'f'.repeat(64) })));
    expect(other.name).toBe('InvalidGrantIdException');
  });

  it('requires GrantId', async () => {
    const keyId = await createKey();
    expect(await failure(env.clients.kms.send(new RevokeGrantCommand({ KeyId: keyId } as never)))).toEqual({
      name: 'ValidationException',
      status: 400,
      message: "1 validation error detected: Value null at 'grantId' failed to satisfy constraint: Member must not be null",
    });
  });
});

describe('RetireGrant', () => {
  it('retires a grant by its token', async () => {
    const keyId = await createKey();
    const { GrantToken } = await env.clients.kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: GRANTEE, Operations: ['Decrypt'] }));
    await env.clients.kms.send(new RetireGrantCommand({ GrantToken }));
    expect(await grantsOf(keyId)).toEqual([]);
  });

  it('retires a grant by key and grant id', async () => {
    const keyId = await createKey();
    const { GrantId } = await env.clients.kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: GRANTEE, Operations: ['Decrypt'] }));
    await env.clients.kms.send(new RetireGrantCommand({ KeyId: keyArn(keyId), GrantId }));
    expect(await grantsOf(keyId)).toEqual([]);
  });

  it('answers an unknown grant id with InvalidGrantIdException and an unknown token with InvalidGrantTokenException', async () => {
    const keyId = await createKey();
    const { GrantId, GrantToken } = await env.clients.kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: GRANTEE, Operations: ['Decrypt'] }));
    await env.clients.kms.send(new RetireGrantCommand({ KeyId: keyId, GrantId }));
    expect((await failure(env.clients.kms.send(new RetireGrantCommand({ KeyId: keyId, GrantId })))).name).toBe('InvalidGrantIdException');
    expect((await failure(env.clients.kms.send(new RetireGrantCommand({ GrantToken })))).name).toBe('InvalidGrantTokenException');
  });
});

describe('key policies', () => {
  const policyOf = async (KeyId: string) => (await env.clients.kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' }))).Policy!;
  const statement = (Principal: unknown, Action: string | string[] = 'kms:*') => ({ Effect: 'Allow', Principal, Action, Resource: '*' });
  const policy = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });

  describe('GetKeyPolicy', () => {
    it('returns the default policy: the account root may do everything', async () => {
      const keyId = await createKey();
      const res = await env.clients.kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }));
      expect(res.PolicyName).toBe('default');
      expect(JSON.parse(res.Policy!)).toEqual({
        Version: '2012-10-17',
        Id: 'key-default-1',
        Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: rootArn() }, Action: 'kms:*', Resource: '*' }],
      });
    });

    it('defaults PolicyName to default', async () => {
      const keyId = await createKey();
      expect(JSON.parse((await env.clients.kms.send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy!).Id).toBe('key-default-1');
    });

    it('knows no policy name but default', async () => {
      const keyId = await createKey();
      expect((await failure(env.clients.kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'custom' })))).name).toBe('NotFoundException');
    });
  });

  describe('ListKeyPolicies', () => {
    it('lists the one policy, default', async () => {
      const keyId = await createKey();
      const { $metadata: _metadata, ...members } = await env.clients.kms.send(new ListKeyPoliciesCommand({ KeyId: keyId }));
      expect(members).toEqual({ PolicyNames: ['default'], Truncated: false });
    });
  });

  describe('PutKeyPolicy', () => {
    describe('validations', () => {
      it.each([
        ['invalid JSON', '{"Version": "2012-10-17", "Statement": ['],
        ['a statement without a principal', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] })],
        ['a statement without an effect', JSON.stringify({ Version: '2012-10-17', Statement: [{ Principal: { AWS: 'x' }, Action: 'kms:*', Resource: '*' }] })],
      ])('rejects %s with MalformedPolicyDocumentException', async (_case, Policy) => {
        const keyId = await createKey();
        const { name, status } = await failure(env.clients.kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy })));
        expect({ name, status }).toEqual({ name: 'MalformedPolicyDocumentException', status: 400 });
        expect(JSON.parse(await policyOf(keyId)).Id).toBe('key-default-1');
      });

      it('rejects a principal naming a role that does not exist in the account', async () => {
        const keyId = await createKey();
        const Policy = policy(statement({ AWS: rootArn() }), statement({ AWS: `arn:aws:iam::${env.runtime.account}:role/no-such-role` }, 'kms:Decrypt'));
        expect(await failure(env.clients.kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy })))).toEqual({
          name: 'MalformedPolicyDocumentException',
          status: 400,
          message: 'Policy contains a statement with one or more invalid principals.',
        });
      });

      it('refuses a policy that would lock the caller out of PutKeyPolicy', async () => {
        const keyId = await createKey();
        const Policy = policy(statement({ AWS: rootArn() }, ['kms:GetKeyPolicy', 'kms:DescribeKey', 'kms:Encrypt']));
        expect(await failure(env.clients.kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy })))).toEqual({
          name: 'MalformedPolicyDocumentException',
          status: 400,
          message: 'The new key policy will not allow you to update the key policy in the future.',
        });
        expect(JSON.parse(await policyOf(keyId)).Id).toBe('key-default-1');
      });

      it('applies the lockout check to CreateKey too', async () => {
        const Policy = policy(statement({ AWS: 'arn:aws:iam::111122223333:root' }));
        expect(await failure(env.clients.kms.send(new CreateKeyCommand({ Policy })))).toEqual({
          name: 'MalformedPolicyDocumentException',
          status: 400,
          message: 'The new key policy will not allow you to update the key policy in the future.',
        });
      });
    });

    describe('functionality', () => {
      it('stores the policy verbatim', async () => {
        const keyId = await createKey();
        const Policy = JSON.stringify(JSON.parse(policy(statement({ AWS: rootArn() }), statement({ AWS: GRANTEE }, ['kms:Decrypt']))), null, 4);
        await env.clients.kms.send(new PutKeyPolicyCommand({ KeyId: keyArn(keyId), PolicyName: 'default', Policy }));
        expect(await policyOf(keyId)).toBe(Policy);
      });

      it('stores a lockout policy with BypassPolicyLockoutSafetyCheck, after which the caller cannot change it', async () => {
        const keyId = await createKey();
        const Policy = policy(statement({ AWS: rootArn() }, ['kms:GetKeyPolicy', 'kms:DescribeKey']));
        await env.clients.kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy, BypassPolicyLockoutSafetyCheck: true }));
        expect(await policyOf(keyId)).toBe(Policy);
        const { name, status, message } = await failure(env.clients.kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: policy(statement({ AWS: rootArn() })) })));
        expect({ name, status }).toEqual({ name: 'AccessDeniedException', status: 400 });
        expect(message).toBe(`User: ${rootArn()} is not authorized to perform: kms:PutKeyPolicy on resource: ${keyArn(keyId)} because no resource-based policy allows the kms:PutKeyPolicy action`);
      });
    });
  });
});

describe('tags', () => {
  const tagsOf = async (KeyId: string) => (await env.clients.kms.send(new ListResourceTagsCommand({ KeyId }))).Tags!;
  const byKey = (tags: { TagKey?: string }[]) => [...tags].sort((a, b) => (a.TagKey! < b.TagKey! ? -1 : 1));

  describe('TagResource', () => {
    it('adds tags and overwrites the value of an existing key', async () => {
      const keyId = await createKey();
      await env.clients.kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'team', TagValue: 'ledger' }, { TagKey: 'env', TagValue: 'dev' }] }));
      await env.clients.kms.send(new TagResourceCommand({ KeyId: keyArn(keyId), Tags: [{ TagKey: 'env', TagValue: 'prod' }, { TagKey: 'empty', TagValue: '' }] }));
      expect(byKey(await tagsOf(keyId))).toEqual([
        { TagKey: 'empty', TagValue: '' },
        { TagKey: 'env', TagValue: 'prod' },
        { TagKey: 'team', TagValue: 'ledger' },
      ]);
    });

    it.each([
      ['duplicate keys', [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'a', TagValue: '2' }], 'Duplicate tag keys'],
      ['the aws: prefix', [{ TagKey: 'aws:cloudformation:stack-name', TagValue: 'x' }], 'Tags beginning with aws: are reserved'],
    ])('rejects %s with TagException', async (_case, Tags, message) => {
      const keyId = await createKey();
      expect(await failure(env.clients.kms.send(new TagResourceCommand({ KeyId: keyId, Tags })))).toEqual({ name: 'TagException', status: 400, message });
      expect(await tagsOf(keyId)).toEqual([]);
    });

    it('counts existing tags toward the limit of 50', async () => {
      const keyId = await createKey();
      await env.clients.kms.send(new TagResourceCommand({ KeyId: keyId, Tags: Array.from({ length: 49 }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' })) }));
      await env.clients.kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'k0', TagValue: 'overwritten' }, { TagKey: 'k49', TagValue: 'v' }] }));
      expect(await tagsOf(keyId)).toHaveLength(50);
      expect(await failure(env.clients.kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'k50', TagValue: 'v' }] })))).toEqual({
        name: 'TagException',
        status: 400,
        message: 'Too many tags',
      });
    });

    it('rejects a tag value longer than 256 characters', async () => {
      const keyId = await createKey();
      const { name, message } = await failure(env.clients.kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'k', TagValue: 'v'.repeat(257) }] })));
      expect(name).toBe('ValidationException');
      expect(message).toContain('Member must have length less than or equal to 256');
    });
  });

  describe('UntagResource', () => {
    it('removes the named keys and ignores unknown ones', async () => {
      const keyId = await createKey();
      await env.clients.kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'b', TagValue: '2' }, { TagKey: 'c', TagValue: '3' }] }));
      await env.clients.kms.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ['a', 'c', 'zzz'] }));
      expect(await tagsOf(keyId)).toEqual([{ TagKey: 'b', TagValue: '2' }]);
    });
  });

  describe('ListResourceTags', () => {
    it('lists no tags for an untagged key', async () => {
      const keyId = await createKey();
      const { $metadata: _metadata, ...members } = await env.clients.kms.send(new ListResourceTagsCommand({ KeyId: keyId }));
      expect(members).toEqual({ Tags: [], Truncated: false });
    });

    it('pages with Limit and Marker', async () => {
      const keyId = await createKey();
      const Tags = Array.from({ length: 5 }, (_, i) => ({ TagKey: `k${i}`, TagValue: `v${i}` }));
      await env.clients.kms.send(new TagResourceCommand({ KeyId: keyId, Tags }));
      const first = await env.clients.kms.send(new ListResourceTagsCommand({ KeyId: keyId, Limit: 3 }));
      expect(first).toMatchObject({ Truncated: true, Tags: Tags.slice(0, 3) });
      const second = await env.clients.kms.send(new ListResourceTagsCommand({ KeyId: keyId, Limit: 3, Marker: first.NextMarker }));
      expect(second).toMatchObject({ Truncated: false, Tags: Tags.slice(3) });
    });
  });
});
