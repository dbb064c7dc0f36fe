import { InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';

export const DEFAULT_DATA_DIR = '.keydrill';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is an integer from 0 to 65535');
  return port;
}

/** `--sfn-time-scale`: a positive factor applied to Step Functions Wait and retry lengths. */
export function parseTimeScale(value: string): number {
  const factor = Number(value);
  if (!(factor > 0 && Number.isFinite(factor))) throw new InvalidArgumentError('a time scale is a positive number (1 = real time)');
  return factor;
}

/** `keydrill drill --stop-wait`: seconds, zero or more (0 = do not wait). */
export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!(seconds >= 0 && Number.isFinite(seconds))) throw new InvalidArgumentError('a number of seconds, 0 or more');
  return seconds;
}

/** A web origin exactly as browsers send it in `Origin`: scheme, host and port, no path or trailing slash. */
export function parseOrigin(value: string): string {
  let origin: string | undefined;
  try {
    origin = new URL(value).origin;
  } catch {
    origin = undefined;
  }
  if (origin !== value) throw new InvalidArgumentError(`an origin is scheme://host[:port], e.g. http://localhost:3000${origin && origin !== 'null' ? ` (did you mean ${origin}?)` : ''}`);
  return value;
}

export const dataDirOf = (value: string | undefined) => resolve(value ?? DEFAULT_DATA_DIR);
