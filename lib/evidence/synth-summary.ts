/**
 * The few lines `npm run synth` ends with: what was built (stacks per account and region), what the checks
 * found, how much of the control catalogue is implemented, the monthly cost, and where each report is. Read from
 * the cloud assembly and the reports the synth wrote, so it says only what the synth produced.
 */
import * as fs from 'fs';
import * as path from 'path';

interface Manifest {
  readonly artifacts?: Record<string, { readonly type: string; readonly environment?: string }>;
}
interface ValidationReport {
  readonly pluginReports?: Array<{ readonly violations?: Array<{ readonly severity?: string; readonly violatingResources?: unknown[] }> }>;
}

function readJson<T>(file: string): T | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : undefined;
}

/**
 * Findings left in `outdir`'s validation report. CDK marks a plugin's report successful once any of its findings
 * is acknowledged and keeps the others only in the report (seen with cdk-validator-cfnguard), so a synth that
 * exits 0 can still carry findings: `npm run synth` fails on this count, not on CDK's exit code alone.
 */
export function reportedFindings(outdir: string): number {
  const report = readJson<ValidationReport>(path.join(outdir, 'validation-report.json'));
  return (report?.pluginReports ?? []).reduce((sum, p) => sum + (p.violations ?? []).reduce((n, v) => n + Math.max(1, v.violatingResources?.length ?? 1), 0), 0);
}

/** The summary text for the cloud assembly in `outdir`. */
export function synthSummary(outdir: string): string {
  const lines: string[] = [];
  const manifest = readJson<Manifest>(path.join(outdir, 'manifest.json'));
  const envs = new Map<string, number>();
  for (const a of Object.values(manifest?.artifacts ?? {})) {
    if (a.type !== 'aws:cloudformation:stack') continue;
    const env = (a.environment ?? 'aws://unknown-account/unknown-region').replace('aws://', '');
    envs.set(env, (envs.get(env) ?? 0) + 1);
  }
  const stackCount = [...envs.values()].reduce((s, n) => s + n, 0);
  lines.push(`Synthesized ${stackCount} stacks into ${outdir}:`);
  for (const [env, n] of [...envs].sort()) lines.push(`  ${env.replace('/', '  ')}  ${n} stack${n === 1 ? '' : 's'}`);

  const report = readJson<ValidationReport>(path.join(outdir, 'validation-report.json'));
  const bySeverity = new Map<string, number>();
  for (const p of report?.pluginReports ?? []) {
    for (const v of p.violations ?? []) {
      const n = Math.max(1, v.violatingResources?.length ?? 1);
      bySeverity.set(v.severity ?? 'error', (bySeverity.get(v.severity ?? 'error') ?? 0) + n);
    }
  }
  const acknowledgments = countAcknowledgments(path.join(outdir, 'acknowledgments.md'));
  lines.push(
    `Findings: ${bySeverity.get('error') ?? 0} errors, ${bySeverity.get('warning') ?? 0} warnings` +
      (acknowledgments === undefined ? '' : `, ${acknowledgments} acknowledged on their constructs`),
  );

  const compliance = readJson<{ totals: Record<string, number> & { total: number }; controls: Array<{ id: string; status: string }> }>(
    path.join(outdir, 'compliance.json'),
  );
  if (compliance) {
    const missing = compliance.controls.filter((c) => c.status === 'missing').map((c) => c.id);
    lines.push(
      `Compliance: ${compliance.totals.implemented ?? 0} of ${compliance.totals.total} controls implemented` +
        (missing.length > 0 ? `; missing: ${missing.join(', ')}` : ''),
    );
  }
  const cost = readJson<{ total: number; currency: string; region: string }>(path.join(outdir, 'cost.json'));
  if (cost) lines.push(`Monthly fixed cost: ${cost.total.toFixed(2)} ${cost.currency} (${cost.region} list prices; usage extra)`);

  const reports = ['validation-report.json', 'acknowledgments.md', 'compliance.md', 'cost.md', 'organization-map.md'].filter((f) =>
    fs.existsSync(path.join(outdir, f)),
  );
  if (reports.length > 0) lines.push(`Reports: ${reports.map((f) => path.join(outdir, f)).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** Rows of the acknowledgments table (one per acknowledged finding), or undefined without the report. */
function countAcknowledgments(file: string): number | undefined {
  if (!fs.existsSync(file)) return undefined;
  const rows = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l));
  return Math.max(0, rows.length - 1);
}
