/** Test helper: synthesize constructs under the four cdk-nag packs and list the unacknowledged errors. */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { nagPacks } from '../../lib/checks/shared-nag-rules';
import { tempOutdir } from '../helpers';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { TieredVpc } from '../../constructs/network/tiered-vpc';
import { AcknowledgeEveryPack } from '../../lib/checks/acknowledgments';

export const TEST_ENV = { account: '111111111111', region: 'eu-west-1' };

/**
 * @deprecated the same as {@link allPacksCheckedStack}: product constructs are held to all four packs, so a test
 * written against the two-pack helper checks all four too.
 */
export function nagCheckedStack(props: StackProps = { env: TEST_ENV }): { app: App; stack: Stack } {
  return allPacksCheckedStack(props);
}

/** The AZs test stacks report, so a `TieredVpc` in them needs no credentialed lookup (as a product stack would pin them). */
export const TEST_ZONES = ['eu-west-1a', 'eu-west-1b'];

/** A stack outside any nag-checked app, with the test AZs pinned. */
export function testStack(id: string): Stack {
  return new PinnedZonesStack(undefined, id, { env: TEST_ENV });
}

class PinnedZonesStack extends Stack {
  public override get availabilityZones(): string[] {
    return TEST_ZONES;
  }
}

/** A `TieredVpc` as the landing zone gives product teams: the tiers SecureDatabase and SecureLoadBalancer select. */
export function tieredVpcFixture(stack: Stack): ec2.IVpc {
  const existing = stack.node.tryFindChild('Network') as TieredVpc | undefined;
  return (
    existing ??
    new TieredVpc(stack, 'Network', {
      cidr: '10.20.0.0/16',
      availabilityZones: TEST_ZONES,
      organizationId: 'o-a1b2c3d4e5',
      flowLogBucketArn: 'arn:aws:s3:::acme-log-archive-222222222222-eu-west-1',
      natGateways: 'single',
    })
  ).vpc;
}

/**
 * Synthesizes `app` and returns each unacknowledged nag finding as `severity rule: construct path` (empty
 * when clean). Warnings count: a cdk-nag v3 pack reports failure on any finding, which fails the synth.
 */
export function nagErrors(app: App): string[] {
  try {
    app.synth();
    return [];
  } catch (e) {
    const report = path.join(app.outdir, 'validation-report.json');
    if (!fs.existsSync(report)) throw e;
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    return json.pluginReports.flatMap((r: any) =>
      r.violations
        .flatMap((v: any) =>
          (v.violatingConstructs ?? v.violatingResources ?? []).map((c: any) => `${v.severity} ${v.ruleName}: ${c.constructPath ?? c.resourceLogicalId}`),
        ),
    );
  }
}

/** Template metadata `secure-landing-zone:opt-outs` of every resource that has it, by logical ID. */
export function optOutsIn(template: { toJSON(): any }): Record<string, { control: string; reason: string }[]> {
  const out: Record<string, { control: string; reason: string }[]> = {};
  for (const [id, r] of Object.entries<any>(template.toJSON().Resources ?? {})) {
    const o = r.Metadata?.['secure-landing-zone:opt-outs'];
    if (o) out[id] = o;
  }
  return out;
}

/** A stack in an app checked by all four packs the landing zone holds workloads to (AwsSolutions, NIST 800-53 R5, HIPAA, PCI DSS 3.2.1). */
export function allPacksCheckedStack(props: StackProps = { env: TEST_ENV }): { app: App; stack: Stack } {
  const app = new App({ outdir: tempOutdir() });
  addAllPacks(app);
  return { app, stack: new PinnedZonesStack(app, 'Product', props) };
}

/**
 * Adds the four packs to `app` exactly as a product team would: no acknowledgment is extended for it, so a
 * construct passes only if it fixes, or itself acknowledges under every pack, what the packs find.
 */
export function addAllPacks(app: App): void {
  // The same four packs, sharing rule results (test/lib/checks/shared-nag-rules.test.ts shows the findings are the same).
  Validations.of(app).addPlugins(...nagPacks(app));
}

/**
 * A stack checked as the landing zone's synth checks its own constructs (lib/): the four packs, with each
 * acknowledgment extended to the same check under every pack (`applySynthChecks` does the same).
 */
export function landingZoneCheckedStack(props: StackProps = { env: TEST_ENV }): { app: App; stack: Stack } {
  const checked = allPacksCheckedStack(props);
  AcknowledgeEveryPack.applyTo(checked.app);
  return checked;
}

/**
 * `severity rule: construct path` for each finding of the Control Tower proactive controls (cdk-validator-cfnguard)
 * in `app`, read from `validation-report.json` whether or not the synth threw: CDK marks a plugin's report
 * successful once any of its findings is acknowledged and keeps the rest only in the report, so the exception
 * alone would miss them (`npm run synth` fails on them the same way, lib/evidence/synth-summary.ts).
 */
export function proactiveControlFindings(app: App): string[] {
  try {
    app.synth();
  } catch (e) {
    if (!fs.existsSync(path.join(app.outdir, 'validation-report.json'))) throw e;
  }
  const report = path.join(app.outdir, 'validation-report.json');
  if (!fs.existsSync(report)) return [];
  return JSON.parse(fs.readFileSync(report, 'utf8'))
    .pluginReports.filter((r: any) => r.pluginName === 'cdk-validator-cfnguard')
    .flatMap((r: any) =>
      r.violations.flatMap((v: any) =>
        (v.violatingConstructs ?? v.violatingResources ?? []).map(
          (c: any) => `${v.severity} ${v.ruleName}: ${c.constructPath || c.cloudFormationResource?.logicalId || c.resourceLogicalId || '(no path)'}`,
        ),
      ),
    )
    .sort();
}
