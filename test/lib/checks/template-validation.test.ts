/**
 * CDK's template validation on worker threads (lib/checks/template-validation.ts) reports what CDK's own plugin
 * reports, for templates sent ahead as their stacks are written and for stacks it never saw. The tests turn
 * CDK's default validation off (test/setup-env.js), so each app here registers its plugin explicitly.
 */
import { App, CloudFormationValidatePlugin, Stack, Validations } from 'aws-cdk-lib';
import { CfnSubnet } from 'aws-cdk-lib/aws-ec2';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import * as fs from 'fs';
import * as path from 'path';
import { applySynthChecks } from '../../../lib/checks/synth-checks';
import { ParallelTemplateValidation } from '../../../lib/checks/template-validation';
import { tempOutdir } from '../../helpers';

/** Two stacks with findings CloudFormation Validate reports: a hard-coded AZ (W3010) and an invalid bucket name. */
function declare(app: App, extraStack = false): void {
  const a = new Stack(app, 'Network', { env: { account: '111111111111', region: 'eu-west-1' } });
  new CfnSubnet(a, 'Subnet', { vpcId: 'vpc-12345678', cidrBlock: '10.0.0.0/24', availabilityZone: 'eu-west-1a' });
  const b = new Stack(app, 'Data', { env: { account: '222222222222', region: 'eu-central-1' } });
  new CfnBucket(b, 'Bucket', { bucketName: 'Not_A_Valid_Bucket_Name' });
  if (extraStack) new CfnSubnet(new Stack(app, 'Late'), 'Subnet', { vpcId: 'vpc-12345678', cidrBlock: '10.0.1.0/24', availabilityZone: 'eu-west-1b' });
}

/** The CloudFormation Validate findings of `app`'s synth, as `rule: construct path` lines. */
function findings(app: App): string[] {
  const assembly = app.synth();
  const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
  const cfn = report.pluginReports.find((r: { pluginName: string }) => r.pluginName === CloudFormationValidatePlugin.PLUGIN_NAME);
  return cfn.violations
    .flatMap((v: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }) =>
      v.violatingConstructs.map((c) => `${v.severity} ${v.ruleName}: ${c.constructPath}`),
    )
    .sort();
}

/** CDK's own plugin over the same stacks plus the late one (one engine start for the whole file). */
let cdkOwnFindings: string[];
beforeAll(() => {
  const app = new App({ outdir: tempOutdir() });
  declare(app, true);
  Validations.of(app).addPlugins(new CloudFormationValidatePlugin());
  cdkOwnFindings = findings(app);
});
const withoutLate = () => cdkOwnFindings.filter((f) => !f.endsWith(' Late/Subnet'));

test('every template sent ahead as its stack is written, and the findings are those of CDK’s own plugin', () => {
  const app = new App({ outdir: tempOutdir() });
  declare(app);
  const plugin = new ParallelTemplateValidation();
  Validations.of(app).addPlugins(plugin);
  plugin.watch(app);
  expect(withoutLate()).toEqual(expect.arrayContaining([expect.stringMatching(/W3010: Network\/Subnet$/), expect.stringMatching(/: Data\/Bucket$/)]));
  expect(findings(app)).toEqual(withoutLate());
  // All ahead: the options CDK passes are still EXPECTED_CDK_OPTIONS (a CDK upgrade that changes them fails here).
  expect(plugin.stats).toEqual({ ahead: 2, onDemand: 0 });
});

test('with two engines, a stack declared after watch() is validated when CDK asks, with the same findings', () => {
  const app = new App({ outdir: tempOutdir() });
  const plugin = new ParallelTemplateValidation(2);
  declare(app);
  plugin.watch(app);
  new CfnSubnet(new Stack(app, 'Late'), 'Subnet', { vpcId: 'vpc-12345678', cidrBlock: '10.0.1.0/24', availabilityZone: 'eu-west-1b' });
  Validations.of(app).addPlugins(plugin);
  const got = findings(app);
  expect(got).toEqual(cdkOwnFindings);
  expect(got).toEqual(expect.arrayContaining([expect.stringMatching(/W3010: Late\/Subnet$/)]));
  expect(plugin.stats).toEqual({ ahead: 2, onDemand: 1 });
});

test('the landing zone’s synth checks register the plugin and send it every stack', () => {
  const app = new App({ outdir: tempOutdir() });
  declare(app);
  const plugin = new ParallelTemplateValidation();
  applySynthChecks(app, undefined, plugin);
  try {
    app.synth();
  } catch {
    // The nag packs fail this synth on its deliberately bad resources; the report is still written.
  }
  const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
  expect(report.pluginReports.filter((r: { pluginName: string }) => r.pluginName === CloudFormationValidatePlugin.PLUGIN_NAME)).toHaveLength(1);
  expect(plugin.stats).toEqual({ ahead: 2, onDemand: 0 });
});
