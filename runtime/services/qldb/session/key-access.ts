import type { Clock } from '../../../core/clock';
import type { ServiceError } from '../../../core/errors';
import type { Caller } from '../../../core/operation';
import { AWS_OWNED_KMS_KEY } from '../encryption/ledger-encryption';
import type { QldbKms } from '../encryption/qldb-kms';
import type { LedgerEntry } from '../ledger-registry';
import { sessionErrors } from './errors';

/** Past this many remembered answers the cache starts over: one per caller and data key, so only a flood of distinct role sessions gets here. */
const KEY_ACCESS_CACHE_LIMIT = 10_000;

interface Answer {
  /** Runtime-clock time of the question. */
  askedAt: number;
  /** KMS's denial, or undefined when the caller may use the key; shared by the concurrent commands that asked. */
  denial: Promise<ServiceError | undefined>;
}

/**
 * Whether a caller may decrypt with its ledger's customer managed key (through QLDB), asked for every
 * transaction rather than once per session, so a pooled session cannot outlive a change that takes the
 * caller's access away (docs/qldb-session.md#key-access). Answers are remembered per caller and per data key
 * for `ttlMs` of runtime clock: a ledger moved to another key has a new data key, so its callers are asked
 * again at their next command; a change to a key policy or a role's policy shows within `ttlMs`.
 */
export class KeyAccessCache {
  private readonly answers = new Map<string, Answer>();

  constructor(
    private readonly kms: QldbKms,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** Throws AccessDeniedException when the caller may not use the ledger's current key; AWS-owned keys need no permission. */
  async require(caller: Caller, entry: LedgerEntry): Promise<void> {
    const { metadata } = entry;
    const current = metadata.encryption.dataKeys[metadata.encryption.dataKeys.length - 1];
    if (current.kmsKey === AWS_OWNED_KMS_KEY) return;
    const cacheKey = `${caller.principal.arn}\n${current.keyTag}`;
    const now = this.clock.now().getTime();
    let answer = this.answers.get(cacheKey);
    // A clock moved back (POST /_keydrill/clock reset) makes an age negative: such an answer is stale too.
    if (!answer || now - answer.askedAt >= this.ttlMs || now < answer.askedAt) {
      // Only KMS's AccessDeniedException is the caller's; a disabled or missing key is the ledger's key check's business.
      const denial = this.kms.decryptDenial(caller, current.kmsKey, Buffer.from(current.wrapped, 'base64'), metadata.arn).catch(() => undefined);
      answer = { askedAt: now, denial };
      if (this.answers.size >= KEY_ACCESS_CACHE_LIMIT) this.answers.clear();
      this.answers.set(cacheKey, answer);
    }
    const denial = await answer.denial;
    if (denial) throw sessionErrors.userMayNotUseKey(denial);
  }

  clear(): void {
    this.answers.clear();
  }
}
