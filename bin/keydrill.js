#!/usr/bin/env node
// keydrill supports Node 20 deliberately (README), so the SDK's once-per-process notice that its releases
// after January 2027 need Node 22 would end up on stderr of every command that makes a client. This is
// the SDK's documented switch (https://github.com/aws/aws-sdk-js-v3/issues/7983); set before anything
// loads, it also reaches every process keydrill starts.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// The CLI is TypeScript; tsx's CommonJS hook lets it run from the checkout without a build step.
require('tsx/cjs');
require('../cli/main.ts');
