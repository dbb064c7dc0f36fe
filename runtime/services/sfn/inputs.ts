import type { Constraint } from '../../core/validation';

/**
 * Constraint fragments shared by Step Functions operations, from the service model (lengths, enums and
 * required members). They keep their literal types, so each operation's table is checked against its input type.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_Operations.html
 */
export const arnShape = { type: 'string', required: true, min: 1, max: 256 } satisfies Constraint;
export const nameShape = { type: 'string', required: true, min: 1, max: 80 } satisfies Constraint;
export const optionalName = { type: 'string', min: 1, max: 80 } satisfies Constraint;
export const definitionShape = { type: 'string', required: true, min: 1, max: 1048576, sensitive: true } satisfies Constraint;
export const optionalDefinition = { type: 'string', min: 1, max: 1048576, sensitive: true } satisfies Constraint;
export const roleArnShape = { type: 'string', required: true, min: 1, max: 256 } satisfies Constraint;
export const stateMachineType = { type: 'string', enum: ['STANDARD', 'EXPRESS'] } satisfies Constraint;
/** Execution input and task output: 256 KiB (the byte limit is checked by `checkPayloadSize`). */
export const payloadShape = { type: 'string', max: 262144, sensitive: true } satisfies Constraint;
export const taskToken = { type: 'string', required: true, min: 1, max: 2048 } satisfies Constraint;
export const errorShape = { type: 'string', max: 256, sensitive: true } satisfies Constraint;
export const causeShape = { type: 'string', max: 32768, sensitive: true } satisfies Constraint;
export const maxResults = { type: 'integer', min: 0, max: 1000 } satisfies Constraint;
export const nextToken = { type: 'string', min: 1, max: 1024 } satisfies Constraint;
export const traceHeader = { type: 'string', max: 256 } satisfies Constraint;
export const includedData = { type: 'string', enum: ['ALL_DATA', 'METADATA_ONLY'] } satisfies Constraint;
export const optionalBoolean = { type: 'boolean' } satisfies Constraint;
export const optionalString = { type: 'string' } satisfies Constraint;
export const executionStatus = { type: 'string', enum: ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] } satisfies Constraint;

export const tagList = {
  type: 'list',
  member: { type: 'structure', members: { key: { type: 'string', min: 1, max: 128 }, value: { type: 'string', min: 0, max: 256 } } },
} satisfies Constraint;
export const tagKeys = { type: 'list', required: true, member: { type: 'string', min: 1, max: 128 } } satisfies Constraint;

export const loggingConfiguration = {
  type: 'structure',
  members: {
    level: { type: 'string', enum: ['ALL', 'ERROR', 'FATAL', 'OFF'] },
    includeExecutionData: { type: 'boolean' },
    destinations: {
      type: 'list',
      member: { type: 'structure', members: { cloudWatchLogsLogGroup: { type: 'structure', members: { logGroupArn: { type: 'string', min: 1, max: 256 } } } } },
    },
  },
} satisfies Constraint;
export const tracingConfiguration = { type: 'structure', members: { enabled: { type: 'boolean' } } } satisfies Constraint;
/** Stored and echoed: keydrill encrypts nothing at rest with it (README, Known differences). */
export const encryptionConfiguration = {
  type: 'structure',
  members: { type: { type: 'string', enum: ['AWS_OWNED_KEY', 'CUSTOMER_MANAGED_KMS_KEY'] }, kmsKeyId: { type: 'string' }, kmsDataKeyReusePeriodSeconds: { type: 'integer' } },
} satisfies Constraint;
