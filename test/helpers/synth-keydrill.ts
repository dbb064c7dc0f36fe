import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { App } from 'aws-cdk-lib';
import { type CreateAppOptions, STACK_NAME, createApp } from '../../infra/app';
import { KeydrillStack } from '../../infra/stacks/keydrill-stack';

export interface KeydrillApp {
  readonly app: App;
  readonly stack: KeydrillStack;
  readonly outdir: string;
  /** Removes the cloud assembly directory. */
  readonly dispose: () => void;
}

/** A fresh app writing its cloud assembly to a private temp dir, so parallel test files never collide. */
export function keydrillApp(options: Omit<CreateAppOptions, 'outdir'> = {}): KeydrillApp {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydrill-infra-'));
  const app = createApp({ bundle: false, ...options, outdir });
  const stack = app.node.findChild(STACK_NAME);
  if (!(stack instanceof KeydrillStack)) {
    throw new Error(`expected a KeydrillStack named ${STACK_NAME}`);
  }
  return { app, stack, outdir, dispose: () => fs.rmSync(outdir, { recursive: true, force: true }) };
}

const ASSET_HASH = /\b[0-9a-f]{64}\b/g;

/** Asset hashes change with every bundling input; the snapshot is about structure, not hashes. */
export function normalizeTemplate(template: unknown): unknown {
  return JSON.parse(JSON.stringify(template).replace(ASSET_HASH, '<asset-hash>'));
}
