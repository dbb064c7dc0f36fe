/**
 * The `${…}` placeholders of key-rotation-drill.asl.json, which the CDK construct fills through the state
 * machine's DefinitionSubstitutions (infra/constructs/key-rotation-drills.ts). test/statemachines checks that the
 * placeholders in the file are exactly these.
 */
export interface KeyRotationDrillSubstitutions {
  /** functions/drill-step: every step but the probe and the publication. */
  DrillStepFunctionArn: string;
  /** functions/drill-probe: the probe, one invocation for the whole Drill branch. */
  DrillProbeFunctionArn: string;
  /** functions/report-publisher (the shared publisher contract). */
  ReportPublisherFunctionArn: string;
}

export const KEY_ROTATION_DRILL_SUBSTITUTIONS: readonly (keyof KeyRotationDrillSubstitutions)[] = ['DrillStepFunctionArn', 'DrillProbeFunctionArn', 'ReportPublisherFunctionArn'];

export const KEY_ROTATION_DRILL_ASL = 'statemachines/key-rotation-drill.asl.json';

/** The state machine's name: fixed, so roles and the stop rule can name its executions without a dependency cycle. */
export const KEY_ROTATION_DRILL_NAME = 'keydrill-key-rotation-drill';
