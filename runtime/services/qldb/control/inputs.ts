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
