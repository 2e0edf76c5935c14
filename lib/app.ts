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
import { accountByRole, stackName } from './names';
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

  const stacks: Stack[] = [organization];
  for (const [key, value] of Object.entries(config.tags)) Tags.of(app).add(key, value);
  if (options.guardrails !== false) applyGuardrails(app, config);
  return { organization, stacks };
}
