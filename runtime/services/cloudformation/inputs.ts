import type { StackStatus, TemplateStage } from '@aws-sdk/client-cloudformation';
import type { Constraint } from '../../core/validation';

/**
 * Constraint fragments shared by CloudFormation operations, from the CloudFormation API reference. They keep
 * their literal types so that `required: true` survives for each table to be checked against its input type.
 */
export const stackName = { type: 'string' } satisfies Constraint;
export const requiredStackName = { type: 'string', required: true } as const satisfies Constraint;
export const nextToken = { type: 'string', min: 1, max: 1024 } satisfies Constraint;
export const logicalResourceId = { type: 'string' } satisfies Constraint;

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStacks.html#API_ListStacks_RequestParameters */
export const STACK_STATUSES = [
  'CREATE_IN_PROGRESS',
  'CREATE_FAILED',
  'CREATE_COMPLETE',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_FAILED',
  'ROLLBACK_COMPLETE',
  'DELETE_IN_PROGRESS',
  'DELETE_FAILED',
  'DELETE_COMPLETE',
  'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_COMPLETE',
  'UPDATE_FAILED',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_FAILED',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE',
  'REVIEW_IN_PROGRESS',
  'IMPORT_IN_PROGRESS',
  'IMPORT_COMPLETE',
  'IMPORT_ROLLBACK_IN_PROGRESS',
  'IMPORT_ROLLBACK_FAILED',
  'IMPORT_ROLLBACK_COMPLETE',
] as const satisfies readonly StackStatus[];

export const TEMPLATE_STAGES = ['Original', 'Processed'] as const satisfies readonly TemplateStage[];
