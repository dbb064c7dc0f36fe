import { CreateRoleCommand, PutRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, StartExecutionCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import { pollUntil } from '../../runtime/core/poll';

/** A role Step Functions may assume, with an inline policy of `statements` (none: it may call nothing). */
export async function stateMachineRole(iam: IAMClient, name: string, statements: object[] = []): Promise<string> {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  if (statements.length) {
    await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'tasks', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  }
  return Role!.Arn!;
}

export async function createMachine(sfn: SFNClient, name: string, definition: object, roleArn: string, type: 'STANDARD' | 'EXPRESS' = 'STANDARD'): Promise<string> {
  return (await sfn.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn, type }))).stateMachineArn!;
}

export async function start(sfn: SFNClient, stateMachineArn: string, input?: unknown, name?: string): Promise<string> {
  return (await sfn.send(new StartExecutionCommand({ stateMachineArn, input: input === undefined ? undefined : JSON.stringify(input), name }))).executionArn!;
}

/** The execution once it is no longer RUNNING (or once `until` holds of its description). */
export const settled = (sfn: SFNClient, executionArn: string) =>
  pollUntil(`execution ${executionArn} to end`, async () => {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return execution.status === 'RUNNING' ? undefined : execution;
  });

export async function history(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  return (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

/** Resolves once the history holds an event of `type` (a state waiting, a task started). */
export const eventOf = (sfn: SFNClient, executionArn: string, type: string) =>
  pollUntil(`a ${type} event in ${executionArn}`, async () => (await history(sfn, executionArn)).find((e) => e.type === type));
