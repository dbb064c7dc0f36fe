import type { Dispatcher } from '../../../core/dispatcher';
import type { Caller } from '../../../core/operation';
import type { IdentityStore } from '../../../identity/identity-store';
import { TaskFailure, type Json, type TaskCall } from '../asl/host';
import type { Execution } from '../executions/execution-store';
import type { TaskInvoker } from '../executions/runner';
import { awsSdkTask } from './aws-sdk';
import { dynamoDbTask } from './dynamodb';
import { putEventsTask } from './events-put-events';
import { lambdaFunctionTask, lambdaInvokeTask } from './lambda-invoke';
import { sendMessageTask } from './sqs-send-message';
import { startExecutionTask, type NestedExecutions } from './states-start-execution';
import type { TaskContext } from './task-context';
import type { TaskTokens } from './task-tokens';

type Pattern = 'request' | 'waitForTaskToken' | 'sync' | 'sync:2';

/** One task integration: which Resource ARNs it serves (after `arn:aws:states:::`), the patterns it supports, and the call. */
interface TaskIntegration {
  resource: RegExp;
  patterns: readonly Pattern[];
  run(ctx: TaskContext, match: RegExpExecArray, pattern: Pattern): Promise<Json>;
  /** It finds, after a restart, what an interrupted attempt started (a nested execution by its name), so it may simply go on. */
  resumes?: boolean;
}

/**
 * Every Resource keydrill runs, keyed by its ARN (the service integrations of Step Functions that keydrill's
 * services can answer). https://docs.aws.amazon.com/step-functions/latest/dg/integrate-services.html
 */
const integrations = (nested: NestedExecutions): TaskIntegration[] => [
  { resource: /^aws-sdk:([a-z0-9]+):([a-zA-Z0-9]+)$/, patterns: ['request', 'waitForTaskToken'], run: (ctx, m) => awsSdkTask(ctx, m[1], m[2]) },
  { resource: /^lambda:invoke$/, patterns: ['request', 'waitForTaskToken'], run: (ctx) => lambdaInvokeTask(ctx) },
  { resource: /^dynamodb:([a-zA-Z]+)$/, patterns: ['request'], run: (ctx, m) => dynamoDbTask(ctx, m[1]) },
  { resource: /^events:putEvents$/, patterns: ['request', 'waitForTaskToken'], run: (ctx) => putEventsTask(ctx) },
  { resource: /^sqs:sendMessage$/, patterns: ['request', 'waitForTaskToken'], run: (ctx) => sendMessageTask(ctx) },
  {
    resource: /^states:startExecution$/,
    patterns: ['request', 'sync', 'sync:2', 'waitForTaskToken'],
    run: (ctx, _m, pattern) => startExecutionTask(ctx, nested, pattern === 'sync' || pattern === 'sync:2' ? pattern : 'start'),
    resumes: true,
  },
];

/** `arn:<partition>:states:::<integration>[.waitForTaskToken|.sync|.sync:2]`. */
const STATES_RESOURCE = /^arn:aws[a-z-]*:states:::(.+?)(?:\.(waitForTaskToken|sync:2|sync))?$/;
/** A Lambda function ARN as the Resource itself (optionally qualified). */
const FUNCTION_RESOURCE = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(?::[A-Za-z0-9$_-]+)?$/;

const unsupported = (resource: string) => new TaskFailure('States.Runtime', `keydrill does not support the Task resource ${resource}`);

/**
 * A request that was in flight when the runtime stopped may or may not have been served, and calling it again
 * unasked could do twice what must happen once (a DisableKey, a PutItem). The attempt fails instead, with the
 * error every Task failure carries, so the state's Retry and Catch decide, as they would for a lost connection.
 */
const interrupted = (resource: string) =>
  new TaskFailure('States.TaskFailed', `The call to ${resource} was in flight when the keydrill runtime stopped; its outcome is unknown.`);

export interface TaskIntegrationDeps {
  dispatcher: Dispatcher;
  identity: IdentityStore;
  tokens: TaskTokens;
  nested: NestedExecutions;
}

/** Runs Task states' calls: every call as the state machine's role (or the state's Credentials), via states.amazonaws.com. */
export class TaskIntegrations implements TaskInvoker {
  private readonly table: TaskIntegration[];

  constructor(private readonly deps: TaskIntegrationDeps) {
    this.table = integrations(deps.nested);
  }

  taskToken(executionArn: string, key: string): string {
    return this.deps.tokens.token(executionArn, key);
  }

  async invoke(call: TaskCall, execution: Execution): Promise<Json> {
    const ctx: TaskContext = { call, execution, caller: this.callerFor(call, execution), dispatcher: this.deps.dispatcher };
    if (FUNCTION_RESOURCE.test(call.resource)) {
      if (call.resumed) throw interrupted(call.resource);
      return lambdaFunctionTask(ctx, call.resource);
    }
    const parsed = STATES_RESOURCE.exec(call.resource);
    if (!parsed) throw unsupported(call.resource);
    const pattern = (parsed[2] ?? 'request') as Pattern;
    for (const integration of this.table) {
      const match = integration.resource.exec(parsed[1]);
      if (!match) continue;
      if (!integration.patterns.includes(pattern)) throw unsupported(call.resource);
      if (call.resumed && pattern === 'request' && !integration.resumes) throw interrupted(call.resource);
      return pattern === 'waitForTaskToken' ? this.withCallback(ctx, () => integration.run(ctx, match, pattern)) : integration.run(ctx, match, pattern);
    }
    throw unsupported(call.resource);
  }

  /**
   * `.waitForTaskToken`: the request hands out the token (it is in the parameters), then the attempt waits for
   * SendTaskSuccess or SendTaskFailure. A resumed attempt already sent its request: it only waits again.
   * https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token
   */
  private async withCallback(ctx: TaskContext, request: () => Promise<Json>): Promise<Json> {
    const waiting = this.deps.tokens.wait(ctx.execution, ctx.call);
    if (!ctx.call.resumed) {
      try {
        ctx.call.submitted(await request());
      } catch (e) {
        waiting.cancel();
        throw e;
      }
    }
    return waiting.outcome;
  }

  /**
   * The role's session, as Step Functions assumes it for the execution: IAM and key policies then decide
   * every call as they would on AWS. A role that no longer exists leaves the task nothing to call as.
   */
  private callerFor(call: TaskCall, execution: Execution): Caller {
    const roleArn = call.credentials?.roleArn ?? execution.start.roleArn;
    const role = this.deps.identity.getRole(roleArn);
    if (!role) throw new TaskFailure('States.Runtime', `Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role: ${roleArn}`);
    const sessionName = execution.start.name.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
    return { principal: this.deps.identity.sessionPrincipal(role, sessionName), viaService: 'states.amazonaws.com' };
  }
}
