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

