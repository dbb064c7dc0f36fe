import { parseArn } from '../../../core/arn';
import type { LedgerEntry } from '../ledger-registry';
import { controlErrors } from './errors';
import type { QldbControl } from './qldb-control';

/** A resource at most carries this many tags (TagResource's documentation). */
export const MAX_TAGS_PER_RESOURCE = 50;

/**
 * The ledger an ARN names. Ledgers are keydrill's only taggable QLDB resource so far (journal streams
 * are not served), so any other well-formed QLDB ARN is not found; text that is no ARN is invalid.
 */
export function taggedLedger(qldb: QldbControl, resourceArn: string): LedgerEntry {
  const parsed = parseArn(resourceArn);
  if (!parsed || parsed.service !== 'qldb' || !parsed.resource) throw controlErrors.invalidParameter(`The resource ARN ${resourceArn} is not a valid QLDB ARN`);
  const entry = qldb.ledgers.list().find((e) => e.metadata.arn === resourceArn);
  if (!entry) throw controlErrors.resourceNotFound(resourceArn);
  return entry;
}
