import type { Constraint } from '../../core/validation';

/**
 * Constraint fragments shared by EventBridge operations, from the EventBridge service model
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Types.html). They keep their literal types,
 * so each operation's table is checked against its input type.
 */
const NAME = /^[\.\-_A-Za-z0-9]+$/;
export const ruleName = { type: 'string', required: true, min: 1, max: 64, pattern: NAME } satisfies Constraint;
export const busNameToCreate = { type: 'string', required: true, min: 1, max: 256, pattern: /^[/\.\-_A-Za-z0-9]+$/ } satisfies Constraint;
/** A bus by name or ARN. */
export const busReference = { type: 'string', min: 1, max: 1600, pattern: /^(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/\.\-_A-Za-z0-9]+$/ } satisfies Constraint;
export const arnShape = { type: 'string', required: true, min: 1, max: 1600 } satisfies Constraint;
export const nextToken = { type: 'string', min: 1, max: 2048 } satisfies Constraint;
export const limit = { type: 'integer', min: 1, max: 100 } satisfies Constraint;
export const description = { type: 'string', max: 512 } satisfies Constraint;
export const roleArn = { type: 'string', min: 1, max: 1600 } satisfies Constraint;

export const tagList = {
  type: 'list',
  member: { type: 'structure', members: { Key: { type: 'string', required: true, min: 1, max: 128 }, Value: { type: 'string', required: true, max: 256 } } },
} satisfies Constraint;

const targetShape = {
  type: 'structure',
  members: {
    Id: { type: 'string', required: true, min: 1, max: 64, pattern: NAME },
    Arn: arnShape,
    RoleArn: roleArn,
    Input: { type: 'string', max: 8192 },
    InputPath: { type: 'string', max: 256 },
    InputTransformer: {
      type: 'structure',
      members: { InputPathsMap: { type: 'map', max: 100, value: { type: 'string', max: 256 } }, InputTemplate: { type: 'string', required: true, min: 1, max: 8192 } },
    },
    KinesisParameters: { type: 'structure', members: { PartitionKeyPath: { type: 'string', required: true, max: 256 } } },
    DeadLetterConfig: { type: 'structure', members: { Arn: { type: 'string', min: 1, max: 1600 } } },
    RetryPolicy: {
      type: 'structure',
      members: { MaximumRetryAttempts: { type: 'integer', min: 0, max: 185 }, MaximumEventAgeInSeconds: { type: 'integer', min: 60, max: 86400 } },
    },
  },
} satisfies Constraint;

/** The model lets PutTargets carry 100 targets; a rule holds at most 5 (LimitExceededException). */
export const targetList = { type: 'list', required: true, min: 1, max: 100, member: targetShape } satisfies Constraint;
export const targetIds = { type: 'list', required: true, min: 1, max: 100, member: { type: 'string', min: 1, max: 64, pattern: NAME } } satisfies Constraint;
