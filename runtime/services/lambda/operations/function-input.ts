import type { ConstraintTable } from '../../../core/validation';

/** Lambda's FunctionName members: a name, a partial ARN or an ARN. */
export const FUNCTION_NAME = { type: 'string', required: true, min: 1, max: 170 } as const;

/** The configuration members the template sets (CreateFunction / UpdateFunctionConfiguration). */
export const FUNCTION_CONFIGURATION: ConstraintTable = {
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
};

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
