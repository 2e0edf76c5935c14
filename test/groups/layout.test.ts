/**
 * `npm test` runs every test file exactly once: most through the group entries, the rest alone
 * (test/groups/layout.js), proven against the file lists jest itself resolves from both configs.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ROOT, GROUP_COUNT, allTestFiles, isolationReason, layout } = require('./layout') as {
  ROOT: string;
  GROUP_COUNT: number;
  allTestFiles(): string[];
  isolationReason(file: string): string | undefined;
  layout(): { groups: string[][]; weights: number[]; isolated: string[] };
};

/** The test files jest would run under `config`, relative to the repository root. */
function listTests(config: string): string[] {
  const r = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--listTests', '-c', config], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`jest --listTests -c ${config} failed:\n${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => path.relative(ROOT, l.trim()).split(path.sep).join('/'))
    .sort();
}

const entries = Array.from({ length: GROUP_COUNT }, (_, i) => `test/groups/group-${i + 1}.test.ts`);

test('every test file is in exactly one group or runs alone', () => {
  const { groups, isolated } = layout();
  const placed = [...groups.flat(), ...isolated].sort();
  expect(placed).toEqual(allTestFiles());
  expect(new Set(placed).size).toBe(placed.length);
  expect(allTestFiles()).toContain('test/groups/layout.test.ts');
});

test('the grouped config runs the group entries and the isolated files, nothing else', () => {
  expect(listTests('jest.groups.config.js')).toEqual([...entries, ...layout().isolated].sort());
});

test('the per-file config runs every test file and no group entry', () => {
  expect(listTests('jest.config.js')).toEqual(allTestFiles());
});

test('a file that mocks modules, stubs SDK clients or writes process.env runs alone; a plain one shares a group', () => {
  expect(isolationReason('test/lib/constructs/cicd/github-delivery-roles.test.ts')).toBe('replaces modules or jest state');
  expect(isolationReason('test/lambda/policy-types/index.test.ts')).toBe('stubs AWS SDK clients (aws-sdk-client-mock)');
  expect(isolationReason('test/lib/names.test.ts')).toBeUndefined();
  expect(layout().isolated).toEqual(expect.arrayContaining(['test/constructs/index.test.ts', 'test/lib/constructs/core/bundle-cache.test.ts']));
});

test('no group is empty', () => {
  expect(layout().groups.map((g) => g.length > 0)).toEqual(entries.map(() => true));
});
