/**
 * One test file, one module registry: what `npx jest test/path` runs. `npm test` runs the same files through
 * jest.groups.config.js instead (many files to a registry, see test/groups/layout.js).
 * Jest runs TypeScript through swc (type-checking is `tsc --noEmit`, run separately by `npm test`).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The group entries re-run other files; only jest.groups.config.js runs them.
  testPathIgnorePatterns: ['/node_modules/', '/test/groups/group-\\d+\\.test\\.ts$'],
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  // CDK's WASM template validator costs ~3 s per process; the real synth keeps it on.
  setupFiles: ['<rootDir>/test/setup-env.js'],
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  testTimeout: 120000,
  maxWorkers: 2,
};
