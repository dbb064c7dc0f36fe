import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListExportsCommand,
  ListStackResourcesCommand,
  ListStacksCommand,
  UpdateStackCommand,
  UpdateTerminationProtectionCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime } from '../../runtime';
import type { CfnTemplate } from '../../runtime/bootstrap/template';
import { keydrillTemplate } from '../helpers/keydrill-stack';
import { rawRequest } from '../helpers/raw-request';
import { clientConfig, failure, withRuntime } from '../helpers/runtime';

/** CloudFormation (awsQuery) over the real SDK client: the deployed stack as DescribeStacks and friends report it. */
jest.setTimeout(120_000);

const STACK_ID = /^arn:aws:cloudformation:us-east-1:000000000000:stack\/([^/]+)\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const cfnClient = (runtime: Runtime) => new CloudFormationClient(clientConfig(runtime));

async function describeStack(cfn: CloudFormationClient, name: string): Promise<Stack> {
  const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: name }));
  expect(Stacks).toHaveLength(1);
  return Stacks![0];
}

const outputMap = (stack: Stack) => Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));

describe('the deployed keydrill stack', () => {
  let runtime: Runtime;
  let cfn: CloudFormationClient;
  let stack: { name: string; template: CfnTemplate };
  const startedAt = new Date();

  beforeAll(async () => {
    stack = keydrillTemplate();
    runtime = await withRuntime({ stack });
    cfn = cfnClient(runtime);
  });
  afterAll(async () => {
    cfn.destroy();
    await runtime.stop();
  });

  describe('DescribeStacks', () => {
    it('reports the stack as CloudFormation does after a create, with the outputs the runtime deployed', async () => {
      const described = await describeStack(cfn, stack.name);
      expect(described.StackId).toMatch(STACK_ID);
      expect(STACK_ID.exec(described.StackId!)![1]).toBe(stack.name);
      expect(described).toMatchObject({
        StackName: stack.name,
        StackStatus: 'CREATE_COMPLETE',
        Description: stack.template.Description,
        Parameters: [],
        Tags: [],
        NotificationARNs: [],
        DisableRollback: false,
        EnableTerminationProtection: false,
        DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
      });
      expect(described.CreationTime!.getTime()).toBeGreaterThanOrEqual(startedAt.getTime() - 1000);
      expect(described.CreationTime!.getTime()).toBeLessThanOrEqual(Date.now());
      expect(described.LastUpdatedTime).toBeUndefined();
      expect(Object.keys(runtime.outputs).length).toBeGreaterThan(0);
      expect(outputMap(described)).toEqual(runtime.outputs);
      expect(described.Outputs!.map((o) => o.OutputKey)).toEqual(Object.keys(stack.template.Outputs!));
    });

    it('finds the stack by its stack id, and lists it without a StackName', async () => {
      const byName = await describeStack(cfn, stack.name);
      const byId = await describeStack(cfn, byName.StackId!);
      expect(byId).toEqual(byName);
      const { Stacks } = await cfn.send(new DescribeStacksCommand({}));
      expect(Stacks).toEqual([byName]);
    });

    it('refuses a stack that does not exist with ValidationError', async () => {
      expect(await failure(cfn.send(new DescribeStacksCommand({ StackName: 'NoSuchStack' })))).toEqual({
        name: 'ValidationError',
        status: 400,
        message: 'Stack with id NoSuchStack does not exist',
      });
    });
  });

  describe('ListStacks', () => {
    it('summarizes the stack, filtered by status', async () => {
      const described = await describeStack(cfn, stack.name);
      const { StackSummaries } = await cfn.send(new ListStacksCommand({}));
      expect(StackSummaries).toEqual([
        {
          StackId: described.StackId,
          StackName: stack.name,
          TemplateDescription: stack.template.Description,
          CreationTime: described.CreationTime,
          StackStatus: 'CREATE_COMPLETE',
          DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
        },
      ]);
      const complete = await cfn.send(new ListStacksCommand({ StackStatusFilter: ['CREATE_COMPLETE', 'UPDATE_COMPLETE'] }));
      expect(complete.StackSummaries!.map((s) => s.StackName)).toEqual([stack.name]);
      const deleted = await cfn.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }));
      expect(deleted.StackSummaries ?? []).toEqual([]);
    });

    it('refuses a status CloudFormation does not have', async () => {
      const error = await failure(cfn.send(new ListStacksCommand({ StackStatusFilter: ['DONE' as never] })));
      expect(error).toMatchObject({ name: 'ValidationError', status: 400 });
      expect(error.message).toMatch(/^1 validation error detected: Value '\[DONE\]' at 'stackStatusFilter' failed to satisfy constraint: .*enum value set: \[CREATE_IN_PROGRESS, /);
    });
  });

  describe('stack resources', () => {
    const templateIds = () => Object.keys(stack.template.Resources).sort();

    it('ListStackResources lists every resource of the template with its physical id, type and status', async () => {
      const { StackResourceSummaries, NextToken } = await cfn.send(new ListStackResourcesCommand({ StackName: stack.name }));
      expect(NextToken).toBeUndefined();
      expect(StackResourceSummaries!.map((r) => r.LogicalResourceId)).toEqual(templateIds());
      for (const r of StackResourceSummaries!) {
        expect(r.ResourceType).toBe(stack.template.Resources[r.LogicalResourceId!].Type);
        expect(r.ResourceStatus).toBe('CREATE_COMPLETE');
        expect(r.PhysicalResourceId).toBeTruthy();
        expect(r.LastUpdatedTimestamp).toBeInstanceOf(Date);
        expect(r.DriftInformation).toEqual({ StackResourceDriftStatus: 'NOT_CHECKED' });
      }
      const ledger = StackResourceSummaries!.find((r) => r.ResourceType === 'AWS::QLDB::Ledger')!;
      expect(ledger.PhysicalResourceId).toBe(runtime.outputs.LedgerName);
    });

    it('DescribeStackResources describes them by stack, by logical id and by physical id', async () => {
      const described = await describeStack(cfn, stack.name);
      const all = await cfn.send(new DescribeStackResourcesCommand({ StackName: described.StackId }));
      expect(all.StackResources!.map((r) => r.LogicalResourceId)).toEqual(templateIds());
      const ledger = all.StackResources!.find((r) => r.ResourceType === 'AWS::QLDB::Ledger')!;
      expect(ledger).toMatchObject({ StackName: stack.name, StackId: described.StackId, PhysicalResourceId: runtime.outputs.LedgerName, ResourceStatus: 'CREATE_COMPLETE' });
      expect(ledger.Timestamp).toBeInstanceOf(Date);

      const byPhysicalId = await cfn.send(new DescribeStackResourcesCommand({ PhysicalResourceId: runtime.outputs.LedgerName }));
      expect(byPhysicalId.StackResources).toEqual([ledger]);
      const byLogicalId = await cfn.send(new DescribeStackResourcesCommand({ StackName: stack.name, LogicalResourceId: ledger.LogicalResourceId }));
      expect(byLogicalId.StackResources).toEqual([ledger]);
    });

    it('DescribeStackResources needs a StackName or a PhysicalResourceId that belongs to a stack', async () => {
      expect(await failure(cfn.send(new DescribeStackResourcesCommand({})))).toEqual({
        name: 'ValidationError',
        status: 400,
        message: 'Either StackName or PhysicalResourceId must be specified',
      });
      expect(await failure(cfn.send(new DescribeStackResourcesCommand({ PhysicalResourceId: 'i-0123456789' })))).toEqual({
        name: 'ValidationError',
        status: 400,
        message: 'Stack for i-0123456789 does not exist',
      });
    });

    it('DescribeStackResource details one resource with its template Metadata', async () => {
      const fn = Object.entries(stack.template.Resources).find(([, r]) => r.Type === 'AWS::Lambda::Function')!;
      const { StackResourceDetail } = await cfn.send(new DescribeStackResourceCommand({ StackName: stack.name, LogicalResourceId: fn[0] }));
      expect(StackResourceDetail).toMatchObject({ LogicalResourceId: fn[0], ResourceType: 'AWS::Lambda::Function', PhysicalResourceId: runtime.outputs.ProjectorFunctionName });
      expect(JSON.parse(StackResourceDetail!.Metadata!)).toEqual(fn[1].Metadata);
      const role = Object.keys(stack.template.Resources).find((id) => stack.template.Resources[id].Type === 'AWS::IAM::Role')!;
      const roleDetail = await cfn.send(new DescribeStackResourceCommand({ StackName: stack.name, LogicalResourceId: role }));
      expect(roleDetail.StackResourceDetail!.Metadata).toBe(JSON.stringify(stack.template.Resources[role].Metadata ?? {}));
    });

    it('DescribeStackResource refuses a logical id the stack does not have', async () => {
      expect(await failure(cfn.send(new DescribeStackResourceCommand({ StackName: stack.name, LogicalResourceId: 'Nope' })))).toEqual({
        name: 'ValidationError',
        status: 400,
        message: `Resource Nope does not exist for stack ${stack.name}`,
      });
      expect(await failure(cfn.send(new DescribeStackResourceCommand({ StackName: 'NoSuchStack', LogicalResourceId: 'Nope' })))).toEqual({
        name: 'ValidationError',
        status: 400,
        message: "Stack 'NoSuchStack' does not exist",
      });
    });
  });

  describe('GetTemplate and ListExports', () => {
    it('GetTemplate returns the synthesized template as JSON text', async () => {
      const { TemplateBody, StagesAvailable } = await cfn.send(new GetTemplateCommand({ StackName: stack.name }));
      expect(JSON.parse(TemplateBody!)).toEqual(stack.template);
      expect(StagesAvailable).toEqual(['Original', 'Processed']);
      const processed = await cfn.send(new GetTemplateCommand({ StackName: stack.name, TemplateStage: 'Processed' }));
      expect(processed.TemplateBody).toBe(TemplateBody);
    });

    it('GetTemplate knows no change sets', async () => {
      expect(await failure(cfn.send(new GetTemplateCommand({ StackName: stack.name, ChangeSetName: 'cdk-deploy-change-set' })))).toEqual({
        name: 'ChangeSetNotFoundException',
        status: 404,
        message: 'ChangeSet [cdk-deploy-change-set] does not exist',
      });
    });

    it('ListExports is empty: the keydrill stack exports nothing', async () => {
      const { Exports, NextToken } = await cfn.send(new ListExportsCommand({}));
      expect(Exports ?? []).toEqual([]);
      expect(NextToken).toBeUndefined();
    });
  });

  describe('errors', () => {
    it.each([
      ['ListStackResources', () => new ListStackResourcesCommand({ StackName: 'NoSuchStack' })],
      ['DescribeStackResources', () => new DescribeStackResourcesCommand({ StackName: 'NoSuchStack' })],
      ['GetTemplate', () => new GetTemplateCommand({ StackName: 'NoSuchStack' })],
    ] as const)('%s on a stack that does not exist is a ValidationError', async (_name, command) => {
      expect(await failure(cfn.send(command() as never))).toEqual({ name: 'ValidationError', status: 400, message: 'Stack with id NoSuchStack does not exist' });
    });

    it.each([
      ['CreateStack', () => new CreateStackCommand({ StackName: 'Other', TemplateBody: '{"Resources":{}}' })],
      ['UpdateStack', () => new UpdateStackCommand({ StackName: 'Keydrill', UsePreviousTemplate: true })],
      ['DeleteStack', () => new DeleteStackCommand({ StackName: 'Keydrill' })],
      ['CreateChangeSet', () => new CreateChangeSetCommand({ StackName: 'Keydrill', ChangeSetName: 'change', UsePreviousTemplate: true })],
      ['UpdateTerminationProtection', () => new UpdateTerminationProtectionCommand({ StackName: 'Keydrill', EnableTerminationProtection: true })],
    ] as const)('%s is refused: the stack is changed through infra/ and keydrill up', async (name, command) => {
      const before = await describeStack(cfn, stack.name);
      expect(await failure(cfn.send(command() as never))).toEqual({
        name: 'ValidationError',
        status: 400,
        message: `keydrill serves CloudFormation read-only and does not support ${name}: the stack is deployed from infra/ by \`keydrill up\`. Change infra/ and run \`keydrill up\` again.`,
      });
      expect(await describeStack(cfn, stack.name)).toEqual(before);
    });

    it('an operation keydrill does not serve is InvalidAction, with a message', async () => {
      const error = await failure(cfn.send(new DescribeStackEventsCommand({ StackName: stack.name })));
      expect(error).toMatchObject({ name: 'InvalidAction', status: 400 });
      expect(error.message).toContain('DescribeStackEvents');
      const raw = await rawRequest(runtime, {
        service: 'cloudformation',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=Frobnicate&Version=2010-05-15',
      });
      expect(raw.status).toBe(400);
      expect(raw.text).toContain('<Code>InvalidAction</Code>');
      expect(raw.text).toContain('xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"');
    });

    it('a NextToken keydrill did not issue is a ValidationError', async () => {
      expect(await failure(cfn.send(new ListStackResourcesCommand({ StackName: stack.name, NextToken: 'bm9wZQ==' })))).toEqual({
        name: 'ValidationError',
        status: 400,
        message: 'Invalid NextToken',
      });
    });
  });
});

/** A small template whose resources are cheap (SQS queues): enough of them to page, and outputs that export. */
function queuesTemplate(count: number, visibilityTimeout = 30): CfnTemplate {
  const resources: CfnTemplate['Resources'] = {};
  for (let i = 0; i < count; i++) resources[`Queue${String(i).padStart(3, '0')}`] = { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: i === 0 ? visibilityTimeout : 30 } };
  return {
    Description: 'queues to page through',
    Resources: resources,
    Outputs: {
      FirstQueueUrl: { Value: { Ref: 'Queue000' }, Description: 'the first queue', Export: { Name: { 'Fn::Sub': '${AWS::StackName}-first-queue' } } },
      FirstQueueArn: { Value: { 'Fn::GetAtt': ['Queue000', 'Arn'] } },
      StackIdSeen: { Value: { Ref: 'AWS::StackId' } },
    },
  };
}

describe('a stack deployed, redeployed and reset', () => {
  const NAME = 'Queues';
  let dataDir: string;
  let runtime: Runtime;
  let cfn: CloudFormationClient;

  const start = async (template: CfnTemplate) => {
    runtime = await withRuntime({ dataDir, stack: { name: NAME, template } });
    cfn = cfnClient(runtime);
  };
  const stop = async () => {
    cfn.destroy();
    await runtime.stop();
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'keydrill-cfn-'));
    await start(queuesTemplate(105));
  });
  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports outputs with their Description and ExportName, and AWS::StackId as the stack id', async () => {
    const stack = await describeStack(cfn, NAME);
    expect(stack.Outputs).toEqual([
      { OutputKey: 'FirstQueueUrl', OutputValue: runtime.outputs.FirstQueueUrl, Description: 'the first queue', ExportName: 'Queues-first-queue' },
      { OutputKey: 'FirstQueueArn', OutputValue: runtime.outputs.FirstQueueArn },
      { OutputKey: 'StackIdSeen', OutputValue: stack.StackId },
    ]);
    expect(runtime.outputs.FirstQueueUrl).toContain('/Queues-Queue000');
  });

  it('ListExports lists the exported output', async () => {
    const stack = await describeStack(cfn, NAME);
    const { Exports } = await cfn.send(new ListExportsCommand({}));
    expect(Exports).toEqual([{ ExportingStackId: stack.StackId, Name: 'Queues-first-queue', Value: runtime.outputs.FirstQueueUrl }]);
  });

  it('ListStackResources pages through every resource; DescribeStackResources returns the first 100', async () => {
    const first = await cfn.send(new ListStackResourcesCommand({ StackName: NAME }));
    expect(first.StackResourceSummaries).toHaveLength(100);
    expect(first.NextToken).toBeDefined();
    const second = await cfn.send(new ListStackResourcesCommand({ StackName: NAME, NextToken: first.NextToken }));
    expect(second.StackResourceSummaries).toHaveLength(5);
    expect(second.NextToken).toBeUndefined();
    const ids = [...first.StackResourceSummaries!, ...second.StackResourceSummaries!].map((r) => r.LogicalResourceId);
    expect(ids).toEqual(Object.keys(queuesTemplate(105).Resources).sort());

    const described = await cfn.send(new DescribeStackResourcesCommand({ StackName: NAME }));
    expect(described.StackResources!.map((r) => r.LogicalResourceId)).toEqual(ids.slice(0, 100));
  });

  it('a restart with the same template keeps the stack as it was', async () => {
    const before = await describeStack(cfn, NAME);
    const resourcesBefore = await cfn.send(new DescribeStackResourcesCommand({ StackName: NAME }));
    await stop();
    await start(queuesTemplate(105));
    expect(await describeStack(cfn, NAME)).toEqual(before);
    expect(await cfn.send(new DescribeStackResourcesCommand({ StackName: NAME }))).toMatchObject({ StackResources: resourcesBefore.StackResources });
  });

  it('a redeploy that changes the template makes it UPDATE_COMPLETE, with each resource as it changed', async () => {
    const before = await describeStack(cfn, NAME);
    const resourcesBefore = (await cfn.send(new ListStackResourcesCommand({ StackName: NAME }))).StackResourceSummaries!;
    await stop();
    const changed = queuesTemplate(106, 60);
    await start(changed);

    const after = await describeStack(cfn, NAME);
    expect(after).toMatchObject({ StackId: before.StackId, StackStatus: 'UPDATE_COMPLETE', CreationTime: before.CreationTime });
    expect(after.LastUpdatedTime!.getTime()).toBeGreaterThan(before.CreationTime!.getTime());

    const first = await cfn.send(new ListStackResourcesCommand({ StackName: NAME }));
    const second = await cfn.send(new ListStackResourcesCommand({ StackName: NAME, NextToken: first.NextToken }));
    const resources = new Map([...first.StackResourceSummaries!, ...second.StackResourceSummaries!].map((r) => [r.LogicalResourceId, r]));
    expect(resources.size).toBe(106);
    const updated = resources.get('Queue000')!;
    expect(updated.ResourceStatus).toBe('UPDATE_COMPLETE');
    expect(updated.LastUpdatedTimestamp!.getTime()).toBeGreaterThan(resourcesBefore[0].LastUpdatedTimestamp!.getTime());
    expect(resources.get('Queue105')).toMatchObject({ ResourceStatus: 'CREATE_COMPLETE' });
    expect(resources.get('Queue105')!.LastUpdatedTimestamp!.getTime()).toBeGreaterThanOrEqual(after.LastUpdatedTime!.getTime());
    for (const unchanged of resourcesBefore.slice(1)) expect(resources.get(unchanged.LogicalResourceId)).toEqual(unchanged);
  });

  it('a stack recorded before keydrill served CloudFormation is reported as created at the next start, its resources kept', async () => {
    const resourcesBefore = (await cfn.send(new DescribeStackResourcesCommand({ StackName: NAME }))).StackResources!;
    await stop();
    const file = join(dataDir, 'state', 'deployment.json');
    const recorded = JSON.parse(readFileSync(file, 'utf8'));
    delete recorded.data.stack;
    writeFileSync(file, JSON.stringify(recorded));
    await start(queuesTemplate(106, 60));

    const stack = await describeStack(cfn, NAME);
    expect(stack).toMatchObject({ StackStatus: 'CREATE_COMPLETE', StackName: NAME });
    expect(stack.StackId).toMatch(STACK_ID);
    expect(stack.LastUpdatedTime).toBeUndefined();
    const resources = (await cfn.send(new DescribeStackResourcesCommand({ StackName: NAME }))).StackResources!;
    expect(resources.map((r) => [r.LogicalResourceId, r.PhysicalResourceId])).toEqual(resourcesBefore.map((r) => [r.LogicalResourceId, r.PhysicalResourceId]));
    expect(resources.every((r) => r.ResourceStatus === 'CREATE_COMPLETE')).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).data.stack.stackId).toBe(stack.StackId);
  });

  it('a reset deploys the stack afresh: CREATE_COMPLETE with a new stack id', async () => {
    const before = await describeStack(cfn, NAME);
    await runtime.reset();
    const after = await describeStack(cfn, NAME);
    expect(after.StackId).toMatch(STACK_ID);
    expect(after.StackId).not.toBe(before.StackId);
    expect(after.StackStatus).toBe('CREATE_COMPLETE');
    expect(after.LastUpdatedTime).toBeUndefined();
    expect(outputMap(after).StackIdSeen).toBe(after.StackId);
  });
});

describe('a runtime without a stack', () => {
  let runtime: Runtime;
  let cfn: CloudFormationClient;
  beforeAll(async () => {
    runtime = await withRuntime();
    cfn = cfnClient(runtime);
  });
  afterAll(async () => {
    cfn.destroy();
    await runtime.stop();
  });

  it('has no stacks and no exports', async () => {
    expect((await cfn.send(new DescribeStacksCommand({}))).Stacks ?? []).toEqual([]);
    expect((await cfn.send(new ListStacksCommand({}))).StackSummaries ?? []).toEqual([]);
    expect((await cfn.send(new ListExportsCommand({}))).Exports ?? []).toEqual([]);
    expect(await failure(cfn.send(new DescribeStacksCommand({ StackName: 'Keydrill' })))).toEqual({
      name: 'ValidationError',
      status: 400,
      message: 'Stack with id Keydrill does not exist',
    });
  });
});
