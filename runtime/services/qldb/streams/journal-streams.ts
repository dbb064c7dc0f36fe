import type { Clock } from '../../../core/clock';
import { arn } from '../../../core/arn';
import { DurableJsonFile } from '../../../core/durable-file';
import type { Scope } from '../../../core/scope';
import type { IdentityStore } from '../../../identity/identity-store';
import { newQldbId } from '../ledger/qldb-ids';
import type { LedgerEntry, LedgerRegistry } from '../ledger-registry';
import { type JournalAccess, JournalStreamer, type KinesisSink } from './journal-streamer';
import { streamErrors } from './errors';
import { isActive, isTerminal, MAX_ACTIVE_STREAMS_PER_LEDGER, type StoredStream, type StreamDeliveryConfig } from './stream-model';
import { checkStreamRole } from './stream-role';

export interface JournalStreamsDeps {
  ledgers: LedgerRegistry;
  /** Kinesis is reached only through the dispatcher. */
  kinesis: KinesisSink;
  identity: IdentityStore;
  clock: Clock;
  scope: Scope;
  config: StreamDeliveryConfig;
}

export interface NewStream {
  ledger: LedgerEntry;
  streamName: string;
  roleArn: string;
  kinesisStreamArn: string;
  aggregationEnabled: boolean;
  inclusiveStartTime: Date;
  exclusiveEndTime?: Date;
  tags: Record<string, string>;
}

/**
 * Every journal stream of the account, kept in one durable state file, and one streamer per stream that
 * is still delivering. A stream lives and dies with its ledger: once the ledger is deleted (or replaced by
 * a new ledger of the same name, which has another strand) its streams stop and are forgotten.
 */
export class JournalStreams {
  private readonly file: DurableJsonFile<StoredStream[]>;
  private streams: StoredStream[];
  private readonly streamers = new Map<string, JournalStreamer>();
  private started = false;

  constructor(
    stateFile: string | undefined,
    private readonly deps: JournalStreamsDeps,
  ) {
    this.file = new DurableJsonFile(stateFile, 'qldb-streams', 1);
    this.streams = this.file.load() ?? [];
  }

  /** Resumes delivery of the streams that were active; called once the runtime's services are registered. */
  start(): void {
    this.started = true;
    for (const stream of this.streams) if (isActive(stream)) this.startStreamer(stream);
  }

  /** Creates a stream whose role was checked; it starts with CONTROL CREATED. */
  create(request: NewStream): StoredStream {
    const ledgerName = request.ledger.metadata.name;
    const active = this.visible(ledgerName).filter(isActive);
    if (active.some((s) => s.streamName === request.streamName)) throw streamErrors.nameInUse(request.streamName, ledgerName);
    if (active.length >= MAX_ACTIVE_STREAMS_PER_LEDGER) throw streamErrors.limit(ledgerName);
    const streamId = newQldbId();
    const stream: StoredStream = {
      streamId,
      streamName: request.streamName,
      arn: arn('qldb', this.deps.scope.region, this.deps.scope.account, `stream/${ledgerName}/${streamId}`),
      ledgerName,
      strandId: request.ledger.metadata.strandId,
      roleArn: request.roleArn,
      kinesisStreamArn: request.kinesisStreamArn,
      aggregationEnabled: request.aggregationEnabled,
      creationTime: this.deps.clock.now().toISOString(),
      inclusiveStartTime: request.inclusiveStartTime.toISOString(),
      ...(request.exclusiveEndTime ? { exclusiveEndTime: request.exclusiveEndTime.toISOString() } : {}),
      status: 'ACTIVE',
      tags: request.tags,
      progress: { createdSent: false, nextSequenceNo: 0 },
    };
    const role = checkStreamRole(this.deps.identity, stream);
    if (!role.ok) throw streamErrors.invalidParameter(role.problem);
    this.streams.push(stream);
    this.save();
    if (this.started) this.startStreamer(stream);
    return stream;
  }

  /** The ledger's streams that Describe and List still show, oldest first. */
  visible(ledgerName: string): StoredStream[] {
    this.forgetExpired();
    return this.streams.filter((s) => s.ledgerName === ledgerName);
  }

  get(ledgerName: string, streamId: string): StoredStream {
    const stream = this.visible(ledgerName).find((s) => s.streamId === streamId);
    if (!stream) throw streamErrors.streamNotFound(streamId, ledgerName);
    return stream;
  }

  /** Cancel is irreversible and only for an ACTIVE stream; no COMPLETED record is written (docs/qldb-streams.md#control-records). */
  async cancel(ledgerName: string, streamId: string): Promise<StoredStream> {
    const stream = this.get(ledgerName, streamId);
    if (stream.status !== 'ACTIVE') throw streamErrors.notActive(streamId, stream.status);
    stream.status = 'CANCELED';
    stream.endedAt = this.deps.clock.now().toISOString();
    this.save();
    await this.stopStreamer(streamId);
    return stream;
  }

  /** Stops every streamer (the runtime is stopping); the state file keeps where each one was. */
  async close(): Promise<void> {
    this.started = false;
    await Promise.all([...this.streamers.keys()].map((id) => this.stopStreamer(id)));
  }

  /** Forgets every stream (runtime reset); delivery stays stopped until `start()`, after the redeploy. */
  async reset(): Promise<void> {
    await this.close();
    this.streams = [];
    this.save();
  }

  private startStreamer(stream: StoredStream): void {
    const streamer = new JournalStreamer(stream, {
      journal: this.journalOf(stream),
      role: () => checkStreamRole(this.deps.identity, stream),
      kinesis: this.deps.kinesis,
      clock: this.deps.clock,
      config: this.deps.config,
      save: () => this.save(),
      ledgerGone: () => this.forgetLedgerStreams(stream),
    });
    this.streamers.set(stream.streamId, streamer);
    void streamer.done.then(() => {
      if (this.streamers.get(stream.streamId) === streamer) this.streamers.delete(stream.streamId);
    });
  }

  private async stopStreamer(streamId: string): Promise<void> {
    await this.streamers.get(streamId)?.stop();
  }

  private journalOf(stream: StoredStream): JournalAccess {
    return () => {
      const entry = this.deps.ledgers.get(stream.ledgerName);
      if (!entry || entry.metadata.strandId !== stream.strandId) return 'gone';
      try {
        return this.deps.ledgers.requireUsable(entry).journalStore;
      } catch {
        return 'unavailable';
      }
    };
  }

  private forgetLedgerStreams(gone: StoredStream): void {
    this.streams = this.streams.filter((s) => !(s.ledgerName === gone.ledgerName && s.strandId === gone.strandId));
    this.save();
  }

  /**
   * Drops what AWS no longer shows: streams of deleted ledgers, and terminal streams older than the
   * retention (7 days on AWS).
   */
  private forgetExpired(): void {
    const now = this.deps.clock.now().getTime();
    const kept = this.streams.filter((s) => {
      const entry = this.deps.ledgers.get(s.ledgerName);
      if (!entry || entry.metadata.strandId !== s.strandId) return false;
      return !(isTerminal(s.status) && s.endedAt && now - Date.parse(s.endedAt) > this.deps.config.terminalRetentionMs);
    });
    if (kept.length === this.streams.length) return;
    for (const s of this.streams) if (!kept.includes(s)) void this.stopStreamer(s.streamId);
    this.streams = kept;
    this.save();
  }

  private save(): void {
    this.file.save(this.streams);
  }
}
