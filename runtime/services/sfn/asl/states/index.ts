import type { StateResult, Visit } from '../engine';
import type { StateType } from '../parse';
import { runChoice } from './choice';
import { runFail } from './fail';
import { runMap } from './map';
import { runParallel } from './parallel';
import { runPass } from './pass';
import { runSucceed } from './succeed';
import { runTask } from './task';
import { runWait } from './wait';

/** The runner of each state type. */
export const STATE_RUNNERS: Record<StateType, (visit: Visit) => Promise<StateResult>> = {
  Choice: runChoice,
  Fail: runFail,
  Map: runMap,
  Parallel: runParallel,
  Pass: runPass,
  Succeed: runSucceed,
  Task: runTask,
  Wait: runWait,
};
