export { startRuntime, DEFAULT_PORT, DEFAULT_ACCOUNT, DEFAULT_REGION, type Runtime, type RuntimeOptions } from './runtime';
export { synthesizeStack } from './bootstrap/synth';
