/**
 * Which jest entry runs each test file under `npm test` (jest.groups.config.js).
 *
 * Jest gives every test file its own module registry, so each file loads aws-cdk-lib, cdk-nag and our code
 * again (about 1 s of CPU a file, half of the suite's time). The grouped run instead has a few entry files,
 * test/groups/group-N.test.ts, that each `require` many test files inside `describe('<path>')` (so a file's
 * top-level hooks stay scoped to it): the libraries load once per group, and in-process memos (the default
 * assembly's templates in test/helpers.ts) are shared by the group's files.
 *
 * A file that replaces modules or the environment for its own registry (jest.mock, jest.isolateModules,
 * aws-sdk-client-mock, process.env writes, ...) stays its own entry: found by reading its text, so a new
 * file that does so is isolated without anyone remembering to list it.
 *
 * Every file is assigned by this one function to exactly one entry (test/groups/layout.test.ts proves it
 * against `jest --listTests`), so no file is silently dropped.
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');

/** Number of group entries: 2 workers, and enough groups that the last one to start still ends with the rest. */
const GROUP_COUNT = 4;

/** Group entry files (matched by jest.groups.config.js, ignored by jest.config.js). */
const GROUP_ENTRY = /^test\/groups\/group-\d+\.test\.ts$/;

/**
 * What makes a file unsafe to share a registry with others: each of these changes module or process state
 * that would leak into the next file of a group (or be undone by it).
 */
const ISOLATING = [
  [/\bjest\.(mock|doMock|unmock|dontMock|resetModules|isolateModules|isolateModulesAsync|replaceProperty|useFakeTimers|setTimeout|retryTimes)\b/, 'replaces modules or jest state'],
  [/\bmockClient\b/, 'stubs AWS SDK clients (aws-sdk-client-mock)'],
  [/\bprocess\.env(\.\w+|\[[^\]]+\])\s*=(?!=)|\bdelete\s+process\.env\b/, 'writes process.env'],
  [/\bprocess\.chdir\b/, 'changes the working directory'],
];

/** Every test file under test/, as a path relative to the repository root with forward slashes. */
function allTestFiles() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.test.ts') && !GROUP_ENTRY.test(rel)) out.push(rel);
    }
  };
  walk('test');
  return out;
}

/** Why `file` must run as its own entry, or undefined when it can share a group. */
function isolationReason(file) {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const hit = ISOLATING.find(([re]) => re.test(text));
  return hit?.[1];
}

/**
 * Measured seconds of each file in a grouped run, loading plus tests (test/groups/durations.json, written by
 * test/groups/record-durations.js); a file not measured yet counts as one second.
 */
function weightOf(file, durations) {
  const d = durations[file];
  return d === undefined ? 1 : Math.max(0.1, d);
}

/** The layout: `groups[i]` lists the files of test/groups/group-(i+1).test.ts; `isolated` runs each alone. */
function layout() {
  const durations = JSON.parse(fs.readFileSync(path.join(__dirname, 'durations.json'), 'utf8'));
  const isolated = [];
  const shared = [];
  for (const f of allTestFiles()) (isolationReason(f) ? isolated : shared).push(f);
  // Longest first, each to the lightest group, so the groups end together (ties by path, so it is stable).
  const groups = Array.from({ length: GROUP_COUNT }, () => ({ files: [], weight: 0 }));
  const byWeight = shared.map((f) => [f, weightOf(f, durations)]).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [f, w] of byWeight) {
    const g = groups.reduce((min, g) => (g.weight < min.weight ? g : min));
    g.files.push(f);
    g.weight += w;
  }
  for (const g of groups) g.files.sort();
  return { groups: groups.map((g) => g.files), weights: groups.map((g) => Math.round(g.weight * 10) / 10), isolated };
}

module.exports = { ROOT, GROUP_COUNT, GROUP_ENTRY, allTestFiles, isolationReason, layout };
