/**
 * `npm run bench`: prints synth figures; asserts nothing (speed goals live here, never in tests).
 *  - the speed figures of bench/speed-figures.ts: `cdk synth` of the default config vs an empty stack through
 *    the CDK CLI, what each cdk-nag pack costs, `npm test`, and the size of node_modules, each against its target;
 *  - the full synth for generated configs with 10, 50 and 200 workload accounts, vs 4 accounts;
 *  - 1,000 workload accounts with 200 VPCs in 4 governed regions (exit, time, CPU, peak vs ≤ 30 s, ≤ 1.5 GB),
 *    and again with 100 VPCs for the marginal cost of one more VPC stack.
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
  /** User + system CPU of the app process (esbuild children excluded). */
  cpuSeconds: number;
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
  const cpu = /BENCH_CPU_US=(\d+)/.exec(r.stderr);
  return { seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN, cpuSeconds: cpu ? Number(cpu[1]) / 1e6 : NaN };
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

/** Governed regions of the scale run: the default's two plus two more (all four opened before August 2022). */
const SCALE_REGIONS = ['eu-west-1', 'eu-central-1', 'eu-west-2', 'eu-north-1'];

/**
 * The default config at scale: `n` workload accounts (each in the Administrator and ReadOnly assignments),
 * `vpcs` extra VPCs (the demo VPC's shape, one per workload account, spread over `regions` governed regions).
 */
function configAtScale(n: number, vpcs: number, regions = SCALE_REGIONS): string {
  const raw = parse(fs.readFileSync(configWithAccounts(n), 'utf8'));
  raw.organization.governedRegions = regions;
  const generated = raw.accounts.filter((a: any) => /^workload-\d+$/.test(a.name)).map((a: any) => a.name as string);
  for (const assignment of raw.identity?.assignments ?? []) {
    if (assignment.permissionSet !== 'SecurityAudit') assignment.accounts.push(...generated);
  }
  const demo = raw.network.demo;
  for (let j = 0; j < vpcs; j++) {
    raw.network[`vpc${j}`] = {
      ...structuredClone(demo),
      account: generated[j % generated.length],
      region: regions[j % regions.length],
      // 10.64.0.0/20 onwards: one /20 each, clear of the default VPCs.
      cidr: `10.${64 + Math.floor(j / 16)}.${(j % 16) * 16}.0/20`,
    };
  }
  const file = path.join(tmp, `scale-${n}-${vpcs}-${regions.length}.yaml`);
  fs.writeFileSync(file, stringify(raw));
  return file;
}

function fmt(r: Run): string {
  return `${r.seconds.toFixed(2)} s (CPU ${r.cpuSeconds.toFixed(2)} s), peak ${r.maxRssMb.toFixed(0)} MiB`;
}

function main(): void {
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  console.log(`secure-landing-zone bench (${os.cpus().length} cores, node ${process.version}, best of ${repeats})`);
  // Wall time on a shared machine measures the neighbours too: the load says how much.
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (above ${os.cpus().length}, wall times include waiting for a core; CPU times do not)`);
  // BENCH_ONLY=scale runs only the scale figures (while working on them).
  if (process.env.BENCH_ONLY !== 'scale') {
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
  }
  // The scale target: 1,000 workload accounts, 200 VPCs, 4 governed regions; then 100 VPCs for the marginal
  // cost of one more VPC stack. One run each (a run takes tens of seconds); wall time moves with other work on
  // the machine, CPU time much less.
  const scaleRepeats = Number(process.env.BENCH_SCALE_REPEATS ?? 1);
  const scale = (vpcs: number) => best(scaleRepeats, () => runApp('bin/landing-zone.ts', { config: configAtScale(1000, vpcs) }));
  try {
    const big = scale(200);
    const ok = (v: number, max: number) => (v <= max ? 'meets' : 'MISSES');
    console.log(`1,000 accounts, 200 VPCs, 4 regions: exit 0, ${fmt(big)}`);
    console.log(`  time ${big.seconds.toFixed(1)} s vs target ≤ 30 s: ${ok(big.seconds, 30)} (CPU ${big.cpuSeconds.toFixed(1)} s: ${ok(big.cpuSeconds, 30)}); peak ${((big.maxRssMb * 1048576) / 1e9).toFixed(2)} GB vs target ≤ 1.5 GB (10⁹ bytes; worker threads included): ${ok((big.maxRssMb * 1048576) / 1e9, 1.5)}`);
    const half = scale(100);
    console.log(`1,000 accounts, 100 VPCs, 4 regions: exit 0, ${fmt(half)}`);
    const per = (a: number, b: number) => ((a - b) / 100).toFixed(3);
    console.log(
      `  marginal cost per added VPC stack (100 → 200): ${per(big.seconds, half.seconds)} s wall, ${per(big.cpuSeconds, half.cpuSeconds)} s CPU, ${per(big.maxRssMb, half.maxRssMb)} MiB peak (no target; printed to watch)`,
    );
  } catch (e) {
    const finding = /^\s+(\S+: .*)$/m.exec(String((e as Error).message))?.[1] ?? String((e as Error).message).split('\n')[0];
    console.log(`1,000 accounts, 200 VPCs, 4 regions: synth refused (target: exit 0): ${finding.slice(0, 300)}`);
  }
  if (process.env.BENCH_SKIP_TESTS !== '1' && process.env.BENCH_ONLY !== 'scale') testSuiteTime();
  if (process.env.BENCH_ONLY !== 'scale') nodeModulesSize();
  if (process.env.BENCH_KEEP !== '1') fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`kept ${tmp}`);
}

main();
