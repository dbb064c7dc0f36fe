import { LEDGER_NAME } from '../control/inputs';

/** Input constraints of the journal stream operations, from the QLDB Smithy model. */

/** `Arn`: RoleArn, KinesisConfiguration.StreamArn. */
export const ARN = { type: 'string', required: true, min: 20, max: 1600 } as const;

/** `UniqueId`: a StreamId is 22 base62 characters (the model's pattern also admits '-'). */
export const STREAM_ID = { type: 'string', required: true, min: 22, max: 22, pattern: /^[A-Za-z-0-9]+$/ } as const;

/** Stream names follow the ledger-name rules. */
export const STREAM_NAME = LEDGER_NAME;

/** ListJournalKinesisStreamsForLedger's paging. */
export const MAX_RESULTS = { type: 'integer', min: 1, max: 100 } as const;
export const NEXT_TOKEN = { type: 'string', min: 4, max: 1024, pattern: /^[A-Za-z-0-9+/=]+$/ } as const;
