import { OperationTable } from '../../core/operation';
import type { ServiceFactory } from '../../core/service-module';
import { CheckpointStore } from '../../integrations/kinesis-esm/checkpoints';
import { KinesisEventSources } from '../../integrations/kinesis-esm/kinesis-event-sources';
import { DEFAULT_LAMBDA_CONFIG, Lambda, type LambdaConfig } from './lambda';
import { FunctionLogs } from './logs/function-logs';
import { LAMBDA_REST_BINDING } from './rest-routes';
import { LambdaStore } from './store';
import { addPermission } from './operations/add-permission';
import { createEventSourceMapping } from './operations/create-event-source-mapping';
import { createFunction } from './operations/create-function';
import { deleteEventSourceMapping } from './operations/delete-event-source-mapping';
import { deleteFunction } from './operations/delete-function';
import { deleteFunctionConcurrency } from './operations/delete-function-concurrency';
import { getEventSourceMapping } from './operations/get-event-source-mapping';
import { getFunction } from './operations/get-function';
import { getFunctionConcurrency } from './operations/get-function-concurrency';
import { getFunctionConfiguration } from './operations/get-function-configuration';
import { getPolicy } from './operations/get-policy';
import { invoke } from './operations/invoke';
import { listEventSourceMappings } from './operations/list-event-source-mappings';
import { listFunctions } from './operations/list-functions';
import { putFunctionConcurrency } from './operations/put-function-concurrency';
import { removePermission } from './operations/remove-permission';
import { updateEventSourceMapping } from './operations/update-event-source-mapping';
import { updateFunctionConfiguration } from './operations/update-function-configuration';

/** Every Lambda operation the runtime serves (restJson1, routes in rest-routes.ts). */
const LAMBDA_OPERATIONS = [
  addPermission,
  createEventSourceMapping,
  createFunction,
  deleteEventSourceMapping,
  deleteFunction,
  deleteFunctionConcurrency,
  getEventSourceMapping,
  getFunction,
  getFunctionConcurrency,
  getFunctionConfiguration,
  getPolicy,
  invoke,
  listEventSourceMappings,
  listFunctions,
  putFunctionConcurrency,
  removePermission,
  updateEventSourceMapping,
  updateFunctionConfiguration,
];

const createLambdaService = (lambda: Lambda) => new OperationTable<Lambda>('lambda', lambda, LAMBDA_OPERATIONS);

export interface LambdaModuleOptions {
  /** Lambda: default concurrency cap, credential lifetime, async retry delay; event source polling and backoff. */
  lambda?: Partial<LambdaConfig>;
}

/**
 * Lambda (restJson1): functions from the template run in child processes, logs under `logs/`, and the Kinesis
 * event source mappings' pollers (an event source mapping is a Lambda feature; `integrations/kinesis-esm` is
 * the library that runs them). Execution environments get the endpoint in their environment, so they are
 * spawned only once the edge listens.
 */
export const lambdaModule: ServiceFactory<LambdaModuleOptions> = (ctx, options) => {
  const config = { ...DEFAULT_LAMBDA_CONFIG, ...options.lambda };
  const store = new LambdaStore(ctx.stateFile('lambda'));
  const lambda = new Lambda(store, ctx.identity, ctx.clock, new FunctionLogs(ctx.dataPath('logs')), config, ctx.endpoint);
  const checkpoints = new CheckpointStore(ctx.stateFile('lambda-esm-checkpoints'));
  const eventSources = new KinesisEventSources({
    dispatcher: ctx.dispatcher,
    identity: ctx.identity,
    clock: ctx.clock,
    checkpoints,
    mappings: { list: () => store.listMappings(), onChanged: (listener) => store.onMappingsChanged(listener), report: (uuid, result) => lambda.recordProcessingResult(uuid, result) },
    timing: config,
  });
  return {
    services: [createLambdaService(lambda)],
    bindings: [{ protocol: 'restJson', binding: LAMBDA_REST_BINDING }],
    controlRoutes: [
      {
        // GET /_keydrill/logs/<function>[?since=<epoch ms>]: a function's log events, for `keydrill logs`.
        method: 'GET',
        pattern: /^logs\/([\w.-]+)$/,
        handle([name], req) {
          const since = req.query.get('since') ?? '0';
          if (!/^\d+$/.test(since)) return { status: 400, body: { error: 'since must be a time in epoch milliseconds' } };
          if (!store.getFunction(name)) return { status: 404, body: { error: `no function named ${name}` } };
          return { status: 200, body: { events: lambda.logs.list(name, Number(since)) } };
        },
      },
    ],
    start: () => eventSources.start(),
    async reset() {
      await eventSources.stop();
      lambda.reset();
      checkpoints.reset();
    },
    async drain() {
      await eventSources.stop();
      checkpoints.flush();
      lambda.stop();
    },
  };
};
