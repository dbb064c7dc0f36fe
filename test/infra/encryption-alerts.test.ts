import { App, Duration, Stack, aws_dynamodb as dynamodb, aws_events as events, aws_kinesis as kinesis } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { EncryptionAlerts, type EncryptionAlertsProps } from '../../infra/constructs/encryption-alerts';
import { keydrillTemplate } from '../helpers/keydrill-stack';

function synth(overrides: Partial<EncryptionAlertsProps> = {}): Template {
  const stack = new Stack(new App(), 'Test');
  new EncryptionAlerts(stack, 'Alerts', {
    ledgerName: 'keydrill-ledger',
    alertBus: new events.EventBus(stack, 'Bus', { eventBusName: 'keydrill-alerts' }),
    journalStream: new kinesis.Stream(stack, 'Stream'),
    projectionTable: new dynamodb.Table(stack, 'Projection', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }),
    watchedAliases: ['alias/keydrill-ledger'],
    ...overrides,
  });
  return Template.fromStack(stack);
}

test('tables keyed for reads by ledger and time, a monitor schedule and a default-bus KMS rule', () => {
  const t = synth();
  t.hasResourceProperties('AWS::DynamoDB::Table', { KeySchema: [{ AttributeName: 'ledgerName', KeyType: 'HASH' }, { AttributeName: 'aspect', KeyType: 'RANGE' }] });
  t.hasResourceProperties('AWS::DynamoDB::Table', { KeySchema: [{ AttributeName: 'ledgerName', KeyType: 'HASH' }, { AttributeName: 'raisedAt', KeyType: 'RANGE' }] });
  t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
  t.hasResourceProperties('AWS::Events::Rule', {
    EventPattern: { source: ['aws.kms'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: Match.arrayWith(['DisableKey', 'UpdateAlias']) } },
    EventBusName: Match.absent(),
  });
  t.hasResourceProperties('AWS::Lambda::EventSourceMapping', { StartingPosition: 'LATEST' });
  t.resourceCountIs('AWS::Lambda::Function', 3);
});

test('each function has its own role: DescribeLedger on this ledger only, PutEvents on the alerts bus only', () => {
  const t = synth();
  const policies = Object.values(t.findResources('AWS::IAM::Policy')) as Array<{ Properties: { Roles: unknown[]; PolicyDocument: { Statement: Array<{ Action: string | string[]; Resource: unknown }> } } }>;
  const roles = new Set(policies.flatMap((p) => p.Properties.Roles.map((r) => JSON.stringify(r))));
  expect(roles.size).toBe(3);
  for (const policy of policies) {
    const statements = policy.Properties.PolicyDocument.Statement;
    const qldb = statements.find((s) => [s.Action].flat().some((a) => a.startsWith('qldb:')))!;
    expect(JSON.stringify(qldb.Resource)).toContain(':ledger/keydrill-ledger');
    const putEvents = statements.find((s) => [s.Action].flat().includes('events:PutEvents'))!;
    expect(JSON.stringify(putEvents.Resource)).toContain('Bus');
    expect(statements.flatMap((s) => [s.Action].flat())).not.toContain('qldb:SendCommand');
  }
});

test('props are validated', () => {
  expect(() => synth({ watchedAliases: ['keydrill-ledger'] })).toThrow('watchedAliases entries are alias names');
  expect(() => synth({ monitorInterval: Duration.seconds(30) })).toThrow('monitorInterval must be a whole number of minutes');
  expect(() => synth({ describeCacheTime: Duration.minutes(5) })).toThrow('describeCacheTime must be at most 60 s');
});

test('the keydrill stack outputs the alerts bus and both tables', () => {
  const { template } = keydrillTemplate();
  expect(Object.keys(template.Outputs ?? {})).toEqual(expect.arrayContaining(['AlertBusName', 'AlertStatusTableName', 'AlertsTableName']));
});
