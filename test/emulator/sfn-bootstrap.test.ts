import { DescribeStateMachineCommand, ListTagsForResourceCommand } from '@aws-sdk/client-sfn';
import type { CfnTemplate } from '../../runtime/bootstrap/template';
import { control } from '../helpers/control-plane';
import { useRuntime, withRuntime } from '../helpers/runtime';
import { settled, start } from '../helpers/sfn';

/** What the CDK emits for a state machine: DefinitionString as Fn::Join with the partition, a role by GetAtt. */
const template: CfnTemplate = {
  Resources: {
    MachineRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      },
    },
    Drill: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        RoleArn: { 'Fn::GetAtt': ['MachineRole', 'Arn'] },
        DefinitionString: { 'Fn::Join': ['', ['{"StartAt":"Say","States":{"Say":{"Type":"Pass","Result":{"partition":"', { Ref: 'AWS::Partition' }, '","stage":"${Stage}"},"End":true}}}']] },
        DefinitionSubstitutions: { Stage: 'local' },
        TracingConfiguration: { Enabled: true },
        Tags: [{ Key: 'purpose', Value: 'drill' }],
      },
    },
  },
  Outputs: {
    DrillArn: { Value: { Ref: 'Drill' } },
    DrillName: { Value: { 'Fn::GetAtt': ['Drill', 'Name'] } },
  },
};

const env = useRuntime({ stack: { name: 'SfnStack', template } });

describe('AWS::StepFunctions::StateMachine', () => {
  it('deploys the definition with its substitutions, the role, tracing and tags; Ref is the ARN and Name an attribute', async () => {
    const { DrillArn, DrillName } = env.runtime.outputs;
    expect(DrillName).toBe('SfnStack-Drill');
    expect(DrillArn).toBe(`arn:aws:states:${env.runtime.region}:${env.runtime.account}:stateMachine:SfnStack-Drill`);
    const machine = await env.clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: DrillArn }));
    expect(JSON.parse(machine.definition!).States.Say.Result).toEqual({ partition: 'aws', stage: 'local' });
    expect(machine.roleArn).toMatch(/:role\//);
    expect(machine.tracingConfiguration).toEqual({ enabled: true });
    expect((await env.clients.sfn.send(new ListTagsForResourceCommand({ resourceArn: DrillArn }))).tags).toEqual([{ key: 'purpose', value: 'drill' }]);
  });

  it('runs, and records each status change on the trail as Step Functions Execution Status Change', async () => {
    const executionArn = await start(env.clients.sfn, env.runtime.outputs.DrillArn, { from: 'test' });
    expect((await settled(env.clients.sfn, executionArn)).output).toBe('{"partition":"aws","stage":"local"}');
    const { body } = await control(env.runtime, 'trail');
    const changes = (body.events ?? body).filter((e: { source: string; resources: string[] }) => e.source === 'aws.states' && e.resources.includes(executionArn));
    expect(changes.map((e: { detail: { status: string } }) => e.detail.status)).toEqual(['RUNNING', 'SUCCEEDED']);
    expect(changes[1]).toMatchObject({
      'detail-type': 'Step Functions Execution Status Change',
      detail: { executionArn, stateMachineArn: env.runtime.outputs.DrillArn, status: 'SUCCEEDED', input: '{"from":"test"}', output: '{"partition":"aws","stage":"local"}', error: null, cause: null },
    });
    expect(typeof changes[1].detail.stopDate).toBe('number');
  });
});

describe('DefinitionS3Location', () => {
  it('is refused with a message saying to give the definition inline', async () => {
    const s3Template: CfnTemplate = {
      Resources: {
        FromS3: { Type: 'AWS::StepFunctions::StateMachine', Properties: { RoleArn: 'arn:aws:iam::000000000000:role/any', DefinitionS3Location: { Bucket: 'b', Key: 'k' } } },
      },
    };
    await expect(withRuntime({ stack: { name: 'S3Stack', template: s3Template } })).rejects.toThrow(/DefinitionS3Location: keydrill has no S3/);
  });
});
