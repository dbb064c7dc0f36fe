import type { StateResult, Visit } from '../engine';
import { ERRORS, StateFailure } from '../failure';
import type { Json } from '../host';
import { effectiveInput, parameters, resultOutput } from '../io';
import { DEFAULT_TASK_TIMEOUT_SECONDS } from '../limits';
import { queryPath, type PathScope } from '../paths';
import { attemptTask } from './task-attempt';

/** A positive integer number of seconds, given as a value or read through a `…Path` field. */
function seconds(value: Json | undefined, path: string | undefined, field: string, effective: Json, scope: PathScope): number | undefined {
  const found = value !== undefined ? value : path !== undefined ? queryPath(path, effective, scope) : undefined;
  if (found === undefined && path === undefined) return undefined;
  if (typeof found !== 'number' || !Number.isInteger(found) || found <= 0) {
    throw new StateFailure(ERRORS.runtime, `The ${field} value must be a positive integer, not ${JSON.stringify(found ?? null)}.`);
  }
  return found;
}

function credentials(visit: Visit, effective: Json, scope: PathScope): { roleArn: string } | undefined {
  const given = visit.state.Credentials;
  if (!given) return undefined;
  const roleArn = given.RoleArn ?? queryPath(given['RoleArn.$']!, effective, scope);
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
    const scope = visit.scope(retryCount, taskToken);
    const effective = effectiveInput(visit, scope);
    const result = await attemptTask(visit, {
      retryCount,
      resource,
      parameters: parameters(visit, effective, scope),
      timeoutSeconds: seconds(state.TimeoutSeconds, state.TimeoutSecondsPath, 'TimeoutSeconds', effective, scope) ?? DEFAULT_TASK_TIMEOUT_SECONDS,
      heartbeatSeconds: seconds(state.HeartbeatSeconds, state.HeartbeatSecondsPath, 'HeartbeatSeconds', effective, scope),
      credentials: credentials(visit, effective, scope),
      taskToken,
    });
    return resultOutput(visit, result, scope);
  });
}
