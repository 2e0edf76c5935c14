/**
 * Part of `npm run bench` (bench/speed-figures.ts): what each cdk-nag pack, and the landing-zone checks,
 * add to one synth of the default config. Each is timed alone on a freshly built app (CPU of `app.synth()`
 * with the pack, minus without any); CDK's own template validation is off here, it is in the synth ratio.
 * HIPAA and PCI DSS are not (yet) applied by the landing zone: their findings are counted, not acknowledged.
 */
import { Validations, type IPolicyValidationPlugin, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildLandingZone, createApp } from '../lib/app';
import { landingZoneReports, landingZoneRules } from '../lib/checks/synth-checks';
import { LandingZoneChecks } from '../lib/checks/plugin';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../lib/config/load';

process.env.CDK_VALIDATION = 'false';
const config = loadConfig(path.join(__dirname, '..', DEFAULT_CONFIG_PATH));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slz-nag-cost-'));

/** CPU milliseconds of `app.synth()` for the default landing zone with `plugins` (built outside the timing). */
function synthCpu(plugins: (app: App) => IPolicyValidationPlugin[]): { ms: number; failed: boolean } {
  const app = createApp({ outdir: fs.mkdtempSync(path.join(tmp, 'out-')) });
  buildLandingZone(app, config, { checks: false });
  const added = plugins(app);
  if (added.length > 0) Validations.of(app).addPlugins(...added);
  const start = process.cpuUsage();
  let failed = false;
  try {
    app.synth();
  } catch {
    failed = true;
  }
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, failed };
}

const best = (f: () => { ms: number; failed: boolean }) => {
  const runs = [f(), f()];
  return { ms: Math.min(...runs.map((r) => r.ms)), failed: runs[0].failed };
};

synthCpu(() => []); // warm-up: module loading belongs to no pack
const base = best(() => synthCpu(() => []));
const packs: Array<[string, (app: App) => IPolicyValidationPlugin[]]> = [
  ['AwsSolutions', (app) => [new AwsSolutionsChecks(app)]],
  ['NIST 800-53 R5', (app) => [new NIST80053R5Checks(app)]],
  ['HIPAA Security', (app) => [new HIPAASecurityChecks(app)]],
  ['PCI DSS 3.2.1', (app) => [new PCIDSS321Checks(app)]],
  ['landing-zone LZ-* rules and reports', (app) => [new LandingZoneChecks(landingZoneRules(app), landingZoneReports(config))]],
];
console.log(`synth without checks:         ${(base.ms / 1000).toFixed(2)} s CPU (in-process, CDK validation off)`);
for (const [name, plugins] of packs) {
  const r = best(() => synthCpu(plugins));
  console.log(`  + ${name.padEnd(36)} +${((r.ms - base.ms) / 1000).toFixed(2)} s CPU${r.failed ? ' (has unacknowledged findings on the default config)' : ''}`);
}
fs.rmSync(tmp, { recursive: true, force: true });
