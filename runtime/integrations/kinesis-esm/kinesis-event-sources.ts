import type { Clock } from '../../core/clock';
import type { Dispatcher } from '../../core/dispatcher';
import type { Caller } from '../../core/operation';
import type { IdentityStore } from '../../identity/identity-store';
import { servicePrincipal } from '../../identity/principal';
import type { EventSourceMapping } from '../../services/lambda/model';
import type { CheckpointStore } from './checkpoints';
import { ShardProcessor } from './shard-processor';

/** Where the mappings come from: the Lambda service's store, followed as it changes. */
export interface MappingSource {
  list(): EventSourceMapping[];
  onChanged(listener: () => void): void;
  /** Shown as the mapping's LastProcessingResult. */
  report(uuid: string, result: string): void;
}

export interface EventSourceTiming {
  pollIntervalMs: number;
  retryBackoffMs: number;
  shardRefreshMs: number;
}

export interface EventSourceDeps {
  dispatcher: Dispatcher;
  identity: IdentityStore;
  clock: Clock;
  checkpoints: CheckpointStore;
  mappings: MappingSource;
  timing: EventSourceTiming;
}

interface Shard {
  ShardId: string;
  ParentShardId?: string;
}

/** One mapping: keeps a processor per open shard, children after their parents (per-shard order). */
class MappingPoller {
  private readonly processors = new Map<string, ShardProcessor>();
  private readonly finished = new Set<string>();
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private started = false;
  private role?: { arn: string; caller: Caller };

  constructor(
    private readonly deps: EventSourceDeps,
    private readonly uuid: string,
  ) {
    void this.refresh();
  }

  private mapping(): EventSourceMapping | undefined {
    return this.deps.mappings.list().find((m) => m.uuid === this.uuid);
  }

  private get lambdaCaller(): Caller {
    return { principal: servicePrincipal(this.deps.identity.account, 'lambda.amazonaws.com') };
  }

  /** The execution role reads the stream and writes to the destination, as on AWS. */
  private async resolveRole(mapping: EventSourceMapping): Promise<{ arn: string; caller: Caller }> {
    if (this.role) return this.role;
    const { Role } = await this.deps.dispatcher.call<{ Role: string }>('lambda', 'GetFunctionConfiguration', { FunctionName: mapping.functionArn }, this.lambdaCaller);
    const role = this.deps.identity.getRole(Role);
    const principal = role ? this.deps.identity.sessionPrincipal(role, mapping.functionArn.split(':').pop()!) : this.lambdaCaller.principal;
    this.role = { arn: Role, caller: { principal, viaService: 'lambda.amazonaws.com' } };
    return this.role;
  }

  private async refresh(): Promise<void> {
    if (this.stopped) return;
    const mapping = this.mapping();
    try {
      if (mapping?.enabled) {
        const role = await this.resolveRole(mapping);
        const streamName = mapping.eventSourceArn.split('/').slice(1).join('/');
        const { Shards } = await this.deps.dispatcher.call<{ Shards: Shard[] }>('kinesis', 'ListShards', { StreamName: streamName }, role.caller);
        const known = new Set(Shards.map((s) => s.ShardId));
        for (const [id, processor] of this.processors) if (processor.finished) this.finished.add(id);
        for (const shard of Shards) {
          if (this.processors.has(shard.ShardId) || this.stopped) continue;
          const parentPending = shard.ParentShardId && known.has(shard.ParentShardId) && !this.finished.has(shard.ParentShardId);
          if (parentPending) continue;
          this.processors.set(shard.ShardId, new ShardProcessor(this.shardContext(streamName, role), shard.ShardId, this.started));
        }
        this.started = true;
      }
    } catch {
      // The stream may not exist yet, or the role may not read it yet: try again at the next refresh.
    }
    if (!this.stopped) {
      this.timer = setTimeout(() => void this.refresh(), this.started ? this.deps.timing.shardRefreshMs : this.deps.timing.pollIntervalMs);
    }
  }

  private shardContext(streamName: string, role: { arn: string; caller: Caller }) {
    return {
      dispatcher: this.deps.dispatcher,
      clock: this.deps.clock,
      checkpoints: this.deps.checkpoints,
      pollIntervalMs: this.deps.timing.pollIntervalMs,
      retryBackoffMs: this.deps.timing.retryBackoffMs,
      streamName,
      mapping: () => this.mapping(),
      roleCaller: () => role.caller,
      lambdaCaller: this.lambdaCaller,
      invokeIdentityArn: () => role.arn,
      region: this.deps.identity.region,
      report: (result: string) => this.deps.mappings.report(this.uuid, result),
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const processor of this.processors.values()) processor.stop();
    await Promise.all([...this.processors.values()].map((p) => p.done));
  }
}

/**
 * Polls the Kinesis streams of every event source mapping and invokes their functions
 * (docs/kinesis-consumers.md#lambda-event-source-mapping). Follows the mappings as they are created, changed and deleted.
 */
export class KinesisEventSources {
  private readonly pollers = new Map<string, MappingPoller>();
  private running = false;

  constructor(private readonly deps: EventSourceDeps) {
    deps.mappings.onChanged(() => this.reconcile());
  }

  start(): void {
    this.running = true;
    this.reconcile();
  }

  private reconcile(): void {
    if (!this.running) return;
    const current = new Set(this.deps.mappings.list().map((m) => m.uuid));
    for (const [uuid, poller] of this.pollers) {
      if (current.has(uuid)) continue;
      this.pollers.delete(uuid);
      void poller.stop();
      this.deps.checkpoints.drop(uuid);
    }
    for (const uuid of current) if (!this.pollers.has(uuid)) this.pollers.set(uuid, new MappingPoller(this.deps, uuid));
  }

  async stop(): Promise<void> {
    this.running = false;
    const pollers = [...this.pollers.values()];
    this.pollers.clear();
    await Promise.all(pollers.map((p) => p.stop()));
  }
}
