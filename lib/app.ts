/**
 * App wiring: one stack per (purpose, account, region), each given only its slice of config, with
 * explicit env, termination protection and the config's tags. Dependencies are explicit and shallow so
 * `cdk deploy --all` runs in few waves.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Tags, type AppProps, type Stack, type StackProps } from 'aws-cdk-lib';
import type { LandingZoneConfig } from './config/schema';
import { applyGuardrails } from './checks/guardrails';
import { accountByRole, baselineNames, detectionNames, logArchiveNames, stackName } from './names';
import { BaselineStack } from './stacks/baseline-stack';
import { DetectionStack } from './stacks/detection-stack';
import { OrganizationStack } from './stacks/organization-stack';

/** The feature flags pinned in cdk.json, so an app built by a test behaves exactly like `cdk synth`'s. */
export function pinnedContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

/** An App with the pinned feature flags; CLI context (`-c`) still takes precedence. */
export function createApp(props: AppProps = {}): App {
  return new App({ ...props, context: { ...pinnedContext(), ...props.context } });
}

/** The stacks of one landing zone, by purpose. */
export interface LandingZone {
  readonly organization: OrganizationStack;
  /** Security-log account (delegated administrator), one per governed region, home region first. */
  readonly detection: DetectionStack[];
  /** Management account, home region: the account-baseline StackSet. */
  readonly baseline: BaselineStack;
  /** Every stack, in deploy order. */
  readonly stacks: Stack[];
}

/** Common props of every landing-zone stack: its name, env and protection come from one place. */
export function landingZoneStackProps(
  config: LandingZoneConfig,
  purpose: string,
  accountName: string,
  region: string,
  description: string,
): StackProps & { stackName: string } {
  const account = config.accounts.find((a) => a.name === accountName);
  return {
    stackName: stackName(config, purpose, accountName, region),
    env: { account: account?.id, region },
    terminationProtection: true,
    description: `secure-landing-zone: ${description}`,
  };
}

export interface BuildOptions {
  /** Run cdk-nag and the landing-zone checks at synth. @default true */
  readonly guardrails?: boolean;
}

/** Declares the whole landing zone in `app` from a validated config. */
export function buildLandingZone(app: App, config: LandingZoneConfig, options: BuildOptions = {}): LandingZone {
  const home = config.organization.homeRegion;
  const management = accountByRole(config, 'management');
  const stack = <T extends Stack>(s: T): T => s;

  const organization = stack(
    new OrganizationStack(
      app,
      stackName(config, 'organization', management.name, home),
      {
        ...landingZoneStackProps(config, 'organization', management.name, home, 'organization, guardrails and identity'),
        organization: config.organization,
        ous: config.ous,
      },
    ),
  );

  // Account baseline in every member account and governed region, through a service-managed StackSet.
  // Depends on the organization stack (trusted access, OUs); AWS Config deliveries need issue 4's log archive.
  const archive = logArchiveNames(config);
  const baseline = stack(
    new BaselineStack(app, stackName(config, 'baseline', management.name, home), {
      ...landingZoneStackProps(config, 'baseline', management.name, home, 'account baseline StackSet for every account and region'),
      rootId: config.organization.rootId,
      homeRegion: home,
      governedRegions: config.organization.governedRegions,
      securityContact: config.security.securityContact,
      // Config cannot deliver to an Object Lock bucket: issue 4's separate Config archive, same key (alias ARN accepted).
      logArchive: { bucketName: archive.configBucketName, keyArn: archive.keyAliasArn },
      names: baselineNames(config),
    }),
  );
  baseline.addStackDependency(organization);

  // Detection from the delegated administrator, one stack per governed region. They depend on the
  // organization stack, which registers the security-log account as delegated administrator (issue 3);
  // GuardDuty's findings export needs issue 4's log archive. The home stack goes last: its Security Hub
  // finding aggregator links the other regions, whose hubs must exist first.
  const securityLog = accountByRole(config, 'security-log');
  const detectionRegions = [home, ...config.organization.governedRegions.filter((r) => r !== home)];
  const detection = detectionRegions.map((region) => {
    const s = stack(
      new DetectionStack(app, stackName(config, 'detection', securityLog.name, region), {
        ...landingZoneStackProps(config, 'detection', securityLog.name, region, 'organization-wide detection and findings to people'),
        homeRegion: home,
        governedRegions: config.organization.governedRegions,
        rootId: config.organization.rootId,
        guardDuty: config.security.guardDuty,
        notificationEmail: config.security.notificationEmail,
        names: detectionNames(config),
        logArchive: { bucketName: archive.bucketName, keyArn: archive.keyAliasArn },
      }),
    );
    s.addStackDependency(organization);
    return s;
  });
  for (const other of detection.slice(1)) detection[0].addStackDependency(other);

  const stacks: Stack[] = [organization, baseline, ...detection.slice(1), detection[0]];
  for (const [key, value] of Object.entries(config.tags)) Tags.of(app).add(key, value);
  if (options.guardrails !== false) applyGuardrails(app);
  return { organization, detection, baseline, stacks };
}
