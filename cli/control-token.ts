import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where `keydrill up` keeps the running runtime's control token, readable by the user alone. */
export const controlTokenFile = (dataDir: string) => join(dataDir, 'control-token');

export function writeControlToken(dataDir: string, token: string): void {
  const file = controlTokenFile(dataDir);
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  // `mode` applies only when the file is created: a file left by an older run keeps its own.
  chmodSync(file, 0o600);
}

export const removeControlToken = (dataDir: string) => rmSync(controlTokenFile(dataDir), { force: true });

export function readControlToken(dataDir: string): string | undefined {
  try {
    return readFileSync(controlTokenFile(dataDir), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
