import type { Constraint } from '../../core/validation';
import { ENCRYPTION_ALGORITHMS, GRANT_OPERATIONS, SIGNING_ALGORITHMS } from './model';

/**
 * Constraint fragments shared by KMS operations, from the KMS service model. They keep their literal
 * types (`satisfies`, not a `Constraint` annotation): `required: true` must survive for an operation's
 * table to be checked against its input type.
 */
export const keyIdType = <R extends boolean = true>(required = true as R) => ({ type: 'string', required, min: 1, max: 2048 }) as const;
export const grantTokens = { type: 'list', max: 10, member: { type: 'string', min: 1, max: 8192 } } satisfies Constraint;
export const encryptionContext = { type: 'map', value: { type: 'string' } } satisfies Constraint;
export const dryRun = { type: 'boolean' } satisfies Constraint;
export const marker = { type: 'string', min: 1, max: 1024, pattern: /^[\u0020-\u00FF]*$/ } satisfies Constraint;
export const limit = (max: number) => ({ type: 'integer', min: 1, max }) satisfies Constraint;
export const encryptionAlgorithm = { type: 'string', enum: ENCRYPTION_ALGORITHMS } satisfies Constraint;
export const signingAlgorithm = { type: 'string', required: true, enum: SIGNING_ALGORITHMS } as const;
export const aliasName = { type: 'string', required: true, min: 1, max: 256, pattern: /^[a-zA-Z0-9:/_-]+$/ } as const;
export const policyName = { type: 'string', min: 1, max: 128, pattern: /^[\w]+$/ } satisfies Constraint;
export const policyText = <R extends boolean>(required: R) => ({ type: 'string', required, min: 1, max: 131072 }) as const;
export const principalId = { type: 'string', min: 1, max: 256, pattern: /^[\w+=,.@:/-]+$/ } satisfies Constraint;
export const grantId = { type: 'string', min: 1, max: 128 } satisfies Constraint;
export const grantOperations = { type: 'list', member: { type: 'string', enum: GRANT_OPERATIONS } } satisfies Constraint;
export const tags = {
  type: 'list',
  member: {
    type: 'structure',
    members: { TagKey: { type: 'string', required: true, min: 1, max: 128 }, TagValue: { type: 'string', required: true, min: 0, max: 256 } },
  },
} satisfies Constraint;
/** Sign's and Verify's message members. */
export const signingInput = {
  Message: { type: 'blob', required: true, min: 1, max: 4096 },
  MessageType: { type: 'string', enum: ['RAW', 'DIGEST', 'EXTERNAL_MU'] },
} as const;
