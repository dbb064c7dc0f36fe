import type { ValueHolder } from '@aws-sdk/client-qldb';
import type { Constraint, InputTable, WithRequired } from '../../../core/validation';

/**
 * Constraint fragments shared by the control-plane operations, from the QLDB model. They keep their
 * literal types (`as const`, `satisfies`), so `required: true` narrows each operation's input type.
 */

/** Ledger names (docs/qldb-session.md#input-constraints): 1–32 letters, digits and single hyphens, not all digits, no hyphen at either end. */
export const LEDGER_NAME = { type: 'string', required: true, min: 1, max: 32, pattern: /^(?!^.*--)(?!^[0-9]+$)(?!^-)(?!.*-$)^[A-Za-z0-9-]+$/ } as const;

export const PERMISSIONS_MODE = { type: 'string', required: true, enum: ['ALLOW_ALL', 'STANDARD'] } as const;

/** CreateLedger's and UpdateLedger's KmsKey: a key id, alias, ARN or AWS_OWNED_KMS_KEY. */
export const KMS_KEY = { type: 'string', max: 1600 } satisfies Constraint;

/** ResourceArn as TagResource, UntagResource and ListTagsForResource take it (20–1600 characters). */
export const RESOURCE_ARN = { type: 'string', required: true, min: 20, max: 1600 } as const;

export const TAG_KEY = { type: 'string', min: 1, max: 128 } as const;

/**
 * A resource's tags: up to 200 string values of up to 256 characters; the model's map is sparse, so a
 * null value is kept as an empty one (https://docs.aws.amazon.com/qldb/latest/developerguide/API_TagResource.html).
 */
export const TAGS = { type: 'map', max: 200, sparse: true, value: { type: 'string', max: 256 } } as const;

/** QLDB's text for the first tag key outside TAG_KEY's length limits, if any (its model does not constrain map keys). */
export function tagKeyProblem(tags: Record<string, unknown> | undefined): string | undefined {
  const key = Object.keys(tags ?? {}).find((k) => k.length < TAG_KEY.min || k.length > TAG_KEY.max);
  return key === undefined ? undefined : `The tag key '${key}' must be between ${TAG_KEY.min} and ${TAG_KEY.max} characters long`;
}

/** ValueHolder as GetBlock and GetRevision take it: IonText only, so this table requires it. */
type IonTextHolder = WithRequired<ValueHolder, 'IonText'>;

/** A ValueHolder member of GetBlock and GetRevision: IonText of 1 B – 1 MiB, sensitive (never echoed). */
export const VALUE_HOLDER = <R extends boolean>(required: R) =>
  ({
    type: 'structure',
    required,
    members: { IonText: { type: 'string', required: true, min: 1, max: 1048576, sensitive: true } } satisfies InputTable<IonTextHolder>,
  }) as const;

/** The block addresses of GetBlock and GetRevision, as VALUE_HOLDER checks them. */
export interface BlockAddresses {
  BlockAddress: IonTextHolder;
  DigestTipAddress: IonTextHolder;
}
