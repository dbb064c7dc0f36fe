import { createHash } from 'node:crypto';
import type { ErasePlan } from './plan';
import { licenceRecord } from './licence-records';

/**
 * Erasure (docs/lifecycle.md#erase): the subject's documents are deleted and every earlier revision redacted
 * (https://docs.aws.amazon.com/qldb/latest/developerguide/working.redaction.html). Nothing the workflow keeps
 * afterwards names the subject: the report shows a digest of it, and the erasure register keeps a digest of
 * each erased document's key, so a re-run does not ingest the erased records again.
 */

/** The ledger table where erased documents' key digests are kept (created by provision, indexed on keyDigest). */
export const ERASURE_REGISTER_TABLE = 'LifecycleErasures';

export class SubjectNotFoundError extends Error {
  override readonly name = 'SubjectNotFound';
}

/** The value erased: given, or the one the named generated record holds in the field. */
export function subjectValue(plan: ErasePlan): string {
  if ('value' in plan) return plan.value;
  const record = licenceRecord(plan.generated.seed, plan.generated.index) as unknown as Record<string, unknown>;
  const value = record[plan.field];
  if (typeof value !== 'string' && typeof value !== 'number') throw new SubjectNotFoundError(`generated licence records have no scalar field ${plan.field}`);
  return String(value);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** How the report names the subject: the field and a digest of the value, never the value. */
export const subjectLabel = (field: string, value: string) => `${field}:sha256:${sha256(value)}`;

/** The register's key for one erased document: its table, key field and key value, digested. */
export const keyDigest = (table: string, keyField: string, keyValue: unknown) => sha256(`${table}\u0000${keyField}\u0000${String(keyValue)}`);

/** True when `needle` appears in any string, number or field name of `value`, at any depth. */
export function holdsText(value: unknown, needle: string): boolean {
  if (typeof value === 'string') return value.includes(needle);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value).includes(needle);
  if (value instanceof Uint8Array) return Buffer.from(value).includes(needle);
  if (Array.isArray(value)) return value.some((v) => holdsText(v, needle));
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes(needle) || holdsText(v, needle));
  return false;
}
