import { execFile, type ExecFileException } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Runtime } from '../../runtime';
import type { ClientCredentials } from '../helpers/service-clients';

/**
 * The real clients of the interop tier, installed by .ci/run (README, "Interop tier"): the AWS CLI v2 from
 * Debian's `awscli` package and boto3 in a virtual environment under the keydrill cache directory.
 */
export const AWS_CLI = process.env.KEYDRILL_AWS_CLI ?? '/usr/bin/aws';
export const TOOLS_CACHE = process.env.KEYDRILL_CACHE ?? join(homedir(), '.cache', 'keydrill');
export const BOTO3_PYTHON = join(TOOLS_CACHE, 'boto3-venv', 'bin', 'python');
const BOTO3_CALLS = join(__dirname, 'boto3-calls.py');

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Each AWS CLI command spends most of a second of CPU starting Python and loading its models, so the
 * scenarios of a file run side by side; this bounds how many tool processes a test file runs at once.
 */
const MAX_CONCURRENT_TOOLS = 3;
let runningTools = 0;
const waitingTools: (() => void)[] = [];

export async function run(file: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<ToolResult> {
  if (runningTools < MAX_CONCURRENT_TOOLS) runningTools++;
  // A finishing tool hands its slot straight to the next waiting one.
  else await new Promise<void>((resolve) => waitingTools.push(resolve));
  try {
    return await spawnTool(file, args, env, input);
  } finally {
    const next = waitingTools.shift();
    if (next) next();
    else runningTools--;
  }
}

function spawnTool(file: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { env, maxBuffer: 16 * 1024 * 1024 }, (error: ExecFileException | null, stdout, stderr) => {
      // A tool that could not start at all is a broken installation, never an answer to assert on.
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
    child.stdin!.end(input ?? '');
  });
}

export const adminCredentials = (runtime: Runtime): ClientCredentials => ({ accessKeyId: runtime.env.AWS_ACCESS_KEY_ID, secretAccessKey: runtime.env.AWS_SECRET_ACCESS_KEY });

/**
 * What the tools see: the runtime's credentials and region and nothing of the user's AWS configuration
 * (empty config and credentials files, no profile, no endpoint variable), with retries off so a refusal
 * is the first answer.
 */
export function toolEnvironment(runtime: Runtime, credentials: ClientCredentials = adminCredentials(runtime)): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_REGION: runtime.region,
    AWS_DEFAULT_REGION: runtime.region,
    AWS_MAX_ATTEMPTS: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export interface CliOptions {
  credentials?: ClientCredentials;
  /** Another endpoint than the runtime's (a proxy in front of it). */
  endpoint?: string;
}

export interface CliAnswer extends ToolResult {
  /** stdout parsed (`--output json`); undefined when the command printed nothing. */
  json?: any;
  /** The AWS error code the CLI reported (`An error occurred (Code) when calling …`). */
  error?: string;
}

/** One AWS CLI command against the runtime, with `--endpoint-url` (CLI 2.9 ignores AWS_ENDPOINT_URL). */
export async function aws(runtime: Runtime, args: string[], options: CliOptions = {}): Promise<CliAnswer> {
  const result = await run(AWS_CLI, ['--endpoint-url', options.endpoint ?? runtime.endpoint, '--no-cli-pager', '--output', 'json', ...args], toolEnvironment(runtime, options.credentials));
  const error = /An error occurred \(([^)]+)\)/.exec(result.stderr)?.[1];
  return { ...result, error, json: result.code === 0 && result.stdout.trim() ? JSON.parse(result.stdout) : undefined };
}

/** The output of a CLI command that must succeed; its stderr is the failure message otherwise. */
export async function awsOk(runtime: Runtime, args: string[], options: CliOptions = {}): Promise<any> {
  const answer = await aws(runtime, args, options);
  if (answer.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${answer.code}:\n${answer.stderr}`);
  return answer.json;
}

export interface Boto3Call {
  service: string;
  operation: string;
  params?: Record<string, unknown>;
  /** The STS Credentials shape, or a `$ref` to an earlier AssumeRole's `Credentials`. */
  credentials?: unknown;
}

export type Boto3Result = { response: any; error?: undefined } | { response?: undefined; error: { Code: string; Message: string }; status: number };

/** boto3 calls made in one Python process, in order (see boto3-calls.py for `$bytes` and `$ref`). */
export async function boto3(runtime: Runtime, calls: Boto3Call[], credentials?: ClientCredentials): Promise<Boto3Result[]> {
  const result = await run(BOTO3_PYTHON, [BOTO3_CALLS], toolEnvironment(runtime, credentials), JSON.stringify({ endpoint: runtime.endpoint, calls }));
  if (result.code !== 0) throw new Error(`boto3-calls.py exited ${result.code}:\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** A value boto3 receives as bytes. */
export const bytes = (text: string) => ({ $bytes: Buffer.from(text).toString('base64') });
/** A value of an earlier call's response, by index and path (`'0.CiphertextBlob'`). */
export const ref = (path: string) => ({ $ref: path });
export const textOf = (value: { $bytes: string }) => Buffer.from(value.$bytes, 'base64').toString('utf8');

/**
 * Tests whose bodies start together once the file's `beforeAll` hooks have run (call after them), each
 * reported as its own test. Jest's `test.concurrent` is not used: it starts tests before `beforeAll`.
 */
export function concurrentTests(): (name: string, body: () => Promise<void>) => void {
  const bodies: (() => Promise<void>)[] = [];
  const started: Promise<void>[] = [];
  beforeAll(() => {
    for (const body of bodies) {
      const promise = body();
      // Awaited by its test; until then a failure must not count as an unhandled rejection.
      promise.catch(() => undefined);
      started.push(promise);
    }
  });
  return (name, body) => {
    const index = bodies.push(body) - 1;
    it(name, () => started[index]);
  };
}
