import type { KinesisStreamRecordPayload } from 'aws-lambda';
import { deaggregateSync } from 'aws-kinesis-agg';

/** One QLDB stream record inside a Kinesis record; subSequenceNumber only when the record was KPL-aggregated. */
export interface UserRecord {
  subSequenceNumber?: number;
  data: Buffer;
}

export type Deaggregation = { ok: true; records: UserRecord[] } | { ok: false; detail: string };

/**
 * The user records of a Kinesis record (docs/qldb-streams.md#kinesis-delivery: QLDB aggregates by default). A record without the
 * KPL magic is one user record. The MD5 trailer is checked, so a corrupt aggregate is refused whole.
 */
export function userRecordsOf(kinesis: KinesisStreamRecordPayload): Deaggregation {
  let outcome: Deaggregation | undefined;
  // The callback can run more than once (once per failed sub-record, then again at the end): the first
  // failure decides, and nothing here may throw (aws-kinesis-agg would call back again with that error).
  deaggregateSync(kinesis, true, (error, records) => {
    if (outcome && !outcome.ok) return;
    outcome = error
      ? { ok: false, detail: `cannot de-aggregate: ${error.message}` }
      : { ok: true, records: (records ?? []).map((r) => ({ subSequenceNumber: r.subSequenceNumber, data: Buffer.from(r.data, 'base64') })) };
  });
  return outcome ?? { ok: false, detail: 'cannot de-aggregate: no result' };
}
