import { join } from 'node:path';
import { AuditTrail } from './core/audit-trail';
import { AdjustableClock } from './core/clock';
import { DataDirLock } from './core/data-dir-lock';
import { Dispatcher } from './core/dispatcher';
import { FaultRegistry } from './core/faults';
import { deployTemplate, deploymentFile, type DeploymentState } from './bootstrap/deploy';
import type { CfnTemplate } from './bootstrap/template';
import { createRouter } from './edge/router';
import { EdgeServer } from './edge/server';
import { IdentityStore, RUNTIME_SESSION_NAME, type Credentials } from './identity/identity-store';
import { rootPrincipal } from './identity/principal';
import { createKmsService } from './services/kms';
import { DEFAULT_KMS_CONFIG, Kms, type KmsConfig } from './services/kms/kms';
import { KmsStore } from './services/kms/store';
import { createStsService } from './services/sts';
import { createQldbService, createQldbSessionService } from './services/qldb';
import { LedgerRegistry } from './services/qldb/ledgers';
import { DEFAULT_ENCRYPTION_CONFIG, type EncryptionConfig } from './services/qldb/encryption/ledger-encryption';
import { QldbKms } from './services/qldb/encryption/qldb-kms';
import { DEFAULT_SESSION_CONFIG, SessionRegistry, type SessionConfig } from './services/qldb/session/sessions';
import { JournalStreams } from './services/qldb/streams/journal-streams';
import { DEFAULT_STREAM_DELIVERY_CONFIG, type StreamDeliveryConfig } from './services/qldb/streams/stream-model';
import { Backends, type DynamoDbConfig, type KinesisConfig } from './backends';
import { createSqsService } from './services/sqs';
import { DEFAULT_SQS_CONFIG, Sqs, type SqsConfig } from './services/sqs/sqs';
import { SqsStore } from './services/sqs/store';
import { createLambdaService, DEFAULT_LAMBDA_CONFIG, FunctionLogs, Lambda, LambdaStore, type LambdaConfig } from './services/lambda';
import { CheckpointStore } from './integrations/kinesis-esm/checkpoints';
import { KinesisEventSources } from './integrations/kinesis-esm/kinesis-event-sources';

export const DEFAULT_ACCOUNT = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

export interface RuntimeOptions {
  /** 0 picks a free port. @default 4599 */
  port?: number;
  /** Loopback only, by design. @default 127.0.0.1 */
  host?: string;
  /** Where state is kept; omit to keep everything in memory (tests). */
  dataDir?: string;
  account?: string;
  region?: string;
  /** A synthesized stack to deploy (see runtime/bootstrap). */
  stack?: { name: string; template: CfnTemplate };
  kms?: Partial<KmsConfig>;
  /** QLDB session limits (transaction timeout, session lifetime, page size). */
  qldbSession?: Partial<SessionConfig>;
  /** QLDB's key checks, data-key cache window and minimum UPDATING time. */
  qldbEncryption?: Partial<EncryptionConfig>;
  /** QLDB journal streams: how often they look for new blocks, retry backoff, impaired retry interval. */
  qldbStreams?: Partial<StreamDeliveryConfig>;
  /** kinesalite's stream state durations (CREATING, DELETING, UPDATING) and shard limit. */
  kinesis?: Partial<KinesisConfig>;
  /** DynamoDB Local's java command and start/stop timeouts. */
  dynamodb?: Partial<DynamoDbConfig>;
  /** SQS long-poll re-check interval and PurgeQueue interval. */
  sqs?: Partial<SqsConfig>;
  /** Lambda: default concurrency cap, credential lifetime, async retry delay; event source polling and backoff. */
  lambda?: Partial<LambdaConfig>;
}

export const DEFAULT_PORT = 4599;

export interface Runtime {
  endpoint: string;
  port: number;
  account: string;
  region: string;
  /** The environment that points the unmodified SDK at this runtime as the account administrator. */
  env: Record<string, string>;
  /** The deployed stack's outputs (empty without a stack). */
  outputs: Record<string, string>;
  clock: AdjustableClock;
  faults: FaultRegistry;
  trail: AuditTrail;
  dispatcher: Dispatcher;
  identity: IdentityStore;
  /** Credentials the runtime issued to a role of the template (as if the role had been assumed). */
  roleCredentials(roleName: string): Credentials;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export const stateFile = (dataDir: string | undefined, name: string) => (dataDir ? join(dataDir, 'state', `${name}.json`) : undefined);

/** Starts the embedded runtime: every service on one loopback endpoint, state under `dataDir`. */
export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const lock = options.dataDir ? DataDirLock.acquire(options.dataDir) : undefined;
  try {
    return await start(options, lock);
  } catch (e) {
    lock?.release();
    throw e;
  }
}

async function start(options: RuntimeOptions, lock: DataDirLock | undefined): Promise<Runtime> {
  const file = (name: string) => stateFile(options.dataDir, name);
  const clock = new AdjustableClock();
  const faults = new FaultRegistry();
  const identity = new IdentityStore(file('identity'), options.account ?? DEFAULT_ACCOUNT, options.region ?? DEFAULT_REGION);
  const trail = new AuditTrail(options.dataDir ? join(options.dataDir, 'state', 'trail.jsonl') : undefined);
  const kmsStore = new KmsStore(file('kms'));
  const sqsStore = new SqsStore(file('sqs'));
  const dispatcher = new Dispatcher(faults);
  dispatcher.register(createKmsService(new Kms(kmsStore, identity, clock, trail, { ...DEFAULT_KMS_CONFIG, ...options.kms })));
  dispatcher.register(createStsService({ identity, clock }));
  const scope = { account: identity.account, region: identity.region };
  const qldbKms = new QldbKms(dispatcher, scope);
  const ledgers = await LedgerRegistry.open(file('qldb'), options.dataDir ? join(options.dataDir, 'qldb') : undefined, clock, scope, qldbKms, {
    ...DEFAULT_ENCRYPTION_CONFIG,
    ...options.qldbEncryption,
  });
  const sessions = new SessionRegistry(clock, { ...DEFAULT_SESSION_CONFIG, ...options.qldbSession });
  const streams = new JournalStreams(file('qldb-streams'), {
    ledgers,
    kinesis: dispatcher,
    identity,
    clock,
    scope,
    config: { ...DEFAULT_STREAM_DELIVERY_CONFIG, ...options.qldbStreams },
  });
  dispatcher.register(createQldbService({ ledgers, sessions, clock, streams }));
  dispatcher.register(createQldbSessionService({ ledgers, sessions, kms: qldbKms, identity, clock, statementCache: new Map() }));
  const backends = new Backends(options, faults, scope);
  dispatcher.register(backends.kinesis);
  dispatcher.register(backends.dynamodb);
  // Queue URLs are built on the runtime's endpoint, known once it listens (deployment waits for that).
  const sqs = new Sqs(sqsStore, identity, clock, { ...DEFAULT_SQS_CONFIG, ...options.sqs }, () => runtime.endpoint);
  dispatcher.register(createSqsService(sqs));
  const lambdaConfig = { ...DEFAULT_LAMBDA_CONFIG, ...options.lambda };
  const lambdaStore = new LambdaStore(file('lambda'));
  // Execution environments get the endpoint in their environment, so they are spawned only once it listens.
  const lambda = new Lambda(lambdaStore, identity, clock, new FunctionLogs(options.dataDir ? join(options.dataDir, 'logs') : undefined), lambdaConfig, () => runtime.endpoint);
  dispatcher.register(createLambdaService(lambda));
  const eventSources = new KinesisEventSources({
    dispatcher,
    identity,
    clock,
    checkpoints: new CheckpointStore(file('lambda-esm-checkpoints')),
    mappings: { list: () => lambdaStore.listMappings(), onChanged: (listener) => lambdaStore.onMappingsChanged(listener), report: (uuid, result) => lambda.recordProcessingResult(uuid, result) },
    timing: lambdaConfig,
  });

  const deployment = deploymentFile(file('deployment'));
  let deployed: DeploymentState | undefined = deployment.load();
  const deploy = async () => {
    if (!options.stack) return;
    deployed = await deployTemplate(
      options.stack.template,
      { dispatcher, identity, deployer: { principal: rootPrincipal(identity.account) }, stackName: options.stack.name },
      deployment,
      { account: identity.account, region: identity.region },
    );
  };
  const roleCredentials = (roleName: string): Credentials => {
    if (!identity.getRole(roleName)) throw new Error(`no role named ${roleName}`);
    return identity.issueSession(roleName, RUNTIME_SESSION_NAME);
  };

  const runtime: Runtime = {
    endpoint: '',
    port: 0,
    account: identity.account,
    region: identity.region,
    env: {},
    get outputs() {
      return deployed?.outputs ?? {};
    },
    clock,
    faults,
    trail,
    dispatcher,
    identity,
    roleCredentials,
    async reset() {
      faults.clear();
      clock.reset();
      kmsStore.reset();
      sessions.clear();
      await streams.reset();
      await ledgers.reset();
      identity.resetRoles();
      trail.clear();
      await backends.reset();
      sqsStore.reset();
      sqs.waiters.notifyAll();
      lambda.reset();
      await eventSources.reset();
      deployment.remove();
      deployed = undefined;
      await deploy();
    },
    async stop() {
      await shutdown();
      trail.close();
      lock?.release();
    },
  };

  /** Stops everything that runs, newest first: also what a failed start-up undoes. */
  const shutdown = async () => {
    await eventSources.stop();
    lambda.stop();
    sqs.waiters.close();
    await server.close();
    await streams.close();
    await ledgers.close();
    await backends.stop();
  };

  const server = new EdgeServer(
    createRouter({
      dispatcher,
      identity,
      clock,
      passThrough: backends.passThrough,
      control: {
        clock,
        faults,
        trail,
        outputs: () => runtime.outputs,
        services: () => Object.fromEntries(['kms', 'sts', 'qldb', 'qldb-session', 'kinesis', 'dynamodb', 'sqs', 'lambda'].map((s) => [s, dispatcher.service(s)!.operationNames()])),
        roleCredentials: (name) => (identity.getRole(name) ? roleCredentials(name) : undefined),
        functionLogs: (name, sinceMs) => (lambdaStore.getFunction(name) ? lambda.logs.list(name, sinceMs) : undefined),
        reset: () => runtime.reset(),
      },
    }),
  );
  const host = options.host ?? '127.0.0.1';
  try {
    runtime.port = await server.listen(options.port ?? DEFAULT_PORT, host);
  } catch (e) {
    await shutdown();
    throw e;
  }
  runtime.endpoint = `http://${host}:${runtime.port}`;
  const admin = identity.adminCredentials();
  runtime.env = {
    AWS_ENDPOINT_URL: runtime.endpoint,
    AWS_REGION: identity.region,
    AWS_ACCESS_KEY_ID: admin.accessKeyId,
    AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
  };
  try {
    // After listen: resources whose Ref or attributes are URLs on the endpoint (SQS queue URLs) need it.
    await deploy();
  } catch (e) {
    await shutdown();
    throw e;
  }
  streams.start();
  eventSources.start();
  return runtime;
}
