import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pollUntil } from '../../runtime/core/poll';

const REPO_ROOT = join(__dirname, '..', '..');
const KEYDRILL = join(REPO_ROOT, 'bin', 'keydrill.js');

/** What a finished `keydrill` command printed, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A running `keydrill <args>` with exactly `env` (and PATH): its output so far, a wait for something on its stderr,
 * and its end. A command that never shows what is waited for is killed, so no test leaves one running.
 */
export function startKeydrill(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [KEYDRILL, ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH!, ...env } });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const shown = (what: string, test: (stderr: string) => boolean = (stderr) => stderr.includes(what)) =>
    pollUntil(`keydrill to show ${what}`, async () => (test(output.stderr) ? true : child.exitCode !== null ? Promise.reject(new Error(`keydrill exited before showing ${what}:\n${output.stderr}`)) : undefined)).catch((e: Error) => {
      child.kill('SIGKILL');
      throw e;
    });
  const ended = async (): Promise<CliRun> => ({ code: (await exited)!, ...output });
  return { child, output, shown, ended };
}

/** `keydrill <args>` run to its end with exactly `env` (and PATH), in `cwd`. */
export function runKeydrill(args: string[], env: Record<string, string>, cwd = REPO_ROOT): Promise<CliRun> {
  return promisify(execFile)(process.execPath, [KEYDRILL, ...args], { cwd, env: { PATH: process.env.PATH!, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: CliRun) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}
