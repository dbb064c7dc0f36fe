/**
 * Every tier runs in one jest invocation. ts-jest only transpiles (tsconfig's isolatedModules): `npm test` type-checks
 * the whole tree with tsc first, so a second, per-file type-check here would only cost time.
 * (ts-jest rather than @swc/jest: the registry this project installs from lacks some of @swc/core's
 * platform packages, which leaves a lockfile that `npm ci` rejects.)
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: { ignoreCodes: [151002] } }] },
  testTimeout: 30000,
  maxWorkers: 2,
  setupFiles: ['<rootDir>/test/helpers/jest-setup.ts'],
};
