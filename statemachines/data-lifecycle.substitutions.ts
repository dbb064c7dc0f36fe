/**
 * The `${…}` placeholders of data-lifecycle.asl.json, typed: the CDK construct (infra/constructs/data-lifecycle.ts)
 * must give every one, and the statemachines tier checks the definition uses exactly these.
 */
export const DATA_LIFECYCLE_SUBSTITUTION_KEYS = [
  'LedgerName',
  'ResultsTableName',
  'WorkflowFunctionArn',
  'ProvisionFunctionArn',
  'IngestFunctionArn',
  'VerifyFunctionArn',
  'AuditFunctionArn',
  'EraseFunctionArn',
  'ReportPublisherFunctionArn',
] as const;

export type DataLifecycleSubstitutions = Record<(typeof DATA_LIFECYCLE_SUBSTITUTION_KEYS)[number], string>;

/** Where the definition is, relative to the project root. */
export const DATA_LIFECYCLE_DEFINITION = 'statemachines/data-lifecycle.asl.json';
