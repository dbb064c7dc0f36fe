/**
 * One SDK client per service, each built the first time a test reads it. Each package is required only then:
 * a test file loads the SDK clients it uses, not all of them. A new service is one line in SDK_CLIENTS.
 */
const SDK_CLIENTS = {
  kms: () => (require('@aws-sdk/client-kms') as typeof import('@aws-sdk/client-kms')).KMSClient,
  sts: () => (require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts')).STSClient,
  sqs: () => (require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs')).SQSClient,
  lambda: () => (require('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda')).LambdaClient,
  qldb: () => (require('@aws-sdk/client-qldb') as typeof import('@aws-sdk/client-qldb')).QLDBClient,
  qldbSession: () => (require('@aws-sdk/client-qldb-session') as typeof import('@aws-sdk/client-qldb-session')).QLDBSessionClient,
  kinesis: () => (require('@aws-sdk/client-kinesis') as typeof import('@aws-sdk/client-kinesis')).KinesisClient,
  dynamodb: () => (require('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb')).DynamoDBClient,
  iam: () => (require('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam')).IAMClient,
  cloudformation: () => (require('@aws-sdk/client-cloudformation') as typeof import('@aws-sdk/client-cloudformation')).CloudFormationClient,
  eventbridge: () => (require('@aws-sdk/client-eventbridge') as typeof import('@aws-sdk/client-eventbridge')).EventBridgeClient,
  sfn: () => (require('@aws-sdk/client-sfn') as typeof import('@aws-sdk/client-sfn')).SFNClient,
};

export type ServiceClients = { readonly [S in keyof typeof SDK_CLIENTS]: InstanceType<ReturnType<(typeof SDK_CLIENTS)[S]>> };

export interface ClientCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** What every SDK client constructor takes: where the runtime is and who signs. */
export interface ClientConfig {
  endpoint: string;
  region: string;
  credentials: ClientCredentials;
  maxAttempts: number;
}

interface Destroyable {
  destroy(): void;
}

/** Clients built on first use with `config()` (read then, so it may follow a restarted runtime); `destroy` ends those built. */
export function lazyClients(config: () => ClientConfig): { clients: ServiceClients; destroy: () => void } {
  const built = new Map<keyof ServiceClients, Destroyable>();
  const clients = {} as ServiceClients;
  for (const service of Object.keys(SDK_CLIENTS) as (keyof ServiceClients)[]) {
    Object.defineProperty(clients, service, {
      enumerable: true,
      get: () => {
        if (!built.has(service)) {
          const Client = SDK_CLIENTS[service]() as new (config: ClientConfig & { disableHostPrefix: boolean }) => Destroyable;
          // Without it client-sfn dials `sync-127.0.0.1` for StartSyncExecution and TestState (their endpoint host prefix).
          built.set(service, new Client({ ...config(), disableHostPrefix: true }));
        }
        return built.get(service);
      },
    });
  }
  const destroy = () => {
    for (const client of built.values()) client.destroy();
    built.clear();
  };
  return { clients, destroy };
}
