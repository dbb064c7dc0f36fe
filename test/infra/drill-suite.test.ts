import { App, type CfnElement, Duration, Stack, Validations, aws_events as events, aws_iam as iam, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DrillResults } from '../../infra/constructs/drill-results';
import { DrillSuite, type DrillSuiteProps } from '../../infra/constructs/drill-suite';
import { KeydrillStack, OUTPUT_KEYS, type KeydrillStackProps } from '../../infra/stacks/keydrill-stack';
import { PROJECT_ROOT } from '../../runtime/core/paths';
import { SCENARIO_NAMES } from '../../functions/domain/drills/scenarios';
import { KEY_ROTATION_DRILL_ASL } from '../../statemachines/key-rotation-drill.substitutions';
import { DRILL_SUITE_ASL, DRILL_SUITE_NAME, DRILL_SUITE_SUBSTITUTIONS } from '../../statemachines/drill-suite.substitutions';

const DRILL_NAME = 'keydrill-key-rotation-drill';

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
}

function synth(overrides: Partial<DrillSuiteProps> = {}, { nag = false } = {}) {
  const app = new App();
  const stack = new Stack(app, 'Test');
  const results = new DrillResults(stack, 'Results', { ledgerName: 'keydrill-ledger', alertBus: new events.EventBus(stack, 'Bus', { eventBusName: 'keydrill-alerts' }) });
  // The KeyRotationDrill's own construct is tested with it; here it only has to be a state machine with its fixed name.
  const drill = new sfn.StateMachine(stack, 'Drill', { stateMachineName: DRILL_NAME, definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Succeed(stack, 'Done')) });
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const suite = new DrillSuite(stack, 'Suite', { drill, drillName: DRILL_NAME, results, ...overrides });
  return {
    app,
    stack,
    suite,
    /** Synthesizes on first read: with nag on, synthesis is the assertion. */
    get template() {
      return Template.fromStack(stack);
    },
  };
}

const actionsOf = (s: Statement) => [s.Action].flat();

function roleStatements(t: Template, stack: Stack, role: iam.IRole): Statement[] {
  const roleId = stack.resolve(stack.getLogicalId(role.node.defaultChild as CfnElement));
  const policies = Object.values(t.findResources('AWS::IAM::Policy')) as Array<{ Properties: { Roles: unknown[]; PolicyDocument: { Statement: Statement[] } } }>;
  return policies.filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId)).flatMap((p) => p.Properties.PolicyDocument.Statement);
}

const suiteRoleStatements = (t: Template, stack: Stack, suite: DrillSuite) => roleStatements(t, stack, suite.stateMachine.role);

type RuleResource = { Properties: Record<string, any> };
const scheduleRules = (t: Template) => (Object.values(t.findResources('AWS::Events::Rule')) as RuleResource[]).filter((r) => r.Properties.ScheduleExpression !== undefined);

test('the state machine: the ASL file, every typed substitution filled, a fixed name, no schedule by default', () => {
  const { template: t } = synth();
  const [machine] = Object.values(t.findResources('AWS::StepFunctions::StateMachine', { Properties: { StateMachineName: DRILL_SUITE_NAME } })) as Array<{ Properties: Record<string, any> }>;
  expect(machine).toBeDefined();
  expect(JSON.parse(machine.Properties.DefinitionString)).toEqual(JSON.parse(readFileSync(join(PROJECT_ROOT, DRILL_SUITE_ASL), 'utf8')));
  expect(Object.keys(machine.Properties.DefinitionSubstitutions).sort()).toEqual([...DRILL_SUITE_SUBSTITUTIONS].sort());
  expect(JSON.stringify(machine.Properties.DefinitionSubstitutions.KeyRotationDrillStateMachineArn)).toContain('Drill');
  expect(scheduleRules(t)).toEqual([]);
});

test("the stop rule: the suite's own ABORTED and TIMED_OUT status changes, to the suite function, which publishes a STOPPED report", () => {
  const { template: t } = synth();
  const rules = Object.values(t.findResources('AWS::Events::Rule')) as RuleResource[];
  expect(rules).toHaveLength(1);
  const [rule] = rules;
  expect(rule.Properties.EventPattern).toEqual({
    source: ['aws.states'],
    'detail-type': ['Step Functions Execution Status Change'],
    detail: { status: ['ABORTED', 'TIMED_OUT'], stateMachineArn: [{ Ref: expect.stringMatching(/^SuiteStateMachine/) }] },
  });
  expect(rule.Properties.Targets).toHaveLength(1);
  expect(JSON.stringify(rule.Properties.Targets[0].Arn)).toMatch(/SuiteFunction/);
});

test("the suite's TimeoutSeconds leaves room for every scenario's drill to run to its own timeout, one after another", () => {
  const timeoutOf = (file: string) => (JSON.parse(readFileSync(join(PROJECT_ROOT, file), 'utf8')) as { TimeoutSeconds: number }).TimeoutSeconds;
  expect(timeoutOf(DRILL_SUITE_ASL)).toBeGreaterThanOrEqual(SCENARIO_NAMES.length * timeoutOf(KEY_ROTATION_DRILL_ASL));
});

test("the suite's role: start the drill, follow and stop its executions, the .sync managed rule, progress, its two functions; nothing else", () => {
  const { template: t, stack, suite } = synth();
  const statements = suiteRoleStatements(t, stack, suite);
  const bySid = (sid: string) => statements.find((s) => s.Sid === sid)!;
  expect(actionsOf(bySid('StartTheDrill'))).toEqual(['states:StartExecution']);
  expect(JSON.stringify(bySid('StartTheDrill').Resource)).toMatch(/"Ref":"Drill[0-9A-F]+"/);
  expect(actionsOf(bySid('FollowAndStopDrillExecutions')).sort()).toEqual(['states:DescribeExecution', 'states:StopExecution']);
  expect(JSON.stringify(bySid('FollowAndStopDrillExecutions').Resource)).toContain(`:execution:${DRILL_NAME}:*`);
  expect(actionsOf(bySid('NestedExecutionCompletionRule')).sort()).toEqual(['events:DescribeRule', 'events:PutRule', 'events:PutTargets']);
  expect(JSON.stringify(bySid('NestedExecutionCompletionRule').Resource)).toContain(':rule/StepFunctionsGetEventsForStepFunctionsExecutionRule');
  expect(actionsOf(bySid('RecordProgress'))).toEqual(['dynamodb:PutItem']);

  const everyAction = statements.flatMap(actionsOf);
  expect(everyAction.filter((a) => a.startsWith('states:')).sort()).toEqual(['states:DescribeExecution', 'states:StartExecution', 'states:StopExecution']);
  expect(new Set(everyAction.filter((a) => !a.startsWith('states:') && !a.startsWith('events:') && a !== 'dynamodb:PutItem'))).toEqual(new Set(['lambda:InvokeFunction', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets']));
  const invoked = statements.filter((s) => actionsOf(s).includes('lambda:InvokeFunction')).map((s) => JSON.stringify(s.Resource)).join(' ');
  expect(invoked).toMatch(/SuiteFunction/);
  expect(invoked).toMatch(/ResultsPublisher/);
});

test("the suite function: REPORT items by key, the drill's executions described, the publisher invoked; nothing more", () => {
  const { template: t, stack, suite } = synth();
  const statements = roleStatements(t, stack, suite.suiteFunction.role!);
  expect(statements.map((s) => [actionsOf(s), JSON.stringify(s.Resource)])).toEqual([
    [['dynamodb:GetItem'], expect.stringMatching(/^\{"Fn::GetAtt":\["ResultsTable\w+","Arn"\]\}$/)],
    [['states:DescribeExecution'], expect.stringContaining(`:execution:${DRILL_NAME}:*`)],
    [['lambda:InvokeFunction'], expect.stringMatching(/^\{"Fn::GetAtt":\["ResultsPublisher\w+","Arn"\]\}$/)],
  ]);
});

test('continuous verification: a schedule that starts the suite with the chosen scenarios', () => {
  const { template: t } = synth({ continuousVerification: { schedule: events.Schedule.rate(Duration.hours(6)), scenarios: ['alias-switch', 're-key'] } });
  expect(scheduleRules(t)).toHaveLength(1);
  const [rule] = scheduleRules(t);
  expect(rule.Properties.ScheduleExpression).toBe('rate(6 hours)');
  expect(rule.Properties.Targets).toHaveLength(1);
  expect(JSON.stringify(rule.Properties.Targets[0].Arn)).toMatch(/SuiteStateMachine/);
  expect(JSON.parse(rule.Properties.Targets[0].Input)).toEqual({ scenarios: ['alias-switch', 're-key'] });

  const all = synth({ continuousVerification: { schedule: events.Schedule.cron({ minute: '0', hour: '3' }) } }).template;
  const [allRule] = scheduleRules(all);
  expect(allRule.Properties.ScheduleExpression).toBe('cron(0 3 * * ? *)');
  expect(JSON.parse(allRule.Properties.Targets[0].Input)).toEqual({});
});

test('continuous verification passes the suite options it is given (a scheduled dry run with its own timings)', () => {
  const input = { scenarios: ['alias-switch'], dryRun: true, probe: { intervalMs: 1000 }, timeouts: { impactMs: 120_000 } };
  const { template: t } = synth({ continuousVerification: { schedule: events.Schedule.rate(Duration.days(1)), ...input } });
  const [rule] = scheduleRules(t);
  expect(JSON.parse(rule.Properties.Targets[0].Input)).toEqual(input);
});

test('continuous verification refuses options the suite would refuse, by the suite\'s own rules', () => {
  expect(() => synth({ continuousVerification: { schedule: events.Schedule.rate(Duration.days(1)), timeouts: { impactMs: 10 } } })).toThrow(/^continuousVerification: timeouts\.impactMs must be a whole number of milliseconds from 1000/);
});

test.each([
  ['an unknown scenario', ['alias-switch', 'unplug-the-hsm'], /unknown scenario unplug-the-hsm/],
  ['an empty list', [], /at least one scenario/],
])('continuous verification refuses %s', (_what, scenarios, message) => {
  expect(() => synth({ continuousVerification: { schedule: events.Schedule.rate(Duration.days(1)), scenarios } })).toThrow(message);
});

test('cdk-nag: nothing unacknowledged in the suite, and every acknowledgement has a reason', () => {
  const { app } = synth({ continuousVerification: { schedule: events.Schedule.rate(Duration.days(1)) } }, { nag: true });
  let findings = '';
  try {
    app.synth();
  } catch (e) {
    findings = (e as Error).message;
  }
  // The stand-in drill machine (no tracing, no logs) is reported, so the pack did run over this stack.
  expect(findings).toMatch(/AwsSolutions-SF2[\s\S]*Test\/Drill\/Resource|Test\/Drill\/Resource[\s\S]*AwsSolutions-SF2/);
  const suiteFindings = findings.split(/\n(?=\s*ERROR)/).filter((finding) => finding.includes('Test/Suite/'));
  expect(suiteFindings).toEqual([]);
  const acknowledged = app.node.findAll().filter((c) => c.node.path.startsWith('Test/Suite')).flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).flatMap((m) => Object.values(m.data as Record<string, string>)));
  expect(acknowledged.length).toBeGreaterThan(0);
  for (const reason of acknowledged) expect(reason).toMatch(/\w{3,}.*\w{3,}/);
});

describe('in the keydrill stack', () => {
  const stackTemplate = (props: KeydrillStackProps = {}) => Template.fromStack(new KeydrillStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Keydrill', props));
  const suiteRules = (t: Template) => Object.values(t.findResources('AWS::Events::Rule')).filter((r: any) => JSON.stringify(r.Properties.Targets ?? []).includes('SuiteStateMachine'));

  test('continuous verification is off by default; the suite and its output exist either way', () => {
    const t = stackTemplate();
    expect(suiteRules(t)).toEqual([]);
    t.hasOutput(OUTPUT_KEYS.drillSuiteStateMachineArn, { Value: { Ref: Match.stringLikeRegexp('^SuiteStateMachine') } });
    t.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: DRILL_SUITE_NAME });
  });

  test('continuous verification on: one schedule starts the suite', () => {
    const t = stackTemplate({ continuousVerification: { schedule: events.Schedule.rate(Duration.hours(1)), scenarios: ['disable-key'] } });
    const rules = suiteRules(t) as Array<{ Properties: Record<string, any> }>;
    expect(rules).toHaveLength(1);
    expect(rules[0].Properties).toMatchObject({ ScheduleExpression: 'rate(1 hour)', State: 'ENABLED' });
    expect(JSON.parse(rules[0].Properties.Targets[0].Input)).toEqual({ scenarios: ['disable-key'] });
  });
});
