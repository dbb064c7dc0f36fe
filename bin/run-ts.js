#!/usr/bin/env node
// Runs one TypeScript script (benchmarks, tools) through tsx: `node bin/run-ts.js path/to/script.ts [args…]`.
require('tsx/cjs');
const path = require('node:path');
const script = process.argv[2];
if (!script) {
  console.error('usage: run-ts <script.ts> [args…]');
  process.exit(2);
}
process.argv.splice(1, 2, path.resolve(script));
require(path.resolve(script));
