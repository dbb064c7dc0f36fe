import type { GetDigestRequest, GetDigestResponse } from '@aws-sdk/client-qldb';
import { digest } from '../../journal/proof';
import { controlErrors } from '../errors';
import { LEDGER_NAME } from '../inputs';
import { blockAddressText, readableJournal } from '../journal-addresses';
import { operation } from '../qldb-control';

/** The digest covers every committed block up to the latest durable one, its tip (docs/qldb-journal.md#digests-and-proofs). */
export const getDigest = operation<GetDigestRequest, GetDigestResponse>({
  name: 'GetDigest',
  input: { Name: LEDGER_NAME },
  run(qldb, input) {
    const { journal } = readableJournal(qldb, input.Name);
    if (journal.durableLength === 0) throw controlErrors.emptyJournal(input.Name);
    const { digest: hash, tipAddress } = digest(journal, journal.durableLength - 1);
    return { Digest: hash, DigestTipAddress: { IonText: blockAddressText(tipAddress) } };
  },
});
