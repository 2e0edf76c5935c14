/**
 * The last release (`released/`: one `<stack>.template.json` per stack and `compliance.json`) and
 * the templates to compare with it, read from a cloud assembly or synthesized in-process without
 * guardrails (fast; the compliance report is computed from the same templates).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildLandingZone, createApp } from '../app';
import type { CfnTemplate } from '../template';
import type { LandingZoneConfig } from '../config/schema';
import { complianceReport, renderComplianceJson, type ComplianceReport } from '../evidence/compliance';
import type { StackTemplate } from '../evidence/resources';
import { checkSafety, type SafetyResult } from './stateful';

/** `released/` at the repository root. */
export const RELEASE_DIR = path.join(__dirname, '..', '..', 'released');
const TEMPLATE_SUFFIX = '.template.json';

/** Stacks of a cloud assembly directory, by stack name. */
export function readAssembly(dir: string): StackTemplate[] {
  return new CloudAssembly(dir).stacks.map((s) => ({
    stackPath: s.stackName,
    template: s.template as CfnTemplate,
    account: s.environment.account,
    region: s.environment.region,
  }));
}

/** Synthesizes the landing zone for `config` (synth checks off) and returns its stacks. */
export function synthesizeStacks(config: LandingZoneConfig): StackTemplate[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'slz-safety-'));
  try {
    const app = createApp({ outdir });
    buildLandingZone(app, config, { checks: false });
    return readAssembly(app.synth().directory);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

export function byStackName(stacks: readonly StackTemplate[]): Record<string, CfnTemplate> {
  return Object.fromEntries(stacks.map((s) => [s.stackPath, s.template]));
}

export interface Release {
  readonly templates: Record<string, CfnTemplate>;
  /** The release's stacks with their environments (from `stacks.json`). */
  readonly stacks: StackTemplate[];
  readonly compliance?: ComplianceReport;
}

const STACKS_FILE = 'stacks.json';

export function readRelease(dir: string = RELEASE_DIR): Release {
  if (!fs.existsSync(dir)) return { templates: {}, stacks: [] };
  const templates = Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(TEMPLATE_SUFFIX))
      .map((f) => [f.slice(0, -TEMPLATE_SUFFIX.length), JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CfnTemplate]),
  );
  const envFile = path.join(dir, STACKS_FILE);
  const envs: Record<string, { account?: string; region?: string }> = fs.existsSync(envFile) ? JSON.parse(fs.readFileSync(envFile, 'utf8')) : {};
  const stacks = Object.entries(templates).map(([stackPath, template]) => ({ stackPath, template, ...envs[stackPath] }));
  const complianceFile = path.join(dir, 'compliance.json');
  const compliance = fs.existsSync(complianceFile) ? (JSON.parse(fs.readFileSync(complianceFile, 'utf8')) as ComplianceReport) : undefined;
  return { templates, stacks, compliance };
}

/** Replaces the release with `stacks` (stale stack files removed), their environments and compliance report. */
export function writeRelease(stacks: readonly StackTemplate[], dir: string = RELEASE_DIR): string[] {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(TEMPLATE_SUFFIX))) fs.rmSync(path.join(dir, f));
  const written = stacks.map((s) => {
    const file = path.join(dir, `${s.stackPath}${TEMPLATE_SUFFIX}`);
    fs.writeFileSync(file, `${JSON.stringify(s.template, null, 1)}\n`);
    return file;
  });
  const envFile = path.join(dir, STACKS_FILE);
  const envs = Object.fromEntries(stacks.map((s) => [s.stackPath, { account: s.account, region: s.region }]));
  fs.writeFileSync(envFile, `${JSON.stringify(envs, null, 2)}\n`);
  const complianceFile = path.join(dir, 'compliance.json');
  fs.writeFileSync(complianceFile, renderComplianceJson(complianceReport(stacks)));
  return [...written, envFile, complianceFile];
}

/**
 * What `npm run check:safety` decides: `stacks` against the last release (templates and compliance),
 * with the config's allowlist. The test suite calls the same function on the default config.
 */
export function checkAgainstRelease(
  stacks: readonly StackTemplate[],
  allow: LandingZoneConfig['safety']['allowReplacements'],
  release: Release = readRelease(),
): SafetyResult {
  return checkSafety({
    released: release.templates,
    current: byStackName(stacks),
    allow,
    releasedCompliance: release.compliance,
    currentCompliance: complianceReport(stacks),
  });
}
