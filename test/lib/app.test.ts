import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { buildApp, defaultConfig } from '../helpers';

describe('the full default landing zone', () => {
  const { app, lz } = buildApp();
  let synthError: unknown;
  let outdir = '';
  try {
    outdir = app.synth().directory;
  } catch (e) {
    synthError = e;
  }

  test('synthesizes with zero unacknowledged cdk-nag errors (AwsSolutions, NIST 800-53 R5, HIPAA Security, PCI DSS 3.2.1)', () => {
    if (synthError) {
      const report = path.join(app.outdir, 'validation-report.json');
      const detail = fs.existsSync(report) ? summarizeReport(JSON.parse(fs.readFileSync(report, 'utf8'))) : '';
      throw new Error(`${(synthError as Error).message}\n${detail}`);
    }
    // CDK lists only failing plugins in the report; an empty list means every pack passed.
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((r: any) => r.violations.filter((v: any) => v.severity === 'error'))).toEqual([]);
    expect(fs.readFileSync(path.join(outdir, 'acknowledgments.md'), 'utf8')).toMatch(/^# Acknowledged findings/);
  });

  test('writes the evidence reports beside the templates: compliance, cost and the architecture picture', () => {
    expect(fs.readFileSync(path.join(outdir, 'compliance.md'), 'utf8')).toMatch(/^# Compliance report[\s\S]*\*\*CIS 3\.1\*\*/);
    expect(JSON.parse(fs.readFileSync(path.join(outdir, 'compliance.json'), 'utf8')).totals.total).toBeGreaterThan(40);
    expect(fs.readFileSync(path.join(outdir, 'cost.md'), 'utf8')).toMatch(/\| \*\*total\*\* \| \*\*\$\d+\.\d\d\*\* \|/);
    expect(JSON.parse(fs.readFileSync(path.join(outdir, 'cost.json'), 'utf8')).total).toEqual(expect.any(Number));
    expect(fs.readFileSync(path.join(outdir, 'organization-map.md'), 'utf8')).toContain('```mermaid');
  });

  test('every stack has an explicit env, termination protection and a name from the naming function', () => {
    const config = defaultConfig();
    for (const stack of lz.stacks) {
      expect(stack.terminationProtection).toBe(true);
      expect(stack.account).toMatch(/^\d{12}$/);
      expect(config.organization.governedRegions).toContain(stack.region);
      expect(stack.stackName).toMatch(new RegExp(`^${config.organization.name}-[a-z-]+-[a-z-]+-${stack.region}$`));
    }
  });

  test('every stack deploys through the landing zone\'s own bootstrap qualifier, not CDK\'s default', () => {
    for (const stack of lz.stacks) {
      const template = JSON.parse(fs.readFileSync(path.join(outdir, `${stack.artifactId}.template.json`), 'utf8'));
      expect(template.Parameters.BootstrapVersion.Default).toBe('/cdk-bootstrap/slz/version');
    }
  });

  test('config tags reach every taggable resource', () => {
    const template = JSON.parse(fs.readFileSync(path.join(outdir, `${lz.organization.artifactId}.template.json`), 'utf8'));
    const tagged = Object.values<any>(template.Resources).filter((r) => r.Properties?.Tags);
    expect(tagged.length).toBeGreaterThan(0);
    for (const r of tagged) {
      expect(r.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'Project', Value: 'secure-landing-zone' }]));
    }
  });
});

describe('the guardrail gate', () => {
  test('an insecure resource fails the synth', () => {
    const { app, lz } = buildApp();
    new Bucket(lz.organization as Stack, 'UnencryptedBucket');
    expect(() => app.synth()).toThrow(/AwsSolutions-S10[\s\S]*NIST\.800\.53\.R5-S3DefaultEncryptionKMS/);
  });
});

function summarizeReport(report: any): string {
  return report.pluginReports
    .flatMap((r: any) =>
      r.violations.map((v: any) => `${v.ruleName}: ${v.violatingConstructs?.map((c: any) => c.constructPath).join(', ')}`),
    )
    .join('\n');
}

describe('every governed-region count synthesizes', () => {
  test.each([
    [['eu-west-1']],
    [['eu-west-1', 'eu-central-1']],
    [['eu-west-1', 'eu-central-1', 'eu-north-1', 'us-east-1', 'ap-northeast-1']],
  ])('%j', (governedRegions) => {
    const base = defaultConfig();
    // Networks and intended replacements name the default's regions; the region count is what is under test.
    const config = { ...base, organization: { ...base.organization, governedRegions }, network: {}, safety: { allowReplacements: [] } };
    const { app } = buildApp(config, { checks: false });
    const assembly = app.synth();
    const detection = assembly.stacks.filter((s) => s.stackName.startsWith('acme-detection-'));
    expect(detection.map((s) => s.environment.region).sort()).toEqual([...governedRegions].sort());
    const home = detection.find((s) => s.environment.region === 'eu-west-1')!;
    const aggregators = Object.values(home.template.Resources).filter((r: any) => r.Type === 'AWS::SecurityHub::FindingAggregator');
    expect(aggregators.map((r: any) => r.Properties.RegionLinkingMode)).toEqual([governedRegions.length === 1 ? 'NO_REGIONS' : 'SPECIFIED_REGIONS']);
  });
});
