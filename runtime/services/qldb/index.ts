import { OperationTable, type Service } from '../../core/operation';
import type { ServiceFactory } from '../../core/service-module';
import { QLDB_REST_BINDING } from './control/rest-routes';
import { DEFAULT_ENCRYPTION_CONFIG, type EncryptionConfig } from './encryption/ledger-encryption';
import { QldbKms } from './encryption/qldb-kms';
import { LedgerRegistry } from './ledger-registry';
import { DEFAULT_SESSION_CONFIG, SessionRegistry, type SessionConfig } from './session/session-registry';
import { JournalStreams } from './streams/journal-streams';
import { DEFAULT_STREAM_DELIVERY_CONFIG, type StreamDeliveryConfig } from './streams/stream-model';
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
import { KeyAccessCache } from './session/key-access';
import type { QldbSession } from './session/qldb-session';
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
      cancelJournalKinesisStream,
      createLedger,
      deleteLedger,
      describeJournalKinesisStream,
      describeLedger,
      getBlock,
      getDigest,
      getRevision,
      listJournalKinesisStreamsForLedger,
      listLedgers,
      listTagsForResource,
      streamJournalToKinesis,
      tagResource,
      untagResource,
      updateLedger,
      updateLedgerPermissionsMode,
    ],
    { validationError: controlErrors.invalidParameter },
  );

/** The ledger data plane (`QLDBSession.SendCommand`, awsJson 1.0), which the QLDB driver speaks. */
export const createQldbSessionService = (state: QldbSession): Service =>
  new OperationTable('qldb-session', state, [sendCommand], { validationError: sessionErrors.invalidInput });

export interface QldbModuleOptions {
  /** QLDB session limits (transaction timeout, session lifetime, page size). */
  qldbSession?: Partial<SessionConfig>;
  /** QLDB's key checks, data-key cache window and minimum UPDATING time. */
  qldbEncryption?: Partial<EncryptionConfig>;
  /** QLDB journal streams: how often they look for new blocks, retry backoff, impaired retry interval. */
  qldbStreams?: Partial<StreamDeliveryConfig>;
}

/**
 * The QLDB-compatible ledger: the control plane (restJson1), the session API the driver speaks (awsJson 1.0),
 * journals under `qldb/` and journal streams to Kinesis. Building it unseals every ledger through KMS, so KMS
 * comes before it in the module list.
 */
export const qldbModule: ServiceFactory<QldbModuleOptions> = async (ctx, options) => {
  const kms = new QldbKms(ctx.dispatcher, ctx.scope);
  const ledgers = await LedgerRegistry.open(ctx.stateFile('qldb'), {
    journalRoot: ctx.dataPath('qldb'),
    clock: ctx.clock,
    scope: ctx.scope,
    kms,
    config: { ...DEFAULT_ENCRYPTION_CONFIG, ...options.qldbEncryption },
  });
  const sessions = new SessionRegistry(ctx.clock, { ...DEFAULT_SESSION_CONFIG, ...options.qldbSession });
  const streams = new JournalStreams(ctx.stateFile('qldb-streams'), {
    ledgers,
    kinesis: ctx.dispatcher,
    identity: ctx.identity,
    clock: ctx.clock,
    scope: ctx.scope,
    config: { ...DEFAULT_STREAM_DELIVERY_CONFIG, ...options.qldbStreams },
  });
  return {
    services: [
      createQldbService({ ledgers, sessions, clock: ctx.clock, streams }),
      createQldbSessionService({
        ledgers,
        sessions,
        keyAccess: new KeyAccessCache(kms, ctx.clock, sessions.config.keyAccessCacheMs),
        identity: ctx.identity,
        clock: ctx.clock,
        statementCache: new Map(),
      }),
    ],
    bindings: [
      { protocol: 'restJson', binding: QLDB_REST_BINDING },
      { protocol: 'awsJson', service: 'qldb-session', signingName: 'qldb', targetPrefix: 'QLDBSession', jsonVersion: '1.0' },
    ],
    start: () => streams.start(),
    async reset() {
      sessions.clear();
      await streams.reset();
      await ledgers.reset();
    },
    async close() {
      await streams.close();
      await ledgers.close();
    },
  };
};
