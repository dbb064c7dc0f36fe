import { CreateKeyCommand, DisableKeyCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { eventQueue, receiveMessages, ruleWithTargets } from '../helpers/events';
import { createLedger } from '../helpers/qldb';
import { useRuntime } from '../helpers/runtime';
import { createMachine, history, settled, start, stateMachineRole } from '../helpers/sfn';

const env = useRuntime();
const sfn = () => env.clients.sfn;
let keyId: string;
let keyArn: string;

/** One aws-sdk Task whose failure is caught, so the execution's output is either the result or `{Error, Cause}`. */
const caughtTask = (resource: string, parameters: object) => ({
  StartAt: 'Call',
  States: {
    Call: { Type: 'Task', Resource: resource, Parameters: parameters, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true },
    Caught: { Type: 'Pass', End: true },
  },
});

const outputOf = async (machineArn: string, input: object = {}) => {
  const execution = await settled(sfn(), await start(sfn(), machineArn, input));
  return { status: execution.status, output: JSON.parse(execution.output ?? 'null') };
};

beforeAll(async () => {
  const key = (await env.clients.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
  keyId = key.KeyId!;
  keyArn = key.Arn!;
});

describe('aws-sdk:kms', () => {
  it('calls KMS as the state machine role: allowed, it returns the output with PascalCase members', async () => {
    const role = await stateMachineRole(env.clients.iam, 'sfn-kms-allowed', [{ Effect: 'Allow', Action: 'kms:DescribeKey', Resource: keyArn }]);
    const machine = await createMachine(sfn(), 'kms-allowed', caughtTask('arn:aws:states:::aws-sdk:kms:describeKey', { KeyId: keyId }), role);
    const { status, output } = await outputOf(machine);
    expect(status).toBe('SUCCEEDED');
    expect(output.KeyMetadata).toMatchObject({ KeyId: keyId, Arn: keyArn, KeyState: 'Enabled' });
    expect(typeof output.KeyMetadata.CreationDate).toBe('string');
    expect(output.$metadata).toBeUndefined();
  });

  it("a role without permission gets KMS's AccessDeniedException as Kms.AccessDeniedException, which Catch sees", async () => {
    const role = await stateMachineRole(env.clients.iam, 'sfn-kms-denied');
    const machine = await createMachine(sfn(), 'kms-denied', caughtTask('arn:aws:states:::aws-sdk:kms:disableKey', { KeyId: keyId }), role);
    const { status, output } = await outputOf(machine);
    expect(status).toBe('SUCCEEDED');
    expect(output.Error).toBe('Kms.AccessDeniedException');
    expect(output.Cause).toMatch(/is not authorized to perform: kms:DisableKey .*\(Service: Kms, Status Code: 400, Request ID: [0-9a-f-]+\)$/);
    expect(output.Cause).toContain(':assumed-role/sfn-kms-denied/');
  });

  it('maps an error name without the suffix (NotFoundException stays, KMS names are Java-SDK cased)', async () => {
    const role = await stateMachineRole(env.clients.iam, 'sfn-kms-all', [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }]);
    const machine = await createMachine(sfn(), 'kms-missing', caughtTask('arn:aws:states:::aws-sdk:kms:describeKey', { KeyId: 'alias/does-not-exist' }), role);
    expect((await outputOf(machine)).output.Error).toBe('Kms.NotFoundException');
  });
});

describe('aws-sdk:kms against a disabled key', () => {
  it("gets KMS's DisabledException as Kms.DisabledException, and a key pending deletion as Kms.KmsInvalidStateException", async () => {
    const role = await stateMachineRole(env.clients.iam, 'sfn-kms-encrypt', [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' }]);
    const machine = await createMachine(sfn(), 'kms-encrypt', caughtTask('arn:aws:states:::aws-sdk:kms:encrypt', { 'KeyId.$': '$.key', Plaintext: 'aGVsbG8=' }), role);
    const disabled = (await env.clients.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await env.clients.kms.send(new DisableKeyCommand({ KeyId: disabled }));
    expect((await outputOf(machine, { key: disabled })).output.Error).toBe('Kms.DisabledException');
    const pending = (await env.clients.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await env.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: pending, PendingWindowInDays: 7 }));
    expect((await outputOf(machine, { key: pending })).output.Error).toBe('Kms.KmsInvalidStateException');
  });
});

describe('aws-sdk:qldb and aws-sdk:qldbsession', () => {
  it("maps QLDB's ResourceNotFoundException to Qldb.ResourceNotFoundException", async () => {
    const role = await stateMachineRole(env.clients.iam, 'sfn-qldb-control', [{ Effect: 'Allow', Action: 'qldb:DescribeLedger', Resource: '*' }]);
    const machine = await createMachine(sfn(), 'qldb-missing', caughtTask('arn:aws:states:::aws-sdk:qldb:describeLedger', { Name: 'no-such-ledger' }), role);
    expect((await outputOf(machine)).output.Error).toBe('Qldb.ResourceNotFoundException');
  });

  it('a role without qldb:SendCommand gets QldbSession.AccessDeniedException; one with it starts a session', async () => {
    await createLedger(env.runtime, 'sfn-ledger');
    const ledgerArn = `arn:aws:qldb:${env.runtime.region}:${env.runtime.account}:ledger/sfn-ledger`;
    const task = caughtTask('arn:aws:states:::aws-sdk:qldbsession:sendCommand', { StartSession: { LedgerName: 'sfn-ledger' } });
    const denied = await createMachine(sfn(), 'qldb-denied', task, await stateMachineRole(env.clients.iam, 'sfn-qldb-denied'));
    const deniedOutput = (await outputOf(denied)).output;
    expect(deniedOutput.Error).toBe('QldbSession.AccessDeniedException');
    expect(deniedOutput.Cause).toContain(`is not authorized to perform: qldb:SendCommand on resource: ${ledgerArn}`);
    const allowedRole = await stateMachineRole(env.clients.iam, 'sfn-qldb-allowed', [{ Effect: 'Allow', Action: 'qldb:SendCommand', Resource: ledgerArn }]);
    const allowed = await createMachine(sfn(), 'qldb-allowed', task, allowedRole);
    expect((await outputOf(allowed)).output.StartSession.SessionToken).toEqual(expect.any(String));
  });
});

describe('states:startExecution.sync:2', () => {
  it('starts a child execution as the role, waits for it, and returns its parsed output', async () => {
    const childRole = await stateMachineRole(env.clients.iam, 'sfn-child-role');
    const child = await createMachine(sfn(), 'child', { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } }, childRole);
    const parentRole = await stateMachineRole(env.clients.iam, 'sfn-parent-role', [{ Effect: 'Allow', Action: 'states:StartExecution', Resource: child }]);
    const parent = await createMachine(
      sfn(),
      'parent',
      { StartAt: 'Nested', States: { Nested: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2', Parameters: { StateMachineArn: child, 'Input.$': '$' }, End: true } } },
      parentRole,
    );
    const { status, output } = await outputOf(parent, { drill: 'rotate' });
    expect(status).toBe('SUCCEEDED');
    expect(output).toMatchObject({ Status: 'SUCCEEDED', Output: { drill: 'rotate' }, StateMachineArn: child });
    const childEvents = await history(sfn(), output.ExecutionArn);
    expect(childEvents.at(-1)!.type).toBe('ExecutionSucceeded');
  });

  it('a role that may not start the child fails with StepFunctions.AccessDeniedException', async () => {
    const child = await createMachine(sfn(), 'child-2', { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } }, await stateMachineRole(env.clients.iam, 'sfn-child-2'));
    const parent = await createMachine(
      sfn(),
      'parent-denied',
      caughtTask('arn:aws:states:::states:startExecution.sync:2', { StateMachineArn: child }),
      await stateMachineRole(env.clients.iam, 'sfn-parent-denied'),
    );
    expect((await outputOf(parent)).output.Error).toBe('StepFunctions.AccessDeniedException');
  });
});

describe('events:putEvents', () => {
  it("puts the entries on the bus with the execution's and the machine's ARNs added to Resources", async () => {
    const queue = await eventQueue(env.clients, 'sfn-put-events');
    await ruleWithTargets(env.clients, { Name: 'from-sfn', EventPattern: { source: ['keydrill.drill'] } }, [{ Id: 'q', Arn: queue.arn }]);
    const machine = await createMachine(
      sfn(),
      'put-events',
      { StartAt: 'Tell', States: { Tell: { Type: 'Task', Resource: 'arn:aws:states:::events:putEvents', Parameters: { Entries: [{ Source: 'keydrill.drill', DetailType: 'Drill Completed', Detail: { 'verdict.$': '$.verdict' } }] }, End: true } } },
      await stateMachineRole(env.clients.iam, 'sfn-events-role', [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: '*' }]),
    );
    const executionArn = await start(sfn(), machine, { verdict: 'PASSED' });
    const execution = await settled(sfn(), executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    const output = JSON.parse(execution.output!);
    expect(output).toMatchObject({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
    const [message] = await receiveMessages(env.clients, queue.url, 1);
    expect(JSON.parse(message.Body!)).toMatchObject({ id: output.Entries[0].EventId, 'detail-type': 'Drill Completed', detail: { verdict: 'PASSED' }, resources: [executionArn, machine] });
  });

  it('fails the Task with EventBridge.FailedEntry when an entry is refused', async () => {
    const machine = await createMachine(
      sfn(),
      'put-events-refused',
      caughtTask('arn:aws:states:::events:putEvents', { Entries: [{ Source: 'aws.kms', DetailType: 'x', Detail: {} }] }),
      await stateMachineRole(env.clients.iam, 'sfn-events-refused-role', [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: '*' }]),
    );
    const { output } = await outputOf(machine);
    expect(output.Error).toBe('EventBridge.FailedEntry');
    expect(JSON.parse(output.Cause)).toMatchObject({ FailedEntryCount: 1 });
  });
});
