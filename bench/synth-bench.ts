/**
 * `npm run bench`: prints synth figures; asserts nothing (speed goals live here, never in tests).
 *  - the speed figures of bench/speed-figures.ts: `cdk synth` of the default config vs an empty stack through
 *    the CDK CLI, what each cdk-nag pack costs, `npm test`, and the size of node_modules, each against its target;
 *  - the full synth for generated configs with 10, 50 and 200 workload accounts, vs 4 accounts.
 * Each scale synth runs the app process as `cdk synth` does (ts-node with swc, CDK validation on).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { nagPackCosts, nodeModulesSize, synthRatio, testSuiteTime } from './speed-figures';

const ROOT = path.join(__dirname, '..');
const TS_NODE = require.resolve('ts-node/dist/bin');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slz-bench-'));

interface Run {
  seconds: number;
  maxRssMb: number;
}

function runApp(entry: string, context: Record<string, string> = {}): Run {
  const outdir = fs.mkdtempSync(path.join(tmp, 'out-'));
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', path.join(__dirname, 'rss.js'), TS_NODE, '--swc', entry], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context) },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${entry} failed:\n${r.stderr}`);
  const rss = /BENCH_MAX_RSS_KB=(\d+)/.exec(r.stderr);
  return { seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN };
}

/** Best of `n` runs (the least disturbed by other work on the machine). */
function best(n: number, f: () => Run): Run {
  const runs = Array.from({ length: n }, f);
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

/** The default config with `n` workload accounts (the four defaults plus generated ones, without VPCs). */
function configWithAccounts(n: number): string {
  const raw = parse(fs.readFileSync(path.join(ROOT, 'config/landing-zone.yaml'), 'utf8'));
  const existing = raw.accounts.filter((a: any) => (a.role ?? 'workload') === 'workload').length;
  for (let i = existing; i < n; i++) {
    raw.accounts.push({
      name: `workload-${i}`,
      id: String(500000000000 + i),
      email: `aws-workload-${i}@example.com`,
      ou: i % 2 === 0 ? 'Workloads/Prod' : 'Workloads/Dev',
    });
  }
  const file = path.join(tmp, `accounts-${n}.yaml`);
  fs.writeFileSync(file, stringify(raw));
  return file;
}

function fmt(r: Run): string {
  return `${r.seconds.toFixed(2)} s, peak ${r.maxRssMb.toFixed(0)} MiB`;
}

function main(): void {
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  console.log(`secure-landing-zone bench (${os.cpus().length} cores, node ${process.version}, best of ${repeats})`);
  synthRatio(repeats);
  nagPackCosts();
  const base = best(repeats, () => runApp('bin/landing-zone.ts', { config: configWithAccounts(2) }));
  console.log(`default config (2 workload accounts, 4 in all): ${fmt(base)}`);
  for (const n of [10, 50, 200]) {
    try {
      const r = best(repeats, () => runApp('bin/landing-zone.ts', { config: configWithAccounts(n) }));
      console.log(`${String(n).padStart(3)} workload accounts:         ${fmt(r)}  (${(r.seconds / base.seconds).toFixed(2)}× of 4 accounts; target ≤ 1.3×)`);
    } catch (e) {
      // A synth check refusing the scale is a result too: print the first finding, not a stack trace.
      const finding = /^\s+(\S+: .*)$/m.exec(String((e as Error).message))?.[1] ?? String((e as Error).message).split('\n')[0];
      console.log(`${String(n).padStart(3)} workload accounts:         synth refused: ${finding.slice(0, 220)}`);
    }
  }
  if (process.env.BENCH_SKIP_TESTS !== '1') testSuiteTime();
  nodeModulesSize();
  fs.rmSync(tmp, { recursive: true, force: true });
}

main();
