import { Template } from 'aws-cdk-lib/assertions';
import { ALERT_BUS_NAME, OUTPUT_KEYS } from '../../infra/stacks/keydrill-stack';
import { type KeydrillApp, keydrillApp } from '../helpers/synth-keydrill';

/** The alerts bus subscribers' rules are put on (README, "Subscribing to alerts"). */
let kd: KeydrillApp;
let template: Template;

beforeAll(() => {
  kd = keydrillApp();
  template = Template.fromStack(kd.stack);
});

afterAll(() => kd.dispose());

test('the stack has one custom event bus, named keydrill-alerts', () => {
  template.resourceCountIs('AWS::Events::EventBus', 1);
  template.hasResourceProperties('AWS::Events::EventBus', { Name: ALERT_BUS_NAME });
  expect(ALERT_BUS_NAME).toBe('keydrill-alerts');
});

test('AlertBusName is the bus Ref, its name', () => {
  const busId = kd.stack.resolve(kd.stack.getLogicalId(kd.stack.alertBus.node.defaultChild as never));
  expect(OUTPUT_KEYS.alertBusName).toBe('AlertBusName');
  template.hasOutput('AlertBusName', { Value: { Ref: busId } });
});
