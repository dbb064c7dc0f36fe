import { OperationTable } from '../../core/operation';
import type { Lambda } from './lambda';
import { createEventSourceMapping } from './operations/create-event-source-mapping';
import { createFunction } from './operations/create-function';
import { deleteEventSourceMapping } from './operations/delete-event-source-mapping';
import { deleteFunction } from './operations/delete-function';
import { deleteFunctionConcurrency } from './operations/delete-function-concurrency';
import { getEventSourceMapping } from './operations/get-event-source-mapping';
import { getFunction } from './operations/get-function';
import { getFunctionConcurrency } from './operations/get-function-concurrency';
import { getFunctionConfiguration } from './operations/get-function-configuration';
import { invoke } from './operations/invoke';
import { listEventSourceMappings } from './operations/list-event-source-mappings';
import { listFunctions } from './operations/list-functions';
import { putFunctionConcurrency } from './operations/put-function-concurrency';
import { updateEventSourceMapping } from './operations/update-event-source-mapping';
import { updateFunctionConfiguration } from './operations/update-function-configuration';

export { Lambda } from './lambda';
export { LambdaStore } from './store';
export { FunctionLogs } from './logs/function-logs';
export { LAMBDA_REST_BINDING } from './rest-routes';
export { DEFAULT_LAMBDA_CONFIG, type LambdaConfig } from './lambda';

/** Every Lambda operation the runtime serves (restJson1, routes in rest-routes.ts). */
export const LAMBDA_OPERATIONS = [
  createEventSourceMapping,
  createFunction,
  deleteEventSourceMapping,
  deleteFunction,
  deleteFunctionConcurrency,
  getEventSourceMapping,
  getFunction,
  getFunctionConcurrency,
  getFunctionConfiguration,
  invoke,
  listEventSourceMappings,
  listFunctions,
  putFunctionConcurrency,
  updateEventSourceMapping,
  updateFunctionConfiguration,
];

export const createLambdaService = (lambda: Lambda) => new OperationTable<Lambda>('lambda', lambda, LAMBDA_OPERATIONS);
