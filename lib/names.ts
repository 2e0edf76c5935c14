/**
 * Every name that crosses a stack boundary, derived from config in this one place.
 *
 * Stacks in different accounts or regions cannot share CloudFormation exports, so a consumer (the trail
 * writing to the log bucket, a VPC sending flow logs) computes the producer's resource name from config
 * with the same function the producer uses. `test/lib/names.test.ts` checks that every name a stack
 * consumes is created by the stack that owns it.
 */
import type { AccountConfig, LandingZoneConfig } from './config/schema';

/** Stack purposes, in deploy order. */
export type StackPurpose = string;

/** The account with a given role or name; config validation guarantees it exists. */
export function accountByRole(config: LandingZoneConfig, role: 'management' | 'security-log'): AccountConfig & { id: string } {
  const account = config.accounts.find((a) => a.role === role);
  if (!account?.id) throw new Error(`config has no ${role} account with an id (the loader should have rejected it)`);
  return account as AccountConfig & { id: string };
}

export function accountByName(config: LandingZoneConfig, name: string): AccountConfig {
  const account = config.accounts.find((a) => a.name === name);
  if (!account) throw new Error(`config has no account named ${name} (the loader should have rejected it)`);
  return account;
}

/** `acme-log-archive-security-log-eu-west-1`: one function names every stack. */
export function stackName(config: LandingZoneConfig, purpose: StackPurpose, accountName: string, region: string): string {
  return `${config.organization.name}-${purpose}-${accountName}-${region}`;
}

/** Names owned by the log-archive stack (security-log account, home region). */
export function logArchiveNames(config: LandingZoneConfig) {
  const org = config.organization.name;
  const account = accountByRole(config, 'security-log').id;
  const region = config.organization.homeRegion;
  return {
    /** KMS-encrypted archive: CloudTrail, Config, flow logs, GuardDuty findings, session logs. */
    bucketName: `${org}-log-archive-${account}-${region}`,
    /**
     * KMS-encrypted archive for AWS Config delivery channels. Separate because AWS Config does not support
     * delivery to a bucket with Object Lock enabled (AWS::Config::DeliveryChannel documentation).
     */
    configBucketName: `${org}-config-archive-${account}-${region}`,
    /** Server access logs of the archive buckets. */
    accessLogBucketName: `${org}-access-logs-${account}-${region}`,
    /** SSE-S3 archive for sources that cannot write SSE-KMS (load balancer access logs). */
    sseS3BucketName: `${org}-elb-logs-${account}-${region}`,
    /** Alias of the archive key (the key ARN is unknown before deploy; aliases are name-addressable). */
    keyAlias: `alias/${org}/log-archive`,
    keyAliasArn: `arn:aws:kms:${region}:${account}:alias/${org}/log-archive`,
    account,
    region,
  };
}

/** The organization trail (management account, home region), owned by the org-trail stack. */
export function organizationTrailNames(config: LandingZoneConfig) {
  const org = config.organization.name;
  const account = accountByRole(config, 'management').id;
  const region = config.organization.homeRegion;
  const trailName = `${org}-organization-trail`;
  return { trailName, trailArn: `arn:aws:cloudtrail:${region}:${account}:trail/${trailName}`, account, region };
}

/** Every landing-zone KMS key has an alias under this prefix, so SCPs can protect them by alias. */
export function keyAliasPrefix(config: LandingZoneConfig): string {
  return `alias/${config.organization.name}/`;
}

/** ARN of an IAM role of the same name in any account of the organization (for ArnLike conditions). */
export function anyAccountRoleArnPattern(roleName: string): string {
  return `arn:aws:iam::*:role/${roleName}`;
}

/** The role patterns exempt from guardrails: the privileged role and CDK's CloudFormation execution role. */
export function exemptPrincipalArnPatterns(config: LandingZoneConfig): string[] {
  return [
    anyAccountRoleArnPattern(config.organization.privilegedRoleName),
    anyAccountRoleArnPattern(`cdk-${config.organization.cdkBootstrapQualifier}-cfn-exec-role-*`),
  ];
}

/** Names owned by the detection stacks (security-log account, one per governed region). */
export function detectionNames(config: LandingZoneConfig) {
  const org = config.organization.name;
  const account = accountByRole(config, 'security-log').id;
  const home = config.organization.homeRegion;
  return {
    /** KMS-encrypted topic (home region) the security email subscribes to. */
    findingsTopicName: `${org}-security-findings`,
    findingsKeyAlias: `alias/${org}/security-findings`,
    /** Other regions forward matching findings to the home region's default event bus. */
    homeEventBusArn: `arn:aws:events:${home}:${account}:event-bus/default`,
    configAggregatorName: `${org}-organization`,
    configAggregatorRoleName: `${org}-config-aggregator`,
    conformancePackName: `${org}-baseline`,
    accessAnalyzerName: `${org}-organization`,
    unusedAccessAnalyzerName: `${org}-organization-unused-access`,
    securityHubPolicyName: `${org}-baseline`,
    account,
    homeRegion: home,
  };
}

/** Names owned by the baseline stack (management account, home region) and its StackSet instances. */
export function baselineNames(config: LandingZoneConfig) {
  const org = config.organization.name;
  return {
    /** Service-managed StackSet carrying the account baseline to every account and governed region. */
    accountBaselineStackSetName: `${org}-account-baseline`,
    /** Role in every account for AWS Support cases (CIS 1.16); created in the home region only. */
    supportRoleName: `${org}-aws-support`,
    /** AWS Config recorder and delivery channel in every account and governed region. */
    configRecorderName: `${org}-recorder`,
    configDeliveryChannelName: `${org}-delivery`,
  };
}
