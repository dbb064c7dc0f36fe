import { AWS_CLI, BOTO3_PYTHON, run } from './tools';

/**
 * The tier fails, never skips, without its clients: .ci/run installs them (README, "Interop tier").
 * CLI v2.9 is the last line that still carries the QLDB and QLDB Session models.
 */
const installHint = 'install the interop tools as README ("Interop tier") says, or run .ci/run';

async function versionOf(file: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(file, args, { PATH: process.env.PATH });
    return `${stdout}${stderr}`.trim();
  } catch (e) {
    throw new Error(`${file} cannot run (${(e as Error).message}): ${installHint}`);
  }
}

it('the AWS CLI is version 2 and has the QLDB models', async () => {
  expect(await versionOf(AWS_CLI, ['--version'])).toMatch(/^aws-cli\/2\.\d+\.\d+ /);
  expect(await versionOf(AWS_CLI, ['qldb-session', 'send-command', '--generate-cli-skeleton'])).toMatch(/"StartSession"/);
});

it('boto3 imports in its virtual environment', async () => {
  expect(await versionOf(BOTO3_PYTHON, ['-c', 'import boto3; print("boto3", boto3.__version__)'])).toMatch(/^boto3 1\.\d+\.\d+$/);
});
