import { KMSClient } from '@aws-sdk/client-kms';
import { STSClient } from '@aws-sdk/client-sts';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../runtime';
import { arn } from '../../runtime/core/arn';

export interface ClientCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Tests point the unmodified SDK clients at the runtime exactly as applications do — endpoint, region and
 * credentials — with SDK retries off so an error surfaces on the first attempt.
 */
export function clientConfig(runtime: Runtime, credentials?: ClientCredentials) {
  return {
    endpoint: runtime.endpoint,
    region: runtime.region,
    credentials: credentials ?? { accessKeyId: runtime.env.AWS_ACCESS_KEY_ID, secretAccessKey: runtime.env.AWS_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  };
}

export const kmsClient = (runtime: Runtime, credentials?: ClientCredentials) => new KMSClient(clientConfig(runtime, credentials));
export const stsClient = (runtime: Runtime, credentials?: ClientCredentials) => new STSClient(clientConfig(runtime, credentials));

export async function withRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  return startRuntime({ port: 0, ...options });
}

/** Resolves to the error a promise rejects with; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number }; $response?: unknown }> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The parts of a failed call a test asserts on: AWS error code, HTTP status and message. */
export async function failure(call: Promise<unknown>) {
  const err = await rejectionOf(call);
  return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
}

/**
 * One runtime and one KMS client for a test file, started before its tests and stopped after them.
 * Read them through the returned object: they exist only once `beforeAll` has run.
 */
export function kmsTestRuntime(options: RuntimeOptions = {}): { runtime: Runtime; kms: KMSClient } {
  const shared = {} as { runtime: Runtime; kms: KMSClient };
  beforeAll(async () => {
    shared.runtime = await withRuntime(options);
    shared.kms = kmsClient(shared.runtime);
  });
  afterAll(async () => {
    shared.kms.destroy();
    await shared.runtime.stop();
  });
  return shared;
}

/** A KMS key's ARN in the runtime's account and region. */
export const keyArnOf = (runtime: Runtime, keyId: string) => arn('kms', runtime.region, runtime.account, `key/${keyId}`);
