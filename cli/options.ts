import { InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';

export const DEFAULT_DATA_DIR = '.keydrill';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is an integer from 0 to 65535');
  return port;
}

export const dataDirOf = (value: string | undefined) => resolve(value ?? DEFAULT_DATA_DIR);
