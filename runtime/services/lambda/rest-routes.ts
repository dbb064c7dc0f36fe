import type { RestJsonBinding } from '../../protocol/rest-json';
import { lambdaErrorBody } from './errors';
import { invokeResponse } from './operations/invoke';

const paging = { Marker: { member: 'Marker' }, MaxItems: { member: 'MaxItems', kind: 'integer' as const } };

/** Lambda's restJson1 routes, as @aws-sdk/client-lambda sends them. Functions come from the template only. */
export const LAMBDA_REST_BINDING: RestJsonBinding = {
  service: 'lambda',
  errorBody: lambdaErrorBody,
  routes: [
    {
      method: 'POST',
      path: '/2015-03-31/functions/{FunctionName}/invocations',
      operation: 'Invoke',
      query: { Qualifier: { member: 'Qualifier' } },
      headers: { 'x-amz-invocation-type': 'InvocationType', 'x-amz-log-type': 'LogType', 'x-amz-client-context': 'ClientContext' },
      payload: 'Payload',
      respond: invokeResponse,
    },
    { method: 'GET', path: '/2015-03-31/functions', operation: 'ListFunctions', query: { ...paging, MasterRegion: { member: 'MasterRegion' }, FunctionVersion: { member: 'FunctionVersion' } } },
    { method: 'GET', path: '/2015-03-31/functions/{FunctionName}', operation: 'GetFunction', query: { Qualifier: { member: 'Qualifier' } } },
    { method: 'GET', path: '/2015-03-31/functions/{FunctionName}/configuration', operation: 'GetFunctionConfiguration', query: { Qualifier: { member: 'Qualifier' } } },
    { method: 'POST', path: '/2015-03-31/functions/{FunctionName}/policy', operation: 'AddPermission', query: { Qualifier: { member: 'Qualifier' } }, respond: (output) => ({ status: 201, headers: { 'content-type': 'application/json' }, body: JSON.stringify(output) }) },
    { method: 'GET', path: '/2015-03-31/functions/{FunctionName}/policy', operation: 'GetPolicy', query: { Qualifier: { member: 'Qualifier' } } },
    {
      method: 'DELETE',
      path: '/2015-03-31/functions/{FunctionName}/policy/{StatementId}',
      operation: 'RemovePermission',
      query: { Qualifier: { member: 'Qualifier' }, RevisionId: { member: 'RevisionId' } },
      respond: () => ({ status: 204, headers: {}, body: '' }),
    },
    { method: 'PUT', path: '/2017-10-31/functions/{FunctionName}/concurrency', operation: 'PutFunctionConcurrency' },
    { method: 'DELETE', path: '/2017-10-31/functions/{FunctionName}/concurrency', operation: 'DeleteFunctionConcurrency', respond: () => ({ status: 204, headers: {}, body: '' }) },
    { method: 'GET', path: '/2019-09-30/functions/{FunctionName}/concurrency', operation: 'GetFunctionConcurrency' },
    { method: 'POST', path: '/2015-03-31/event-source-mappings', operation: 'CreateEventSourceMapping' },
    { method: 'GET', path: '/2015-03-31/event-source-mappings', operation: 'ListEventSourceMappings', query: { ...paging, EventSourceArn: { member: 'EventSourceArn' }, FunctionName: { member: 'FunctionName' } } },
    { method: 'GET', path: '/2015-03-31/event-source-mappings/{UUID}', operation: 'GetEventSourceMapping' },
    { method: 'PUT', path: '/2015-03-31/event-source-mappings/{UUID}', operation: 'UpdateEventSourceMapping' },
    { method: 'DELETE', path: '/2015-03-31/event-source-mappings/{UUID}', operation: 'DeleteEventSourceMapping' },
  ],
};
