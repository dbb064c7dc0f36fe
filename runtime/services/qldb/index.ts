import { OperationTable, type Service } from '../../core/operation';
import { controlErrors } from './control/errors';
import { cancelJournalKinesisStream } from './control/operations/cancel-journal-kinesis-stream';
import { createLedger } from './control/operations/create-ledger';
import { deleteLedger } from './control/operations/delete-ledger';
import { describeJournalKinesisStream } from './control/operations/describe-journal-kinesis-stream';
import { describeLedger } from './control/operations/describe-ledger';
import { getBlock } from './control/operations/get-block';
import { getDigest } from './control/operations/get-digest';
import { getRevision } from './control/operations/get-revision';
import { listJournalKinesisStreamsForLedger } from './control/operations/list-journal-kinesis-streams-for-ledger';
import { listLedgers } from './control/operations/list-ledgers';
import { listTagsForResource } from './control/operations/list-tags-for-resource';
import { streamJournalToKinesis } from './control/operations/stream-journal-to-kinesis';
import { tagResource } from './control/operations/tag-resource';
import { untagResource } from './control/operations/untag-resource';
import { updateLedger } from './control/operations/update-ledger';
import { updateLedgerPermissionsMode } from './control/operations/update-ledger-permissions-mode';
import type { QldbControl } from './control/qldb-control';
import { sessionErrors } from './session/errors';
import type { QldbSession } from './session/send-command';
import { sendCommand } from './session/send-command';

/**
 * The ledger control plane (`@aws-sdk/client-qldb`, restJson1). QLDB's models have no ValidationException:
 * the control plane reports invalid input as InvalidParameterException, the session API as BadRequestException.
 */
export const createQldbService = (state: QldbControl): Service =>
  new OperationTable(
    'qldb',
    state,
    [
      createLedger,
      describeLedger,
      updateLedger,
      updateLedgerPermissionsMode,
      deleteLedger,
      listLedgers,
      getDigest,
      getBlock,
      getRevision,
      streamJournalToKinesis,
      describeJournalKinesisStream,
      listJournalKinesisStreamsForLedger,
      cancelJournalKinesisStream,
      tagResource,
      untagResource,
      listTagsForResource,
    ],
    { validationError: controlErrors.invalidParameter },
  );

/** The ledger data plane (`QLDBSession.SendCommand`, awsJson 1.0), which the QLDB driver speaks. */
export const createQldbSessionService = (state: QldbSession): Service =>
  new OperationTable('qldb-session', state, [sendCommand], { validationError: sessionErrors.badRequest });
