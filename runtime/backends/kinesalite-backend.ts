import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import kinesalite = require('kinesalite');
import { PRIVATE_DIRECTORY } from '../core/private-files';
import { LazyResource } from './lazy-resource';

export interface KinesisConfig {
  /** How long a new stream stays CREATING. AWS takes seconds; drills and tests need less. */
  createStreamMs: number;
  /** How long a deleted stream stays DELETING. */
  deleteStreamMs: number;
  /** How long a stream stays UPDATING after a retention change, split or merge. */
  updateStreamMs: number;
  /** Open shards allowed across all streams (AWS's default account quota is 200 in most regions). */
  shardLimit: number;
}

export const DEFAULT_KINESIS_CONFIG: KinesisConfig = { createStreamMs: 20, deleteStreamMs: 20, updateStreamMs: 20, shardLimit: 200 };

/** Time for a write kinesalite's stream timers start to reach LevelDB. */
const STREAM_TIMER_MARGIN_MS = 50;

/** kinesalite reads the account and region for its ARNs from the environment, once, when its store is created. */
function withEnvironment<T>(vars: Record<string, string>, create: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return create();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/**
 * kinesalite, run in this process on a loopback port: started on first use, its LevelDB under `path`
 * (memory when undefined). Stopping waits until no request is in flight (`settled`), then closes the
 * server, which closes the database: LevelDB closed under a read or an open iterator is a native crash.
 */
export class KinesaliteBackend {
  private readonly server = new LazyResource<{ server: Server; endpoint: string }>(
    () => this.start(),
    async ({ server }) => {
      await this.settled();
      // kinesalite finishes CreateStream, DeleteStream and UpdateShardCount on timers of its own after answering
      // (a LevelDB write createStreamMs, deleteStreamMs or updateStreamMs later): LevelDB closed under such a write
      // crashes the process when it exits, so those timers run out first.
      await sleep(this.streamTimersMs());
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  );

  constructor(
    private readonly config: KinesisConfig,
    private readonly path: string | undefined,
    private readonly scope: { account: string; region: string },
    /** Resolves once every request sent to this backend is answered. */
    private readonly settled: () => Promise<void>,
  ) {}

  /** How long kinesalite's own stream timers may still run after the last answer, with room for their write. */
  private streamTimersMs(): number {
    const { createStreamMs, deleteStreamMs, updateStreamMs } = this.config;
    return Math.max(createStreamMs, deleteStreamMs, updateStreamMs) + STREAM_TIMER_MARGIN_MS;
  }

  async endpoint(): Promise<string> {
    return (await this.server.get()).endpoint;
  }

  stop(): Promise<void> {
    return this.server.dispose();
  }

  /** Deletes every stream: the database goes, and the next use (held until then) starts an empty one. */
  reset(): Promise<void> {
    return this.server.dispose(() => {
      if (this.path) rmSync(this.path, { recursive: true, force: true });
    });
  }

  private start(): Promise<{ server: Server; endpoint: string }> {
    if (this.path) mkdirSync(this.path, { recursive: true, mode: PRIVATE_DIRECTORY });
    const server = withEnvironment({ AWS_ACCOUNT_ID: this.scope.account, AWS_REGION: this.scope.region }, () => kinesalite({ ...this.config, path: this.path }));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve({ server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
    });
  }
}
