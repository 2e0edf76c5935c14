/**
 * `npm test`: the test files of jest.config.js, most of them required by a few group entries so that each
 * group loads aws-cdk-lib and our code once (test/groups/layout.js says which file runs where, and why).
 */
const base = require('./jest.config');
const { layout } = require('./test/groups/layout');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/groups/group-*.test.ts', ...layout().isolated.map((f) => `<rootDir>/${f}`)],
  testPathIgnorePatterns: ['/node_modules/'],
};
