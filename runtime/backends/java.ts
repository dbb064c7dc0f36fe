import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** DynamoDB Local 2.3 and later are built for Java 17. */
const MIN_JAVA_MAJOR = 17;

const INSTALL_HINT = 'Install Java 17 or newer (e.g. `apt-get install openjdk-17-jre-headless`), or set JAVA_HOME to such an installation.';

/** The java to run: an explicit command, else `$JAVA_HOME/bin/java`, else `java` from PATH. */
export const javaCommand = (explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string =>
  explicit ?? (env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java');

/** The major version in `java -version` output: `"17.0.15"` → 17, the old scheme `"1.8.0_392"` → 8. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(versionOutput);
  if (!m) return undefined;
  const first = Number(m[1]);
  return first === 1 && m[2] !== undefined ? Number(m[2]) : first;
}

export class JavaUnavailableError extends Error {
  override name = 'JavaUnavailableError';
}

/** Why `command` cannot run DynamoDB Local, or undefined when it can. */
export function javaProblem(command: string, outcome: { missing: true } | { output: string }): string | undefined {
  if ('missing' in outcome) return `DynamoDB Local needs Java ${MIN_JAVA_MAJOR}+, but "${command}" was not found. ${INSTALL_HINT}`;
  const major = parseJavaMajor(outcome.output);
  if (major === undefined) return `DynamoDB Local needs Java ${MIN_JAVA_MAJOR}+, but "${command} -version" did not report a version. ${INSTALL_HINT}`;
  if (major < MIN_JAVA_MAJOR) return `DynamoDB Local needs Java ${MIN_JAVA_MAJOR}+, but "${command}" is Java ${major}. ${INSTALL_HINT}`;
  return undefined;
}

/** Resolves when `command` is a Java able to run DynamoDB Local; rejects with a JavaUnavailableError saying what to install. */
export function checkJava(command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, ['-version'], { timeout: 30_000 }, (error, stdout, stderr) => {
      const missing = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT' || (error as NodeJS.ErrnoException | null)?.code === 'EACCES';
      const problem = javaProblem(command, missing ? { missing: true } : { output: `${stderr}${stdout}` });
      if (problem) reject(new JavaUnavailableError(problem));
      else resolve();
    });
  });
}
