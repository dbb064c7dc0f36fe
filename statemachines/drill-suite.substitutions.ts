/**
 * The `${…}` placeholders of drill-suite.asl.json, which the CDK construct fills through the state machine's
 * DefinitionSubstitutions (infra/constructs/drill-suite.ts). test/statemachines checks that the placeholders in
 * the file are exactly these.
 */
export interface DrillSuiteSubstitutions {
  /** functions/drill-suite: the plan (input check) and aggregate steps. */
  DrillSuiteFunctionArn: string;
  /** The KeyRotationDrill state machine each scenario runs as a nested execution. */
  KeyRotationDrillStateMachineArn: string;
  /** functions/report-publisher (the shared publisher contract). */
  ReportPublisherFunctionArn: string;
  /** The results table: the suite's PROGRESS item. */
  DrillResultsTableName: string;
}

export const DRILL_SUITE_SUBSTITUTIONS: readonly (keyof DrillSuiteSubstitutions)[] = ['DrillSuiteFunctionArn', 'KeyRotationDrillStateMachineArn', 'ReportPublisherFunctionArn', 'DrillResultsTableName'];

export const DRILL_SUITE_ASL = 'statemachines/drill-suite.asl.json';

/** The state machine's name: fixed, so the continuous-verification rule and the CLI can name it. */
export const DRILL_SUITE_NAME = 'keydrill-drill-suite';
