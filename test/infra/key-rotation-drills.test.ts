import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { KeyRotationDrills } from '../../infra/constructs/key-rotation-drills';
import { KEY_ROTATION_DRILL_NAME } from '../../statemachines/key-rotation-drill.substitutions';
import { keydrillApp } from '../helpers/synth-keydrill';

const kd = keydrillApp();
const template = Template.fromStack(kd.stack);
afterAll(() => kd.dispose());
const resources = (type: string) => Object.entries(template.findResources(type)) as Array<[string, { Properties: Record<string, any> }]>;
const logicalId = (type: string, prefix: string) => resources(type).find(([id]) => id.startsWith(prefix))![0];

test('the state machine has a fixed name and its definition inline, with the three functions substituted', () => {
  const [[, machine]] = resources('AWS::StepFunctions::StateMachine').filter(([, m]) => m.Properties.StateMachineName === KEY_ROTATION_DRILL_NAME);
  expect(JSON.parse(machine.Properties.DefinitionString)).toMatchObject({ StartAt: 'Preflight', TimeoutSeconds: expect.any(Number) });
  expect(machine.Properties.DefinitionS3Location).toBeUndefined();
  const subs = JSON.stringify(machine.Properties.DefinitionSubstitutions);
  for (const fn of ['DrillsStepFunction', 'DrillsProbeFunction', 'ResultsPublisher']) expect(subs).toContain(logicalId('AWS::Lambda::Function', fn));
});

test('the stop rule takes ABORTED and TIMED_OUT executions of this machine to the drill-step function', () => {
  template.hasResourceProperties('AWS::Events::Rule', {
    EventPattern: { source: ['aws.states'], 'detail-type': ['Step Functions Execution Status Change'], detail: { status: ['ABORTED', 'TIMED_OUT'], stateMachineArn: [{ Ref: logicalId('AWS::StepFunctions::StateMachine', 'DrillsKeyRotationDrill') }] } },
    Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId('AWS::Lambda::Function', 'DrillsStepFunction'), 'Arn'] } })],
  });
});

test('alerts from the alerts bus and KMS rotations from the default bus reach the event recorder', () => {
  const recorder = { 'Fn::GetAtt': [logicalId('AWS::Lambda::Function', 'DrillsEventsFunction'), 'Arn'] };
  template.hasResourceProperties('AWS::Events::Rule', { EventPattern: { source: ['keydrill.ledger'] }, EventBusName: Match.anyValue(), Targets: [Match.objectLike({ Arn: recorder })] });
  template.hasResourceProperties('AWS::Events::Rule', { EventPattern: { source: ['aws.kms'], 'detail-type': ['KMS CMK Rotation'] }, EventBusName: Match.absent(), Targets: [Match.objectLike({ Arn: recorder })] });
});

test("the drill role's KMS rights are in the key policies, each naming it; no key policy gives the probe's role more than decrypting", () => {
  const drillRole = logicalId('AWS::IAM::Role', 'DrillsStepFunctionServiceRole');
  const probeRole = logicalId('AWS::IAM::Role', 'DrillsProbeFunctionServiceRole');
  for (const [, key] of resources('AWS::KMS::Key')) {
    const statements = key.Properties.KeyPolicy.Statement as Array<{ Sid: string; Principal: unknown; Action: string[] }>;
    const disrupt = statements.find((s) => s.Sid === 'The drill may disrupt and restore the key')!;
    expect(JSON.stringify(disrupt.Principal)).toContain(drillRole);
    expect(disrupt.Action).toEqual(expect.arrayContaining(['kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:RevokeGrant']));
    expect(disrupt.Action).not.toContain('kms:*');
    for (const s of statements.filter((st) => JSON.stringify(st.Principal).includes(probeRole))) expect(['kms:Decrypt', 'kms:DescribeKey']).toEqual(expect.arrayContaining([s.Action].flat()));
  }
});

test('props are validated', () => {
  const other = keydrillApp();
  try {
    const s = other.stack;
    expect(() => new KeyRotationDrills(s, 'Bad', { ledgerName: 'l', drillKeys: s.drillKeys, appRole: s.appRole, alertBus: s.alertBus, resultsTable: s.results.table, reportPublisher: s.results.publisher, projectionTable: s.projection.projectionTable, maxProjectionLag: Duration.millis(10) })).toThrow(
      'maxProjectionLag must be from 1 s to 15 min',
    );
  } finally {
    other.dispose();
  }
});
