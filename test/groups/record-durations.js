/**
 * Rewrites test/groups/durations.json, which balances the groups (test/groups/layout.js), from one grouped run:
 * each file's seconds are the time its tests took plus the time it took to load. Run it after adding or
 * changing heavy tests: `node test/groups/record-durations.js` (one full run, about as long as `npm test`).
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ROOT } = require('./layout');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slz-durations-'));
const timings = path.join(dir, 'timings.jsonl');
const results = path.join(dir, 'results.json');
const r = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '-c', 'jest.groups.config.js', '--silent', '--json', `--outputFile=${results}`], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, SLZ_GROUP_TIMINGS: timings },
});
if (r.status !== 0) process.exit(r.status ?? 1);

const seconds = {};
const add = (file, s) => (seconds[file] = (seconds[file] ?? 0) + s);
for (const line of fs.readFileSync(timings, 'utf8').split('\n').filter(Boolean)) {
  const { file, loadMs } = JSON.parse(line);
  add(file, loadMs / 1000);
}
for (const suite of JSON.parse(fs.readFileSync(results, 'utf8')).testResults) {
  const rel = path.relative(ROOT, suite.name).split(path.sep).join('/');
  const grouped = /^test\/groups\/group-\d+\.test\.ts$/.test(rel);
  if (!grouped) add(rel, (suite.endTime - suite.startTime) / 1000);
  // In a group, the first describe title is the file's path (test/groups/run.ts).
  else for (const t of suite.assertionResults) add(t.ancestorTitles[0], (t.duration ?? 0) / 1000);
}
const sorted = Object.fromEntries(Object.keys(seconds).sort().map((f) => [f, Math.round(seconds[f] * 10) / 10]));
fs.writeFileSync(path.join(__dirname, 'durations.json'), `${JSON.stringify(sorted, null, 1)}\n`);
fs.rmSync(dir, { recursive: true, force: true });
console.log(`test/groups/durations.json: ${Object.keys(sorted).length} files`);
