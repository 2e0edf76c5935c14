/**
 * Speed figures of `npm run bench` (issue 18, item 2), each printed against its target:
 *  - the default `cdk synth` against an empty-stack `cdk synth`, run in turn through the CDK CLI with
 *    cdk.json's app command, wall and CPU (user+sys, which other work on a shared machine disturbs less);
 *  - what each cdk-nag pack adds to the default synth;
 *  - `npm test` (tsc --noEmit, then jest);
 *  - the size of node_modules.
 * Asserts nothing: the figures are read by people, never by tests.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const TIME = '/usr/bin/time';

/** Wall and CPU seconds (children included) of one command. */
export interface Timed {
  readonly wall: number;
  readonly cpu: number;
  readonly status: number | null;
  readonly stderr: string;
}

/** Runs `cmd` from the repository root under GNU time when the machine has it (CPU then measured), else wall only. */
export function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const withTime = fs.existsSync(TIME);
  const start = process.hrtime.bigint();
  const r = withTime
    ? spawnSync(TIME, ['-f', 'BENCH_CPU=%U+%S', cmd, ...args], { cwd: ROOT, encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 })
    : spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const m = /BENCH_CPU=([\d.]+)\+([\d.]+)/.exec(r.stderr ?? '');
  return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : NaN, status: r.status, stderr: r.stderr ?? '' };
}

/** `cdk synth` of `app` (cdk.json's command when undefined) into a fresh folder, as a user runs it. */
function cdkSynth(outRoot: string, app?: string): Timed {
  const outdir = fs.mkdtempSync(path.join(outRoot, 'cdk-'));
  const args = ['--no-install', 'cdk', 'synth', '--quiet', '--no-notices', '--no-version-reporting', '-o', outdir, ...(app ? ['--app', app] : [])];
  const r = timed('npx', args, { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' });
  if (r.status !== 0) throw new Error(`cdk synth ${app ?? '(cdk.json app)'} failed:\n${r.stderr.slice(-4000)}`);
  return r;
}

const fastest = (runs: Timed[], key: 'wall' | 'cpu') => Math.min(...runs.map((r) => r[key]));

/** Empty-stack and default synth, interleaved `repeats` times (best of each), and their ratio against ≤ 2×. */
export function synthRatio(repeats: number): void {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'slz-bench-cdk-'));
  const appCommand = (JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { app: string }).app;
  const emptyApp = appCommand.replace('bin/landing-zone.ts', 'bench/empty-app.ts');
  const empty: Timed[] = [];
  const full: Timed[] = [];
  try {
    for (let i = 0; i < repeats; i++) {
      empty.push(cdkSynth(out, emptyApp));
      full.push(cdkSynth(out));
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  const line = (label: string, runs: Timed[]) => console.log(`${label} ${fastest(runs, 'wall').toFixed(2)} s wall, ${fastest(runs, 'cpu').toFixed(2)} s CPU`);
  line('cdk synth, empty stack:       ', empty);
  line('cdk synth, default config:    ', full);
  const wallRatio = fastest(full, 'wall') / fastest(empty, 'wall');
  const cpuRatio = fastest(full, 'cpu') / fastest(empty, 'cpu');
  console.log(`cdk synth ratio default/empty: ${wallRatio.toFixed(2)}× wall, ${cpuRatio.toFixed(2)}× CPU (target ≤ 2.0×: ${wallRatio <= 2 ? 'met' : 'NOT met'})`);
}

/** What each cdk-nag pack (and the landing-zone checks) adds to one in-process default synth. */
export function nagPackCosts(): void {
  const r = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--swc', path.join(__dirname, 'nag-pack-costs.ts')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    console.log(`nag pack costs: failed: ${r.stderr.split('\n').slice(0, 3).join(' ')}`);
    return;
  }
  // A pack that refuses the default config prints CDK's whole validation report; only the figures are kept.
  for (const line of r.stdout.split('\n')) if (/^(synth without checks|  \+ )/.test(line)) console.log(line);
}

/** `npm test` as CI runs it: `tsc --noEmit`, then jest; against ≤ 30 s. */
export function testSuiteTime(): void {
  const tsc = timed('npx', ['--no-install', 'tsc', '--noEmit']);
  const jest = timed('npx', ['--no-install', 'jest', '-c', 'jest.groups.config.js', '--silent']);
  const total = tsc.wall + jest.wall;
  console.log(`tsc --noEmit:                 ${tsc.wall.toFixed(1)} s wall, ${tsc.cpu.toFixed(1)} s CPU, exit ${tsc.status}`);
  console.log(`jest:                         ${jest.wall.toFixed(1)} s wall, ${jest.cpu.toFixed(1)} s CPU, exit ${jest.status}`);
  console.log(`npm test:                     ${total.toFixed(1)} s wall (target ≤ 30 s on 2 cores: ${total <= 30 ? 'met' : 'NOT met'}; ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})`);
}

/** Disk use of node_modules as `du` counts it; against ≤ 400 MB after `npm ci`. */
export function nodeModulesSize(): void {
  const r = spawnSync('du', ['-sk', `${path.join(ROOT, 'node_modules')}/`], { encoding: 'utf8' });
  const kb = Number(/^(\d+)/.exec(r.stdout)?.[1] ?? NaN);
  // The caches this repository writes there (bundles, the tests' shared assembly, tsc build info) are not installed packages.
  const cache = Number(/^(\d+)/.exec(spawnSync('du', ['-sk', path.join(ROOT, 'node_modules', '.cache')], { encoding: 'utf8' }).stdout)?.[1] ?? 0);
  const mb = (kb - cache) / 1024;
  console.log(`node_modules:                 ${mb.toFixed(0)} MB without .cache (${(cache / 1024).toFixed(0)} MB) (target ≤ 400 MB after npm ci: ${mb <= 400 ? 'met' : 'NOT met'})`);
}
