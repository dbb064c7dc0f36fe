#!/usr/bin/env node
// The CLI is TypeScript; tsx's CommonJS hook lets it run from the checkout without a build step.
require('tsx/cjs');
require('../cli/main.ts');
