import type { Constraint } from '../../core/validation';

/** Constraint fragments shared by IAM operations, from the IAM API reference's parameter limits and patterns. */
const name = (max: number): Constraint => ({ type: 'string', required: true, min: 1, max, pattern: /^[\w+=,.@-]+$/ });

export const roleName = name(64);
export const policyName = name(128);
export const rolePath: Constraint = { type: 'string', min: 1, max: 512, pattern: /^(\u002F|\u002F[\u0021-\u007E]+\u002F)$/ };
export const policyPath: Constraint = { type: 'string', min: 1, max: 512, pattern: /^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/ };
export const pathPrefix: Constraint = { type: 'string', min: 1, max: 512, pattern: /^\u002F[\u0021-\u007F]*$/ };
export const policyDocument: Constraint = { type: 'string', required: true, min: 1, max: 131072, pattern: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/ };
export const description: Constraint = { type: 'string', min: 0, max: 1000, pattern: /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/ };
export const policyArn: Constraint = { type: 'string', required: true, min: 20, max: 2048 };
export const versionId: Constraint = { type: 'string', required: true, pattern: /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/ };

const tagKey: Constraint = { type: 'string', required: true, min: 1, max: 128, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u };
const tagValue: Constraint = { type: 'string', required: true, min: 0, max: 256, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u };
export const tags: Constraint = { type: 'list', max: 50, member: { type: 'structure', members: { Key: tagKey, Value: tagValue } } };
export const requiredTags: Constraint = { ...tags, required: true };
export const tagKeys: Constraint = { type: 'list', required: true, max: 50, member: tagKey };

/** Marker and MaxItems, as every IAM list operation takes them. */
export const paging = {
  Marker: { type: 'string', min: 1, max: 320, pattern: /^[\u0020-\u00FF]+$/ },
  MaxItems: { type: 'integer', min: 1, max: 1000 },
} as const satisfies Record<string, Constraint>;
