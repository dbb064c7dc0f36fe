import { OperationTable } from '../../core/operation';
import type { Lambda } from './lambda';
import { createFunction } from './operations/create-function';
import { deleteFunction } from './operations/delete-function';
import {
  createEventSourceMapping,
  deleteEventSourceMapping,
  getEventSourceMapping,
  listEventSourceMappings,
  updateEventSourceMapping,
} from './operations/event-source-mappings';
import { deleteFunctionConcurrency, getFunctionConcurrency, putFunctionConcurrency } from './operations/function-concurrency';
import { getFunction, getFunctionConfiguration } from './operations/get-function';
import { invoke } from './operations/invoke';
import { listFunctions } from './operations/list-functions';
import { updateFunctionConfiguration } from './operations/update-function-configuration';

export { Lambda } from './lambda';
export { LambdaStore } from './store';
export { FunctionLogs } from './logs/function-logs';
export { LAMBDA_REST_BINDING } from './rest-routes';
export { DEFAULT_LAMBDA_CONFIG, type LambdaConfig } from './model';

export const createLambdaService = (lambda: Lambda) =>
  new OperationTable<Lambda>('lambda', lambda, [
    invoke,
    getFunction,
    getFunctionConfiguration,
    listFunctions,
    createFunction,
    updateFunctionConfiguration,
    deleteFunction,
    putFunctionConcurrency,
    deleteFunctionConcurrency,
    getFunctionConcurrency,
    createEventSourceMapping,
    updateEventSourceMapping,
    deleteEventSourceMapping,
    getEventSourceMapping,
    listEventSourceMappings,
  ]);
