import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  PutKeyPolicyCommand,
  RevokeGrantCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  UpdateAliasCommand,
} from '@aws-sdk/client-kms';
import type { AwsEvent } from '../../runtime/core/audit-trail';
import { keyArnOf, rejectionOf, useRuntime } from '../helpers/runtime';
import { DAY_MS } from '../../runtime/core/clock';

const env = useRuntime();

const keyArn = (id: string) => keyArnOf(env.runtime, id);
async function createKey() {
  return (await env.clients.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
}

/** The events `act` adds to the runtime's trail. */
async function eventsOf(act: () => Promise<unknown>): Promise<AwsEvent[]> {
  const before = env.runtime.trail.list().length;
  await act();
  return env.runtime.trail.list().slice(before);
}

/** What every CloudTrail management event for a KMS key looks like on the default bus. */
const apiCall = (eventName: string, keyId: string) => ({
  version: '0',
  id: expect.any(String),
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.kms',
  account: env.runtime.account,
  region: env.runtime.region,
  time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
  resources: [],
  detail: expect.objectContaining({
    eventSource: 'kms.amazonaws.com',
    eventName,
    eventType: 'AwsApiCall',
    awsRegion: env.runtime.region,
    recipientAccountId: env.runtime.account,
    userIdentity: expect.objectContaining({ type: 'Root', arn: `arn:aws:iam::${env.runtime.account}:root`, accountId: env.runtime.account }),
    resources: [{ accountId: env.runtime.account, type: 'AWS::KMS::Key', ARN: keyArn(keyId) }],
  }),
});

describe('CloudTrail-shaped events', () => {
  it.each([
    ['DisableKey', (id: string) => env.clients.kms.send(new DisableKeyCommand({ KeyId: id })), { keyId: 'ID' }],
    ['ScheduleKeyDeletion', (id: string) => env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 })), { keyId: 'ID', pendingWindowInDays: 7 }],
  ])('records %s with its request parameters', async (eventName, act, parameters) => {
    const id = await createKey();
    const events = await eventsOf(() => act(id));
    expect(events).toEqual([apiCall(eventName, id)]);
    const expected = Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, v === 'ID' ? id : v]));
    expect(events[0].detail.requestParameters).toEqual(expected);
  });

  it('records EnableKey and CancelKeyDeletion', async () => {
    const id = await createKey();
    await env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
    const events = await eventsOf(async () => {
      await env.clients.kms.send(new CancelKeyDeletionCommand({ KeyId: id }));
      await env.clients.kms.send(new EnableKeyCommand({ KeyId: id }));
    });
    expect(events).toEqual([apiCall('CancelKeyDeletion', id), apiCall('EnableKey', id)]);
  });

  it('records UpdateAlias against the new target key', async () => {
    const [from, to] = [await createKey(), await createKey()];
    await env.clients.kms.send(new CreateAliasCommand({ AliasName: 'alias/trail', TargetKeyId: from }));
    const events = await eventsOf(() => env.clients.kms.send(new UpdateAliasCommand({ AliasName: 'alias/trail', TargetKeyId: to })));
    expect(events).toEqual([apiCall('UpdateAlias', to)]);
    expect(events[0].detail.requestParameters).toEqual({ aliasName: 'alias/trail', targetKeyId: to });
  });

  it('records RevokeGrant with the grant id', async () => {
    const id = await createKey();
    const { GrantId } = await env.clients.kms.send(new CreateGrantCommand({ KeyId: id, GranteePrincipal: 'arn:aws:iam::111122223333:role/reader', Operations: ['Decrypt'] }));
    const events = await eventsOf(() => env.clients.kms.send(new RevokeGrantCommand({ KeyId: id, GrantId })));
    expect(events).toEqual([apiCall('RevokeGrant', id)]);
    expect(events[0].detail.requestParameters).toEqual({ keyId: id, grantId: GrantId });
  });

  it('records PutKeyPolicy with the policy', async () => {
    const id = await createKey();
    const Policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${env.runtime.account}:root` }, Action: 'kms:*', Resource: '*' }],
    });
    const events = await eventsOf(() => env.clients.kms.send(new PutKeyPolicyCommand({ KeyId: id, Policy })));
    expect(events).toEqual([apiCall('PutKeyPolicy', id)]);
    expect(events[0].detail.requestParameters).toMatchObject({ keyId: id, policyName: 'default', policy: Policy });
  });

  it('records RotateKeyOnDemand and the KMS CMK Rotation service event', async () => {
    const id = await createKey();
    const events = await eventsOf(() => env.clients.kms.send(new RotateKeyOnDemandCommand({ KeyId: id })));
    expect(events.find((e) => e['detail-type'] === 'AWS API Call via CloudTrail')).toEqual(apiCall('RotateKeyOnDemand', id));
    expect(events.filter((e) => e['detail-type'] === 'KMS CMK Rotation')).toEqual([
      {
        version: '0',
        id: expect.any(String),
        'detail-type': 'KMS CMK Rotation',
        source: 'aws.kms',
        account: env.runtime.account,
        region: env.runtime.region,
        time: expect.any(String),
        resources: [keyArn(id)],
        detail: {
          'key-id': id,
          'key-origin': 'AWS_KMS',
          'rotation-type': 'ON_DEMAND',
          'previous-key-material-id': expect.stringMatching(/^[0-9a-f]{64}$/),
          'current-key-material-id': expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      },
    ]);
    const { detail } = events.find((e) => e['detail-type'] === 'KMS CMK Rotation')!;
    expect(detail['previous-key-material-id']).not.toBe(detail['current-key-material-id']);
    expect(events).toHaveLength(2);
  });

  it('records nothing for a call that fails', async () => {
    const id = await createKey();
    await env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
    const events = await eventsOf(async () => {
      await rejectionOf(env.clients.kms.send(new DisableKeyCommand({ KeyId: id })));
      await rejectionOf(env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 })));
    });
    expect(events).toEqual([]);
  });

  // Advances the env.runtime clock past a deletion window, so it runs last in this file.
  it('emits KMS CMK Deletion when a key is deleted at the end of its window', async () => {
    const id = await createKey();
    await env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
    env.runtime.clock.advance(7 * DAY_MS + 60_000);
    const events = await eventsOf(() => createKey());
    expect(events).toContainEqual(expect.objectContaining({ 'detail-type': 'KMS CMK Deletion', source: 'aws.kms', resources: [keyArn(id)], detail: { 'key-id': id } }));
  });
});
