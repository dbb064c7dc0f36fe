import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { useRuntime } from '../helpers/runtime';
import { createMachine, stateMachineRole } from '../helpers/sfn';
import { tempDataDir } from '../helpers/temp-data-dir';

// Each command is a fresh Node process that loads the TypeScript sources.
jest.setTimeout(60_000);

const REPO_ROOT = join(__dirname, '..', '..');
const KEYDRILL = join(REPO_ROOT, 'bin', 'keydrill.js');
const env = useRuntime();

/** Runs `keydrill <args>` with the environment `keydrill up` prints; resolves with its exit code and output. */
function keydrill(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [KEYDRILL, ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH!, ...env.runtime.env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

describe('keydrill run, executions and history', () => {
  it('run --follow shows progress, prints the output and exits 0; a failing machine exits 1 with its error', async () => {
    const role = await stateMachineRole(env.clients.iam, 'sfn-cli-role');
    await createMachine(env.clients.sfn, 'cli-pass', { StartAt: 'Greet', States: { Greet: { Type: 'Pass', Parameters: { 'hello.$': '$.who' }, End: true } } }, role);
    await createMachine(env.clients.sfn, 'cli-fail', { StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'Drill.Failed', Cause: 'on purpose' } } }, role);
    const inputFile = join(tempDataDir('sfn-cli'), 'input.json');
    writeFileSync(inputFile, '{"who":"keydrill"}');

    const ok = await keydrill('run', 'cli-pass', '--input', `@${inputFile}`, '--name', 'from-cli', '--follow');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ status: 'SUCCEEDED', output: { hello: 'keydrill' } });
    expect(ok.stderr).toContain('→ Greet (Pass)');
    expect(ok.stderr).toContain('← Greet');

    const failed = await keydrill('run', 'cli-fail', '--follow');
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toEqual({ status: 'FAILED', error: 'Drill.Failed', cause: 'on purpose' });
    expect(failed.stderr).toContain('✗ ExecutionFailed: Drill.Failed: on purpose');

    const listed = await keydrill('executions', '--state-machine', 'cli-pass', '--status', 'SUCCEEDED');
    expect(listed.stdout).toMatch(/^SUCCEEDED\t\S+\t\S+\tarn:aws:states:[^:]+:\d+:execution:cli-pass:from-cli\n$/);

    const executionArn = listed.stdout.trim().split('\t')[3];
    const everything = await keydrill('executions');
    expect(everything.stdout.trim().split('\n').map((line) => line.split('\t')[0]).sort()).toEqual(['FAILED', 'SUCCEEDED']);
    const history = await keydrill('history', executionArn, '--json');
    const types = history.stdout.trim().split('\n').map((line) => JSON.parse(line).type);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types.at(-1)).toBe('ExecutionSucceeded');
  });

  it('run names an unknown state machine in its error', async () => {
    const result = await keydrill('run', 'no-such-machine');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no state machine is named no-such-machine');
  });
});
