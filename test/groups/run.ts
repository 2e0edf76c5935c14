/**
 * Runs one group of test files in this entry's module registry (see test/groups/layout.js): each file is
 * required inside a `describe` named by its path, so its tests read `<path> <name>` and its top-level
 * hooks apply to it alone.
 */
import * as fs from 'fs';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ROOT, layout } = require('./layout') as { ROOT: string; layout(): { groups: string[][] } };

/** Declares the tests of every file of group `n` (1-based). */
export function runGroup(n: number): void {
  const files = layout().groups[n - 1];
  if (!files) throw new Error(`test/groups: there is no group ${n}`);
  // test/groups/record-durations.js asks for the time each file takes to load (its top-level synths run then).
  const timings = process.env.SLZ_GROUP_TIMINGS;
  for (const file of files) {
    describe(file, () => {
      const start = performance.now();
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(ROOT, file));
      if (timings) fs.appendFileSync(timings, `${JSON.stringify({ file, loadMs: performance.now() - start })}\n`);
    });
  }
}
