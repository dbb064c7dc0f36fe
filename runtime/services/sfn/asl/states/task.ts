import type { StateResult, Visit } from '../engine';
import { ERRORS, StateFailure } from '../failure';
import type { Json } from '../host';
import { argumentsOf, begin, fieldValue, withResult, type Stage } from '../io';
import { DEFAULT_TASK_TIMEOUT_SECONDS } from '../limits';
import { queryPath } from '../paths';
import { attemptTask } from './task-attempt';

/** A positive integer number of seconds: a value, a JSONata expression, or read through a `…Path` field. */
async function seconds(visit: Visit, stage: Stage, value: Json | undefined, path: string | undefined, field: string): Promise<number | undefined> {
  if (value === undefined && path === undefined) return undefined;
  const found = value !== undefined ? await fieldValue(visit, stage, value, field) : queryPath(path!, stage.effective, stage.scope);
  if (typeof found !== 'number' || !Number.isInteger(found) || found <= 0) {
    throw new StateFailure(ERRORS.runtime, `The ${field} value must be a positive integer, not ${JSON.stringify(found ?? null)}.`);
  }
  return found;
}

async function credentials(visit: Visit, stage: Stage): Promise<{ roleArn: string } | undefined> {
  const given = visit.state.Credentials;
  if (!given) return undefined;
  const roleArn = given.RoleArn !== undefined ? await fieldValue(visit, stage, given.RoleArn, 'Credentials.RoleArn') : queryPath(given['RoleArn.$']!, stage.effective, stage.scope);
  if (typeof roleArn !== 'string') throw new StateFailure(ERRORS.runtime, `The Credentials RoleArn must be a string, not ${JSON.stringify(roleArn ?? null)}.`);
  return { roleArn };
}

/**
 * Task: calls its Resource through the host, each attempt under TimeoutSeconds and the state's Retry / Catch
 * (https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html). Parameters are evaluated again for each
 * attempt because `$$.State.RetryCount` and the task token differ between attempts.
 */
export async function runTask(visit: Visit): Promise<StateResult> {
  const { state } = visit;
  const resource = state.Resource!;
  return visit.withRecovery(async (retryCount) => {
    const taskToken = resource.endsWith('.waitForTaskToken') ? visit.host.taskToken(`${visit.key}/${retryCount}`) : undefined;
    const stage = begin(visit, retryCount, taskToken);
    const result = await attemptTask(visit, {
      retryCount,
      resource,
      parameters: await argumentsOf(visit, stage),
      timeoutSeconds: (await seconds(visit, stage, state.TimeoutSeconds, state.TimeoutSecondsPath, 'TimeoutSeconds')) ?? DEFAULT_TASK_TIMEOUT_SECONDS,
      heartbeatSeconds: await seconds(visit, stage, state.HeartbeatSeconds, state.HeartbeatSecondsPath, 'HeartbeatSeconds'),
      credentials: await credentials(visit, stage),
      taskToken,
    });
    return withResult(visit, stage, result);
  });
}
