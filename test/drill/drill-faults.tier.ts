import type { ScenarioName } from '../../functions/domain/drills/scenarios';
import { runPoint, violations, type InjectionPoint, type PointResult } from './drill-faults.matrix';
import { restorableState, useDrillStack } from './key-rotation-drill.fixture';

/**
 * The drill tier's share of the fault matrix (the whole matrix is `npm run drill:faults`; README "The fault
 * matrix"): a fixed subset that fits the tier's time budget. For each scenario, the state machine's 5th and 6th
 * Task invocations fail (calls 4 and 5: with the disruption in place, the drill is waiting for its impact or
 * about to restore), plus targeted points where a restoring call itself fails once.
 */
export const TASK_POINTS = [4, 5];

export const tierPoints = (scenarios: readonly ScenarioName[], targeted: InjectionPoint[] = []): InjectionPoint[] => [
  ...scenarios.flatMap((scenario) => TASK_POINTS.map((call) => ({ scenario, caller: 'stateMachine' as const, call }))),
  ...targeted,
];

const describePoint = (p: InjectionPoint) => `${p.scenario}: ${p.caller} call ${p.call}${p.only ? ` to ${p.only.operation}` : ''}`;

/** Declares one test per point on a drill stack of its own; every point must be reached and leave no violation. */
export function faultMatrixTests(name: string, points: InjectionPoint[]): void {
  jest.setTimeout(240_000);
  const env = useDrillStack(name);
  let baseline: unknown;
  beforeAll(async () => {
    baseline = await restorableState(env);
  });

  test.each(points.map((p) => [describePoint(p), p] as const))('%s: the baseline is restored exactly and the report is not a clean pass', async (_name, point) => {
    const result: PointResult = await runPoint(env, point, baseline);
    expect({ point: describePoint(point), outcome: result.outcome, violations: violations(result, { allowAbsorbed: false }) }).toEqual({
      point: describePoint(point),
      outcome: expect.stringMatching(/^(reported|retried)$/),
      violations: [],
    });
    if (result.outcome === 'reported') expect(['ERROR', 'FAILED']).toContain(result.verdict);
  });
}
