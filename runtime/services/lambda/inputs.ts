import type { ConstraintTable } from '../../core/validation';

/** Constraint fragments shared by Lambda operations, keeping their literal types so each table is checked against its input type. */

/** Lambda's FunctionName members: a name, a partial ARN or an ARN. */
export const FUNCTION_NAME = { type: 'string', required: true, min: 1, max: 170 } as const;

/** Qualifier members: keydrill knows `$LATEST` only, but the pattern is the model's. */
export const QUALIFIER = { type: 'string', min: 1, max: 128, pattern: /^(|[a-zA-Z0-9$_-]+)$/ } as const;

/** A function and, optionally, a version or alias of it (GetFunction, GetFunctionConfiguration). */
export interface QualifiedFunctionInput {
  FunctionName: string;
  Qualifier?: string;
}

/** The configuration members the template sets (CreateFunction / UpdateFunctionConfiguration). */
export const FUNCTION_CONFIGURATION = {
  FunctionName: { type: 'string', required: true, min: 1, max: 140, pattern: /^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)$/ },
  Role: { type: 'string', pattern: /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/ },
  Handler: { type: 'string', max: 128, pattern: /^[^\s]+$/ },
  Runtime: { type: 'string' },
  Description: { type: 'string', min: 0, max: 256 },
  Timeout: { type: 'integer', min: 1, max: 900 },
  MemorySize: { type: 'integer', min: 128, max: 10240 },
  Environment: { type: 'structure', members: { Variables: { type: 'map', value: { type: 'string' } } } },
  /** keydrill's own member: the handler module relative to the project root (the template's `keydrill:entry`). */
  KeydrillEntry: { type: 'string', min: 1 },
} satisfies ConstraintTable;

export interface FunctionConfigurationInput {
  FunctionName: string;
  Role?: string;
  Handler?: string;
  Runtime?: string;
  Description?: string;
  Timeout?: number;
  MemorySize?: number;
  Environment?: { Variables?: Record<string, string> };
  KeydrillEntry?: string;
}

/** The event source mapping settings CreateEventSourceMapping and UpdateEventSourceMapping share. */
export const MAPPING_SETTINGS = {
  FunctionName: { type: 'string', min: 1, max: 140 },
  Enabled: { type: 'boolean' },
  BatchSize: { type: 'integer', min: 1, max: 10000 },
  MaximumBatchingWindowInSeconds: { type: 'integer', min: 0, max: 300 },
  BisectBatchOnFunctionError: { type: 'boolean' },
  MaximumRetryAttempts: { type: 'integer', min: -1, max: 10000 },
  MaximumRecordAgeInSeconds: { type: 'integer', min: -1, max: 604800 },
  ParallelizationFactor: { type: 'integer', min: 1, max: 10 },
  FunctionResponseTypes: { type: 'list', min: 0, max: 1, member: { type: 'string', enum: ['ReportBatchItemFailures'] } },
  DestinationConfig: {
    type: 'structure',
    members: { OnFailure: { type: 'structure', members: { Destination: { type: 'string', min: 0, max: 350 } } } },
  },
} satisfies ConstraintTable;

export interface MappingSettings {
  FunctionName?: string;
  Enabled?: boolean;
  BatchSize?: number;
  MaximumBatchingWindowInSeconds?: number;
  BisectBatchOnFunctionError?: boolean;
  MaximumRetryAttempts?: number;
  MaximumRecordAgeInSeconds?: number;
  ParallelizationFactor?: number;
  FunctionResponseTypes?: string[];
  DestinationConfig?: { OnFailure?: { Destination?: string } };
}

/** Event source mappings are named by their UUID. */
export const MAPPING_UUID = { type: 'string', required: true } as const;
