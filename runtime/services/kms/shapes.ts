import type { Constraint } from '../../core/validation';
import { ENCRYPTION_ALGORITHMS, GRANT_OPERATIONS, SIGNING_ALGORITHMS } from './model';

/** Constraint fragments shared by KMS operations, from the KMS service model. */
export const keyIdType = (required = true): Constraint => ({ type: 'string', required, min: 1, max: 2048 });
export const grantTokens: Constraint = { type: 'list', max: 10, member: { type: 'string', min: 1, max: 8192 } };
export const encryptionContext: Constraint = { type: 'map', value: { type: 'string' } };
export const dryRun: Constraint = { type: 'boolean' };
export const marker: Constraint = { type: 'string', min: 1, max: 1024, pattern: /^[\u0020-\u00FF]*$/ };
export const limit = (max: number): Constraint => ({ type: 'integer', min: 1, max });
export const encryptionAlgorithm: Constraint = { type: 'string', enum: ENCRYPTION_ALGORITHMS };
export const signingAlgorithm = (required: boolean): Constraint => ({ type: 'string', required, enum: SIGNING_ALGORITHMS });
export const aliasName: Constraint = { type: 'string', required: true, min: 1, max: 256, pattern: /^[a-zA-Z0-9:/_-]+$/ };
export const policyName: Constraint = { type: 'string', min: 1, max: 128, pattern: /^[\w]+$/ };
export const policyText = (required: boolean): Constraint => ({ type: 'string', required, min: 1, max: 131072 });
export const principalId: Constraint = { type: 'string', min: 1, max: 256, pattern: /^[\w+=,.@:/-]+$/ };
export const grantId: Constraint = { type: 'string', min: 1, max: 128 };
export const grantOperations: Constraint = { type: 'list', member: { type: 'string', enum: GRANT_OPERATIONS } };
export const tags: Constraint = {
  type: 'list',
  member: {
    type: 'structure',
    members: { TagKey: { type: 'string', required: true, min: 1, max: 128 }, TagValue: { type: 'string', required: true, min: 0, max: 256 } },
  },
};
