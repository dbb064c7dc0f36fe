import type { AuditTrail } from '../../core/audit-trail';
import type { Clock } from '../../core/clock';
import { defineOperation, type CallContext } from '../../core/operation';
import type { Scope } from '../../core/scope';
import { requireIdentityAllows } from '../../identity/authorize';
import type { IdentityStore } from '../../identity/identity-store';
import { sfnErrors } from './errors';
import type { Execution, ExecutionStore } from './executions/execution-store';
import type { ExecutionRunner } from './executions/runner';
import type { Diagnostic, Interpreter } from './interpreter';
import type { StateMachine, StateMachineType } from './model';
import { parseStatesArn } from './names';
import type { SfnStore } from './store';
import type { TaskTokens } from './tasks/task-tokens';

export interface SfnConfig {
  /**
   * How much of a Wait's or retry interval's length is really waited (option `sfnTimeScale`): 1 is real
   * time, 0.001 makes a one-hour Wait last 3.6 s. Advancing the runtime clock fires waits whatever the scale.
   */
  timeScale: number;
}

export const DEFAULT_SFN_CONFIG: SfnConfig = { timeScale: 1 };

/** The state every Step Functions operation works on, and the steps they share. */
export class Sfn {
  constructor(
    readonly scope: Scope,
    readonly store: SfnStore,
    readonly executions: ExecutionStore,
    readonly runner: ExecutionRunner,
    readonly tokens: TaskTokens,
    readonly interpreter: Interpreter,
    readonly identity: IdentityStore,
    readonly clock: Clock,
    readonly trail: AuditTrail,
  ) {}

  now(): number {
    return this.clock.now().getTime();
  }

  /**
   * Step Functions has no resource-based policies, so a service principal has nothing that could allow it;
   * the account root may do anything, a role needs an identity policy allowing `states:<Action>` on the resource.
   * https://docs.aws.amazon.com/step-functions/latest/dg/security-iam.html
   */
  authorize(ctx: CallContext, action: string, resource: string): void {
    requireIdentityAllows(this.identity, ctx.caller.principal, action, resource, { servicePrincipals: 'deny', deny: sfnErrors.accessDenied });
  }

  /** The state machine `arn` names, after authorizing `action` on it. */
  stateMachineAt(ctx: CallContext, arn: string, action: string): StateMachine {
    const [name] = parseStatesArn(arn, 'stateMachine');
    this.authorize(ctx, action, arn);
    const machine = this.store.stateMachine(name);
    if (!machine || machine.arn !== arn) throw sfnErrors.stateMachineDoesNotExist(arn);
    return machine;
  }

  /**
   * The resource a tagging call names: keydrill's taggable resources are state machines (it has no
   * activities), so any other ARN is ResourceNotFound.
   */
  taggableAt(ctx: CallContext, arn: string, action: string): StateMachine {
    this.authorize(ctx, action, arn);
    const name = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:stateMachine:([^:]+)$/.exec(arn)?.[1];
    const machine = name === undefined ? undefined : this.store.stateMachine(name);
    if (!machine || machine.arn !== arn) throw sfnErrors.resourceNotFound(arn);
    return machine;
  }

  /** The execution `arn` names, after authorizing `action` on it. */
  executionAt(ctx: CallContext, arn: string, action: string): Execution {
    parseStatesArn(arn, 'execution');
    this.authorize(ctx, action, arn);
    const execution = this.executions.get(arn);
    if (!execution) throw sfnErrors.executionDoesNotExist(arn);
    return execution;
  }

  /** Refuses a definition with AWS's InvalidDefinition, the interpreter's first error in its message. */
  checkDefinition(definition: string, type: StateMachineType): void {
    const errors = this.diagnose(definition, type).filter((d) => d.severity === 'ERROR');
    if (errors.length) throw sfnErrors.invalidDefinition(this.interpreter.invalidDefinitionMessage(errors));
  }

  diagnose(definition: string, type: StateMachineType): Diagnostic[] {
    return this.interpreter.validateDefinition(definition, { type });
  }

  /** "Step Functions Execution Status Change", as Step Functions sends it to the default event bus (STANDARD executions only). */
  recordStatusChange(execution: Execution): void {
    const { start, end } = execution;
    if (start.type !== 'STANDARD') return;
    this.trail.record({
      'detail-type': 'Step Functions Execution Status Change',
      source: 'aws.states',
      account: this.scope.account,
      region: this.scope.region,
      time: new Date(end?.stopDate ?? start.startDate).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      resources: [start.executionArn],
      // https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-integration.html#eventbridge-integration-execution
      detail: {
        executionArn: start.executionArn,
        stateMachineArn: start.stateMachineArn,
        name: start.name,
        status: execution.status,
        startDate: start.startDate,
        stopDate: end?.stopDate ?? null,
        input: start.input,
        inputDetails: { included: true },
        output: end?.output ?? null,
        outputDetails: end?.output === undefined ? null : { included: true },
        error: end?.error ?? null,
        cause: end?.cause ?? null,
      },
    });
  }
}

/** Declares a Step Functions operation; its input and output types come from @aws-sdk/client-sfn (types only). */
export const operation = defineOperation<Sfn>();
