/**
 * Test helper: a CDK validation plugin that runs another (the Control Tower proactive controls, whose `cfn-guard`
 * run costs about 25 s of CPU over the default landing zone) only when the templates it is given changed.
 *
 * The report is a function of the plugin (name, version, rules) and the bytes of the templates, so it is kept
 * under node_modules/.cache by the hash of exactly those: a run whose templates did not change reads the report
 * the plugin wrote for them; any changed byte, template or rule runs the plugin again. CDK still applies the
 * acknowledgments and writes validation-report.json from the report, as for the plugin itself, so what a test
 * reads from it is the same either way.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';

/** Where reports are kept: `SLZ_GUARD_CACHE`, or under node_modules/.cache next to the tests' shared assembly. */
export function defaultGuardCacheDir(): string {
  return process.env.SLZ_GUARD_CACHE ?? path.join(__dirname, '..', 'node_modules', '.cache', 'secure-landing-zone', 'validation-reports');
}

/** How many reports are kept (a few branches of the two apps checked). */
const KEEP = 16;

/**
 * `plugin`, run only for templates it has not seen: `outdir` is the app's output folder, against which the
 * report's template paths are stored, so a report found for another run's folder points into this one.
 */
export function cachedValidation(plugin: IPolicyValidationPlugin, outdir: string, cacheDir = defaultGuardCacheDir()): IPolicyValidationPlugin {
  return {
    name: plugin.name,
    version: plugin.version,
    ruleIds: plugin.ruleIds,
    validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
      const file = path.join(cacheDir, `${reportKey(plugin, outdir, context.templatePaths)}.json`);
      if (fs.existsSync(file)) {
        fs.utimesSync(file, new Date(), new Date());
        return rebase(JSON.parse(fs.readFileSync(file, 'utf8')), (p) => path.join(outdir, p));
      }
      const report = plugin.validate(context);
      const stored = rebase(JSON.parse(JSON.stringify(report)), (p) => path.relative(outdir, path.resolve(p)));
      fs.mkdirSync(cacheDir, { recursive: true });
      // Written whole, then renamed, so a parallel run never reads half a report.
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(stored));
      fs.renameSync(tmp, file);
      prune(cacheDir);
      return report;
    },
  };
}

/** Hash of the plugin's identity and configuration and of each template's path (relative to `outdir`) and bytes. */
function reportKey(plugin: IPolicyValidationPlugin, outdir: string, templatePaths: string[]): string {
  const h = crypto.createHash('sha256');
  // The plugin's own fields (for cfn-guard: rule folders, disabled rules, binary) besides name and version.
  h.update(JSON.stringify({ name: plugin.name, version: plugin.version, ruleIds: plugin.ruleIds, config: plugin })).update('\0');
  for (const t of [...templatePaths].sort()) h.update(path.relative(outdir, t)).update('\0').update(fs.readFileSync(t)).update('\0');
  return h.digest('hex').slice(0, 32);
}

/** `report` with every violating resource's template path mapped by `f`. */
function rebase(report: PolicyValidationPluginReport, f: (p: string) => string): PolicyValidationPluginReport {
  for (const v of report.violations) for (const r of v.violatingResources) if (r.templatePath) (r as { templatePath: string }).templatePath = f(r.templatePath);
  return report;
}

function prune(cacheDir: string): void {
  const old = fs
    .readdirSync(cacheDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ f, t: fs.statSync(path.join(cacheDir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t)
    .slice(KEEP);
  for (const { f } of old) fs.rmSync(path.join(cacheDir, f), { force: true });
}
