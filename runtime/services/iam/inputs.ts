import type { Constraint } from '../../core/validation';

/**
 * Constraint fragments shared by IAM operations, from the IAM API reference's parameter limits and patterns.
 * They keep their literal types so that `required: true` survives for each table to be checked against its
 * input type.
 */
const name = (max: number) => ({ type: 'string', required: true, min: 1, max, pattern: /^[\w+=,.@-]+$/ }) as const satisfies Constraint;

export const roleName = name(64);
export const policyName = name(128);
export const rolePath = { type: 'string', min: 1, max: 512, pattern: /^(\u002F|\u002F[\u0021-\u007E]+\u002F)$/ } satisfies Constraint;
export const policyPath = { type: 'string', min: 1, max: 512, pattern: /^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/ } satisfies Constraint;
export const pathPrefix = { type: 'string', min: 1, max: 512, pattern: /^\u002F[\u0021-\u007F]*$/ } satisfies Constraint;
export const policyDocument = { type: 'string', required: true, min: 1, max: 131072, pattern: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/ } as const satisfies Constraint;
export const description = { type: 'string', min: 0, max: 1000, pattern: /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/ } satisfies Constraint;
export const policyArn = { type: 'string', required: true, min: 20, max: 2048 } as const satisfies Constraint;
export const versionId = { type: 'string', required: true, pattern: /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/ } as const satisfies Constraint;

const tagKey = { type: 'string', required: true, min: 1, max: 128, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u } as const satisfies Constraint;
const tagValue = { type: 'string', required: true, min: 0, max: 256, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u } as const satisfies Constraint;
export const tags = { type: 'list', max: 50, member: { type: 'structure', members: { Key: tagKey, Value: tagValue } } } satisfies Constraint;
export const requiredTags = { ...tags, required: true } as const satisfies Constraint;
export const tagKeys = { type: 'list', required: true, max: 50, member: tagKey } as const satisfies Constraint;

/** Marker and MaxItems, as every IAM list operation takes them. */
export const paging = {
  Marker: { type: 'string', min: 1, max: 320, pattern: /^[\u0020-\u00FF]+$/ },
  MaxItems: { type: 'integer', min: 1, max: 1000 },
} as const satisfies Record<string, Constraint>;
