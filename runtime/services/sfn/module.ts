import { OperationTable } from '../../core/operation';
import type { ServiceFactory } from '../../core/service-module';
import { ExecutionStore } from './executions/execution-store';
import { ExecutionRunner } from './executions/runner';
import type { Interpreter } from './interpreter';
import { createStateMachine } from './operations/create-state-machine';
import { deleteStateMachine } from './operations/delete-state-machine';
import { describeExecution } from './operations/describe-execution';
import { describeStateMachine } from './operations/describe-state-machine';
import { describeStateMachineForExecution } from './operations/describe-state-machine-for-execution';
import { getExecutionHistory } from './operations/get-execution-history';
import { listExecutions } from './operations/list-executions';
import { listStateMachines } from './operations/list-state-machines';
import { listTagsForResource } from './operations/list-tags-for-resource';
import { sendTaskFailure } from './operations/send-task-failure';
import { sendTaskHeartbeat } from './operations/send-task-heartbeat';
import { sendTaskSuccess } from './operations/send-task-success';
import { startExecution } from './operations/start-execution';
import { startSyncExecution } from './operations/start-sync-execution';
import { stopExecution } from './operations/stop-execution';
import { tagResource } from './operations/tag-resource';
import { testState } from './operations/test-state';
import { untagResource } from './operations/untag-resource';
import { updateStateMachine } from './operations/update-state-machine';
import { validateStateMachineDefinition } from './operations/validate-state-machine-definition';
import { DEFAULT_SFN_CONFIG, Sfn } from './sfn';
import { SfnStore } from './store';
import { TaskIntegrations } from './tasks';
import { TaskTokens } from './tasks/task-tokens';

/** Every Step Functions operation the runtime serves (awsJson 1.0, target prefix `AWSStepFunctions`). */
const SFN_OPERATIONS = [
  createStateMachine,
  deleteStateMachine,
  describeExecution,
  describeStateMachine,
  describeStateMachineForExecution,
  getExecutionHistory,
  listExecutions,
  listStateMachines,
  listTagsForResource,
  sendTaskFailure,
  sendTaskHeartbeat,
  sendTaskSuccess,
  startExecution,
  startSyncExecution,
  stopExecution,
  tagResource,
  testState,
  untagResource,
  updateStateMachine,
  validateStateMachineDefinition,
];

export interface SfnModuleOptions {
  /**
   * How much of Wait states' and retry intervals' lengths is really waited: 1 (the default) is real time,
   * 0.001 makes a one-hour Wait last 3.6 s. Advancing the runtime clock (POST /_keydrill/clock) fires waits too.
   */
  sfnTimeScale?: number;
}

/**
 * Step Functions over `interpreter`: state machines in `state/sfn.json`, one durable history log per
 * execution under `<dataDir>/sfn-executions/`. Every RUNNING execution resumes on start.
 */
export const sfnModuleWith =
  (interpreter: Interpreter): ServiceFactory<SfnModuleOptions> =>
  (ctx, options) => {
    const timeScale = options.sfnTimeScale ?? DEFAULT_SFN_CONFIG.timeScale;
    if (!(timeScale > 0 && Number.isFinite(timeScale))) throw new Error(`sfnTimeScale must be a positive number, not ${timeScale}`);
    const store = new SfnStore(ctx.stateFile('sfn'));
    const executions = new ExecutionStore(ctx.dataPath('sfn-executions'));
    const tokens = new TaskTokens(executions, ctx.clock, ctx.timers);
    const tasks = new TaskIntegrations({
      dispatcher: ctx.dispatcher,
      identity: ctx.identity,
      tokens,
      nested: { get: (arn) => executions.get(arn), whenDone: (arn) => runner.whenDone(arn), stop: (arn, reason) => runner.stop(arn, reason) },
    });
    const runner: ExecutionRunner = new ExecutionRunner({
      interpreter,
      clock: ctx.clock,
      timers: ctx.timers,
      tasks,
      timeScale,
      statusChanged: (execution) => sfn.recordStatusChange(execution),
    });
    const sfn = new Sfn(ctx.scope, store, executions, runner, tokens, interpreter, ctx.identity, ctx.clock, ctx.trail);
    return {
      services: [new OperationTable<Sfn>('sfn', sfn, SFN_OPERATIONS)],
      // client-sfn signs with the scope `states`, the service's endpoint prefix.
      bindings: [{ protocol: 'awsJson', service: 'sfn', signingName: 'states', targetPrefix: 'AWSStepFunctions', jsonVersion: '1.0' }],
      start: () => runner.resume(executions.list()),
      reset() {
        runner.haltAll();
        tokens.clear();
        executions.reset();
        store.reset();
      },
      drain: () => runner.freeze(),
      close: () => executions.close(),
    };
  };
