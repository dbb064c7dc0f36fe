/**
 * The stack's output keys; the runtime's bootstrap and the CLI look values up by these names. Kept apart from
 * the stack so the CLI can name them without loading aws-cdk-lib.
 */
export const OUTPUT_KEYS = {
  ledgerKeyArn: 'LedgerKeyArn',
  rotateKeyArn: 'RotateKeyArn',
  standbyKeyArn: 'StandbyKeyArn',
  noAccessKeyArn: 'NoAccessKeyArn',
  ledgerKeyAlias: 'LedgerKeyAlias',
  appRoleArn: 'AppRoleArn',
  ledgerName: 'LedgerName',
  journalStreamName: 'JournalStreamName',
  projectionTableName: 'ProjectionTableName',
  quarantineTableName: 'QuarantineTableName',
  projectorFunctionName: 'ProjectorFunctionName',
  failedBatchesQueueUrl: 'FailedBatchesQueueUrl',
  alertBusName: 'AlertBusName',
  alertStatusTableName: 'AlertStatusTableName',
  alertsTableName: 'AlertsTableName',
  alertMonitorFunctionName: 'AlertMonitorFunctionName',
  drillResultsTableName: 'DrillResultsTableName',
  reportPublisherFunctionName: 'ReportPublisherFunctionName',
  keyRotationDrillStateMachineArn: 'KeyRotationDrillStateMachineArn',
  drillSuiteStateMachineArn: 'DrillSuiteStateMachineArn',
  dataLifecycleStateMachineArn: 'DataLifecycleStateMachineArn',
} as const;

/**
 * The state machines' outputs of the drills' contract: the drill engine's and the lifecycle's. Apart from
 * OUTPUT_KEYS (which the stack's outputs must equal) until the stack has them: the CLI names them now, and says
 * so when the running stack lacks one.
 */
export const DRILL_OUTPUT_KEYS = {
  keyRotationDrillStateMachineArn: 'KeyRotationDrillStateMachineArn',
  drillSuiteStateMachineArn: 'DrillSuiteStateMachineArn',
  dataLifecycleStateMachineArn: 'DataLifecycleStateMachineArn',
} as const;
