/**
 * One jest project per tier, so one tier runs alone (`npx jest --selectProjects unit`) and `npm test` runs them
 * all in one invocation.
 * ts-jest only transpiles (tsconfig's isolatedModules): `npm test` type-checks the whole tree with tsc first, so
 * a second, per-file type-check here would only cost time.
 * (ts-jest rather than @swc/jest: the registry this project installs from lacks some of @swc/core's
 * platform packages, which leaves a lockfile that `npm ci` rejects.)
 */
const TIERS = ['unit', 'emulator', 'infra', 'drill', 'statemachines', 'interop'];

const tier = (name) => ({
  displayName: name,
  // The environment runs what a test file deferred to its end (test/helpers/end-of-file.ts).
  testEnvironment: '<rootDir>/test/helpers/test-environment.ts',
  roots: ['<rootDir>/test'],
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: { ignoreCodes: [151002] } }] },
  setupFiles: ['<rootDir>/test/helpers/jest-setup.ts'],
});

module.exports = {
  testTimeout: 30000,
  maxWorkers: 2,
  projects: TIERS.map(tier),
};
