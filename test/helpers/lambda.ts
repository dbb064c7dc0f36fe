import type { CfnResource } from '../../runtime/bootstrap/template';
import { LOCAL_ENTRY_METADATA } from '../../runtime/core/paths';

/** A role Lambda may assume, allowed `actions` on everything. */
export const lambdaRole = (name: string, actions: string[]): CfnResource => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    RoleName: name,
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    Policies: actions.length ? [{ PolicyName: 'access', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] } }] : [],
  },
});

/** A function whose code is a fixture module under test/fixtures/lambda/. */
export const fixtureFunction = (fixture: string, roleLogicalId: string, properties: Record<string, unknown> = {}): CfnResource => ({
  Type: 'AWS::Lambda::Function',
  Metadata: { [LOCAL_ENTRY_METADATA]: `test/fixtures/lambda/${fixture}.ts` },
  Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', Role: { 'Fn::GetAtt': [roleLogicalId, 'Arn'] }, Code: { S3Bucket: 'cdk-assets', S3Key: `${fixture}.zip` }, ...properties },
});

export const payloadOf = (payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload ?? []).toString('utf8'));
