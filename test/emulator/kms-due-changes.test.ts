import {
  CreateKeyCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  ListKeyRotationsCommand,
  ScheduleKeyDeletionCommand,
  KMSClient,
} from '@aws-sdk/client-kms';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime } from '../../runtime';
import { DAY_MS } from '../../runtime/core/clock';
import { clientConfig, failure, keyArnOf, withRuntime } from '../helpers/runtime';

// Changes that fall due happen when the runtime clock reaches them, without any KMS request: every check
// below reads the runtime's trail, or comes after a restart that puts the clock back at wall time.
const MINUTE_MS = 60_000;
const dataDir = mkdtempSync(join(tmpdir(), 'keydrill-kms-due-'));
let runtime: Runtime;
let kms: KMSClient;

beforeAll(async () => {
  runtime = await withRuntime({ dataDir });
  kms = new KMSClient(clientConfig(runtime));
});
afterAll(async () => {
  kms.destroy();
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function restart(): Promise<void> {
  kms.destroy();
  await runtime.stop();
  runtime = await withRuntime({ dataDir });
  kms = new KMSClient(clientConfig(runtime));
}

async function createKey(): Promise<string> {
  return (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
}

/** Moves the runtime clock and lets what fell due run. */
async function advance(ms: number): Promise<void> {
  runtime.clock.advance(ms);
  await new Promise((resolve) => setImmediate(resolve));
}

const serviceEvents = (detailType: string, keyId: string) => runtime.trail.list().filter((e) => e['detail-type'] === detailType && e.resources[0] === keyArnOf(runtime, keyId));

it('deletes a key when its waiting period ends, durably', async () => {
  const id = await createKey();
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
  await advance(7 * DAY_MS - MINUTE_MS);
  expect(serviceEvents('KMS CMK Deletion', id)).toEqual([]);
  await advance(2 * MINUTE_MS);
  expect(serviceEvents('KMS CMK Deletion', id)).toHaveLength(1);

  // After the restart the deletion date is in the future again: only the stored deletion explains this.
  await restart();
  expect(await failure(kms.send(new DescribeKeyCommand({ KeyId: id })))).toMatchObject({ name: 'NotFoundException' });
});

it('rotates a key when NextRotationDate comes, then again a period later, durably', async () => {
  const id = await createKey();
  await kms.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 90 }));
  await advance(90 * DAY_MS + MINUTE_MS);
  expect(serviceEvents('KMS CMK Rotation', id)).toHaveLength(1);
  await advance(90 * DAY_MS + MINUTE_MS);
  expect(serviceEvents('KMS CMK Rotation', id)).toHaveLength(2);

  await restart();
  const { Rotations } = await kms.send(new ListKeyRotationsCommand({ KeyId: id }));
  expect(Rotations!.map((r) => r.RotationType)).toEqual(['AUTOMATIC', 'AUTOMATIC']);
});

it('arms the deletions and rotations pending at a restart again', async () => {
  const doomed = await createKey();
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed, PendingWindowInDays: 7 }));
  const rotating = await createKey();
  await kms.send(new EnableKeyRotationCommand({ KeyId: rotating, RotationPeriodInDays: 90 }));

  await restart();
  await advance(90 * DAY_MS + MINUTE_MS);
  expect(serviceEvents('KMS CMK Deletion', doomed)).toHaveLength(1);
  expect(serviceEvents('KMS CMK Rotation', rotating)).toHaveLength(1);
});
