import type { CfnTemplate } from '../../runtime/bootstrap/template';
import { keydrillTemplate } from '../helpers/keydrill-stack';
import { fixtureFunction, lambdaRole } from '../helpers/lambda';

/** What the interop tier adds to the keydrill stack, so every service has something to call. */
export const INTEROP = { functionName: 'interop-echo', streamName: 'interop-stream', tableName: 'interop-table' } as const;

const resources: CfnTemplate['Resources'] = {
  InteropEchoRole: lambdaRole('interop-echo-role', []),
  InteropEcho: fixtureFunction('echo', 'InteropEchoRole', { FunctionName: INTEROP.functionName }),
  InteropStream: { Type: 'AWS::Kinesis::Stream', Properties: { Name: INTEROP.streamName, ShardCount: 1 } },
  InteropTable: {
    Type: 'AWS::DynamoDB::Table',
    Properties: {
      TableName: INTEROP.tableName,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: ['pk', 'sk'].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      BillingMode: 'PAY_PER_REQUEST',
    },
  },
};

/** The keydrill stack as `keydrill up` deploys it, plus the interop resources. */
export function interopStack(): { name: string; template: CfnTemplate } {
  const stack = keydrillTemplate();
  return { name: stack.name, template: { ...stack.template, Resources: { ...stack.template.Resources, ...resources } } };
}
