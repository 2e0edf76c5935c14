/**
 * Every name that crosses a stack boundary, derived from config in this one place.
 *
 * Stacks in different accounts or regions cannot share CloudFormation exports, so a consumer (the trail
 * writing to the log bucket, a VPC sending flow logs) computes the producer's resource name from config
 * with the same function the producer uses. `test/lib/names.test.ts` checks that every name a stack
 * consumes is created by the stack that owns it.
 */
import { FLOW_LOG_FIELDS, FLOW_LOG_FORMAT } from '../constructs/network/vpc-logging';
import { Aws } from 'aws-cdk-lib';
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
  const investigatorRoleName = `${org}-log-investigator`;
  return {
    /** KMS-encrypted archive (Object Lock when configured): CloudTrail, flow logs, GuardDuty findings, resolver and session logs. */
    bucketName: `${org}-log-archive-${account}-${region}`,
    /**
     * KMS-encrypted archive for AWS Config delivery channels. Separate because AWS Config does not support
     * delivery to a bucket with Object Lock enabled (AWS::Config::DeliveryChannel documentation).
     */
    configBucketName: `${org}-config-archive-${account}-${region}`,
    /** Server access logs of the archive buckets. */
    accessLogBucketName: `${org}-access-logs-${account}-${region}`,
    /** SSE-S3 archive for sources that cannot write SSE-KMS (load balancer access logs, home region only). */
    sseS3BucketName: `${org}-elb-logs-${account}-${region}`,
    /** Athena query results (encrypted, expiring). */
    athenaResultsBucketName: `${org}-athena-results-${account}-${region}`,
    /** Alias of the archive key (the key ARN is unknown before deploy; aliases are name-addressable). */
    keyAlias: `${keyAliasPrefix(config)}log-archive`,
    keyAliasArn: `arn:aws:kms:${region}:${account}:alias/${org}/log-archive`,
    /** SSM parameter (security-log account, home region) holding the archive key's ARN, for APIs that reject alias ARNs. */
    keyArnParameterName: `/${org}/log-archive/key-arn`,
    /** The one role that may decrypt the archive; investigators assume it to query with Athena. */
    investigatorRoleName,
    investigatorRoleArn: `arn:aws:iam::${account}:role/${investigatorRoleName}`,
    glueDatabaseName: `${org.replace(/-/g, '_')}_logs`,
    cloudTrailTableName: 'cloudtrail',
    flowLogTableName: 'vpc_flow_logs',
    resolverTableName: 'resolver_query_logs',
    guardDutyTableName: 'guardduty_findings',
    firewallTableName: 'network_firewall_alerts',
    /** ALB access logs of the home region; other regions' tables are `<elbTableName>_<region with _>`. */
    elbTableName: 'elb_access_logs',
    /** S3 server access logs: one table per logged bucket, `<s3AccessLogTableName>_<purpose>`. */
    s3AccessLogTableName: 's3_access_logs',
    sessionLogTableName: 'session_logs',
    athenaWorkGroupName: `${org}-investigations`,
    /** Read-only role an external SIEM assumes (only with `logging.siem`). */
    siemRoleName: `${org}-siem-reader`,
    siemRoleArn: `arn:aws:iam::${account}:role/${org}-siem-reader`,
    /** Queue of the archive's object-created events for the SIEM, and its key. */
    siemQueueName: `${org}-log-archive-events`,
    siemKeyAlias: `${keyAliasPrefix(config)}siem-events`,
    account,
    region,
  };
}

/**
 * Names of the load balancer log buckets outside the home region (security-log account, one stack per other
 * governed region): ELB delivers only to a bucket in the load balancer's own region, and S3 server access
 * logs only to a bucket in the source bucket's region. Same patterns as the home region's buckets.
 */
export function regionalLogArchiveNames(config: LandingZoneConfig, region: string) {
  const org = config.organization.name;
  const account = accountByRole(config, 'security-log').id;
  return {
    /** SSE-S3 bucket for load balancer access logs of every account in `region`. */
    elbLogBucketName: `${org}-elb-logs-${account}-${region}`,
    /** Server access logs of the ELB log bucket. */
    accessLogBucketName: `${org}-access-logs-${account}-${region}`,
    account,
    region,
  };
}

/**
 * The replicas of the log archive and Config buckets (security-log account, `logging.replication.region`), and
 * the role S3 replicates as. The role is global (IAM) but lives in the replica stack, which deploys before the
 * archive stack: the archive's key policy and replication configuration name it, so it must exist first.
 */
export function logReplicaNames(config: LandingZoneConfig, region: string) {
  const org = config.organization.name;
  const account = accountByRole(config, 'security-log').id;
  const replicationRoleName = `${org}-log-replication`;
  return {
    archiveReplicaBucketName: `${org}-log-archive-replica-${account}-${region}`,
    configReplicaBucketName: `${org}-config-archive-replica-${account}-${region}`,
    /** Key of the replicas in `region`; S3 takes its alias ARN as `ReplicaKmsKeyID`, so no ARN crosses regions. */
    keyAlias: `${keyAliasPrefix(config)}log-replica`,
    keyAliasArn: `arn:aws:kms:${region}:${account}:alias/${org}/log-replica`,
    replicationRoleName,
    replicationRoleArn: `arn:aws:iam::${account}:role/${replicationRoleName}`,
    account,
    region,
  };
}

/** The replica buckets when `logging.replication` is on (guardrails and data events treat them as their sources). */
export function logReplicaBucketNames(config: LandingZoneConfig): string[] {
  const target = config.logging.replication?.region;
  if (target === undefined) return [];
  const n = logReplicaNames(config, target);
  return [n.archiveReplicaBucketName, n.configReplicaBucketName];
}

/**
 * Every bucket the landing zone itself creates for logs and evidence, in every governed region: the organization
 * trail records who reads them (S3 data events, CIS 3.9 scoped to what the landing zone is answerable for).
 */
export function landingZoneBucketNames(config: LandingZoneConfig): string[] {
  const home = logArchiveNames(config);
  const regional = otherGovernedRegions(config).flatMap((r) => {
    const n = regionalLogArchiveNames(config, r);
    return [n.elbLogBucketName, n.accessLogBucketName];
  });
  return [home.bucketName, home.configBucketName, home.accessLogBucketName, home.sseS3BucketName, home.athenaResultsBucketName, ...regional, ...logReplicaBucketNames(config)];
}

/** Governed regions other than the home region: each holds a regional ELB log bucket. */
export function otherGovernedRegions(config: LandingZoneConfig): string[] {
  return config.organization.governedRegions.filter((r) => r !== config.organization.homeRegion);
}

/**
 * VPC flow logs: every landing-zone flow log uses this record format (`FLOW_LOG_FIELDS`, defined beside the
 * Athena table that reads them) and the default S3 layout: destination = the archive bucket with no prefix,
 * plain text, no hive-compatible partitions, no per-hour partitions, so S3 keys are
 * `AWSLogs/<account>/vpcflowlogs/<region>/yyyy/MM/dd/<file>.log.gz`.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html
 */
export { FLOW_LOG_FIELDS, FLOW_LOG_FORMAT };

/** Flow logs go to the archive bucket root (no prefix): S3 adds `AWSLogs/<account>/vpcflowlogs/<region>/...`. */
export function flowLogDestinationArn(config: LandingZoneConfig): string {
  return `arn:aws:s3:::${logArchiveNames(config).bucketName}`;
}

/**
 * Names of the network stacks' resources. Session Manager writes session logs under a per-account prefix
 * of the log archive, so the archive's bucket policy can admit each account to its own prefix only.
 */
export function networkNames(config: LandingZoneConfig, accountId: string) {
  return {
    /**
     * Prefix of session logs in the log archive bucket (objects: `<prefix>/<session-id>.log`). It sits under
     * the log-archive stack's `SESSION_LOGS_PREFIX` (`ssm-session-logs`), where its bucket policy admits the
     * organization's principals.
     */
    sessionLogPrefix: `ssm-session-logs/${accountId}`,
    /** Alias of the Session Manager session key (one per account and region). */
    sessionKeyAlias: `alias/${config.organization.name}/session-manager`,
  };
}

/**
 * Name of the document Session Manager reads its account-and-region preferences from (fixed by AWS). The
 * network stacks' `SessionManagerPreferences` creates it; the guardrails protect it by this name.
 */
export const SESSION_PREFERENCES_DOCUMENT = 'SSM-SessionManagerRunShell';

/** The organization trail (management account, home region), owned by the org-trail stack. */
export function organizationTrailNames(config: LandingZoneConfig) {
  const org = config.organization.name;
  const account = accountByRole(config, 'management').id;
  const region = config.organization.homeRegion;
  const trailName = `${org}-organization-trail`;
  return {
    trailName,
    trailArn: `arn:aws:cloudtrail:${region}:${account}:trail/${trailName}`,
    /** CloudWatch Logs group the trail streams to (CIS section 4 metric filters read it). */
    logGroupName: `/${org}/organization-trail`,
    /** SNS topic every CIS alarm notifies. */
    alarmTopicName: `${org}-security-alarms`,
    /** Key encrypting the trail's log group and the alarm topic (management account). */
    alarmKeyAlias: `${keyAliasPrefix(config)}security-alarms`,
    account,
    region,
  };
}

/** Every landing-zone KMS key has an alias under this prefix, so SCPs can protect them by alias. */
export function keyAliasPrefix(config: LandingZoneConfig): string {
  return `alias/${config.organization.name}/`;
}

/** ARN of an IAM role of the same name in any account of the organization (for ArnLike conditions). */
export function anyAccountRoleArnPattern(roleName: string): string {
  return `arn:aws:iam::*:role/${roleName}`;
}

/**
 * The role patterns exempt from guardrails: the privileged role, CDK's CloudFormation execution role of the
 * landing zone's bootstrap qualifier (so `cdk deploy` of the landing zone still works), and the execution
 * role that service-managed StackSets create in every member account (`stacksets-exec-*`, assumable only by
 * the StackSets service-linked role), so the baseline StackSet can configure Config, GuardDuty and friends in
 * accounts the guardrails already protect. The SCPs deny creating or changing roles matching these patterns
 * to everyone else, so the exemption cannot be obtained by naming a new role after one of them.
 */
export function exemptPrincipalArnPatterns(config: LandingZoneConfig): string[] {
  return [
    anyAccountRoleArnPattern(config.organization.privilegedRoleName),
    anyAccountRoleArnPattern(`cdk-${config.organization.cdkBootstrapQualifier}-cfn-exec-role-*`),
    anyAccountRoleArnPattern('stacksets-exec-*'),
  ];
}

/**
 * Roles that create log deliveries into the archive from other accounts: CDK's CloudFormation execution role
 * (the network stacks create Route 53 Resolver query-logging configurations, which check the bucket first).
 */
export function logDeliveryCreatorArnPatterns(config: LandingZoneConfig): string[] {
  return [anyAccountRoleArnPattern(`cdk-${config.organization.cdkBootstrapQualifier}-cfn-exec-role-*`)];
}

/**
 * Roles of the baseline's account-settings custom resources (issue 5: account public-access block, IAM
 * password policy), one per account and region: `<org>-account-settings-<region>`. Only the statements
 * guarding those two settings exempt them; the SCPs protect the name like the other exempt roles.
 */
export function accountSettingsRoleName(config: LandingZoneConfig, region: string): string {
  return `${config.organization.name}-account-settings-${region}`;
}

/** The GuardDuty delegated-admin handler's role, `<org>-guardduty-admin-<region>` (security-log account). */
export function guardDutyAdminRoleName(config: LandingZoneConfig, region: string): string {
  return `${config.organization.name}-guardduty-admin-${region}`;
}

export function guardDutyAdminRoleArnPattern(config: LandingZoneConfig): string {
  return anyAccountRoleArnPattern(`${config.organization.name}-guardduty-admin-*`);
}

/** Every role of the landing zone's own CDK bootstrap (deploy, file publishing, lookup, CloudFormation execution). */
export function bootstrapRoleArnPattern(config: LandingZoneConfig): string {
  return anyAccountRoleArnPattern(`cdk-${config.organization.cdkBootstrapQualifier}-*`);
}

/** The bootstrap deploy role: it passes the execution role to CloudFormation. */
export function bootstrapDeployRoleArnPattern(config: LandingZoneConfig): string {
  return anyAccountRoleArnPattern(`cdk-${config.organization.cdkBootstrapQualifier}-deploy-role-*`);
}

export function accountSettingsRoleArnPattern(config: LandingZoneConfig): string {
  return anyAccountRoleArnPattern(`${config.organization.name}-account-settings-*`);
}

/** Names of the organization policies (SCPs and RCPs), owned by the organization stack. */
export function organizationPolicyName(config: LandingZoneConfig, purpose: string): string {
  return `${config.organization.name}-${purpose}`;
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
    // Deployed names, kept although the code now says "baseline" only for the account baseline: renaming
    // either would replace the organization conformance pack / Security Hub policy in every account.
    conformancePackName: `${org}-baseline`,
    accessAnalyzerName: `${org}-organization`,
    unusedAccessAnalyzerName: `${org}-organization-unused-access`,
    securityHubPolicyName: `${org}-baseline`,
    /** Security operations view (issue 16, home region): findings log, its key, the dashboard, inventory, search. */
    findingsLogGroupName: `/${org}/security-findings`,
    findingsLogKeyAlias: `alias/${org}/security-findings-log`,
    securityDashboardName: `${org}-security-operations`,
    inventoryQueryPrefix: `${org}-`,
    resourceExplorerViewName: `${org}-organization`,
    /** Last week's counts of the weekly security summary (SSM SecureString, written by its state machine). */
    weeklySummaryCountsParameterName: `/${org}/security/weekly-summary-counts`,
    /** GuardDuty handler role per region; the SCPs exempt this name from the GuardDuty guardrail only. */
    guardDutyAdminRoleName: (region: string) => guardDutyAdminRoleName(config, region),
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
    /** Account-settings handler role in each instance; the SCPs exempt this name from two guardrails. */
    accountSettingsRoleName: accountSettingsRoleName(config, Aws.REGION),
  };
}

/**
 * Names the organization backup policy and the account baseline share: the policy names the vault and role,
 * the baseline creates them in every account (vault per governed region, role once).
 */
export function organizationBackupNames(config: LandingZoneConfig) {
  const org = config.organization.name;
  return {
    /** Backup vault in every account and governed region (customer-managed key, retained). */
    vaultName: `${org}-organization-backup`,
    /** Role AWS Backup assumes in every account (created in the home region). */
    roleName: `${org}-organization-backup`,
    /** Alias of the vault key in every account and region; under the protected alias prefix. */
    keyAlias: `${keyAliasPrefix(config)}organization-backup`,
    /** The plan the backup policy creates in every account. */
    planName: `${org}-organization-backup`,
  };
}

/** The kinds of role the landing zone's CDK bootstrap creates in each account and region. */
export type BootstrapRoleKind = 'deploy' | 'file-publishing' | 'image-publishing' | 'lookup' | 'cfn-exec';

/**
 * ARN of one bootstrap role of the landing zone's qualifier: `cdk bootstrap` names them
 * `cdk-<qualifier>-<kind>-role-<account>-<region>` (aws-cdk's bootstrap-template.yaml, `RoleName`).
 */
export function bootstrapRoleArn(config: LandingZoneConfig, kind: BootstrapRoleKind, account: string, region: string): string {
  return `arn:aws:iam::${account}:role/cdk-${config.organization.cdkBootstrapQualifier}-${kind}-role-${account}-${region}`;
}

/** Names owned by the cicd stack (management account, home region); the GitHub workflows name the roles. */
export function cicdNames(config: LandingZoneConfig) {
  const org = config.organization.name;
  const account = accountByRole(config, 'management').id;
  const diffRoleName = `${org}-github-diff`;
  const deployRoleName = `${org}-github-deploy`;
  return {
    /** GitHub's OIDC issuer host: IAM names the provider after it, and its condition keys start with it. */
    issuerHost: 'token.actions.githubusercontent.com',
    providerArn: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`,
    diffRoleName,
    diffRoleArn: `arn:aws:iam::${account}:role/${diffRoleName}`,
    deployRoleName,
    deployRoleArn: `arn:aws:iam::${account}:role/${deployRoleName}`,
    account,
  };
}

/**
 * The tag that marks a resource as the landing zone's own. The "protect X" guardrails deny deleting only what
 * carries it, so product teams delete their own flow logs and Config rules; statement `ProtectLandingZoneTag`
 * stops anyone but the exempt roles from adding or removing the key, so the mark cannot be forged or peeled off.
 */
export function landingZoneTag(config: LandingZoneConfig): { readonly key: string; readonly value: string } {
  return { key: LANDING_ZONE_TAG_KEY, value: config.organization.name };
}

/** The ownership tag's key: fixed, so what the guardrails test does not depend on the config (its value does). */
export const LANDING_ZONE_TAG_KEY = 'landing-zone';

/** Resource types the "protect" guardrails recognise the landing zone's own by its tag (`ProtectNetworkLogging`, `ProtectLandingZoneConfigRules`). */
export const LANDING_ZONE_TAGGED_TYPES = ['AWS::EC2::FlowLog', 'AWS::Config::ConfigRule'] as const;

/**
 * The one region CloudFront reads its viewer certificates and CLOUDFRONT web ACLs from.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/how-aws-waf-works-resources.html
 */
export const EDGE_REGION = 'us-east-1';

/**
 * Names of CDK's default bootstrap resources for a qualifier in the edge region, as the bootstrap template
 * (aws-cdk `lib/api/bootstrap/bootstrap-template.yaml`) names them: staging bucket
 * `cdk-<q>-assets-<account>-<region>`, container repository `cdk-<q>-container-assets-<account>-<region>`,
 * version parameter `/cdk-bootstrap/<q>/version`. `????????????` is the 12-digit account.
 * @see https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html
 */
export function cdkBootstrapEdgeArnPatterns(qualifier: string): { bucket: string[]; parameter: string; repository: string } {
  const bucket = `arn:aws:s3:::cdk-${qualifier}-assets-????????????-${EDGE_REGION}`;
  return {
    bucket: [bucket, `${bucket}/*`],
    parameter: `arn:aws:ssm:${EDGE_REGION}:*:parameter/cdk-bootstrap/${qualifier}/version`,
    repository: `arn:aws:ecr:${EDGE_REGION}:*:repository/cdk-${qualifier}-container-assets-????????????-${EDGE_REGION}`,
  };
}

/** Purpose of account shard stack `shard` (management account, home region), e.g. `accounts-07`. */
export function accountShardPurpose(shard: number): string {
  return `accounts-${String(shard).padStart(2, '0')}`;
}

/**
 * SSM parameters the organization stack writes and the account shard stacks read (same account and region):
 * OU IDs and permission-set ARNs, so the shards hold no CloudFormation export that would pin the
 * organization stack.
 */
export function organizationParameterNames(config: LandingZoneConfig) {
  const base = `/${config.organization.name}/organization`;
  return {
    /** ID of the OU at `path` (e.g. `Workloads/Prod`); the root's ID is config (`organization.rootId`). */
    ouId: (path: string) => `${base}/ou/${path}`,
    /** ARN of an Identity Center permission set. */
    permissionSetArn: (name: string) => `${base}/permission-set/${name}`,
  };
}

/**
 * Names of incident response (issue 15): the evidence bucket and responder role (security-log account, home
 * region, `incident-response` stack), and the containment automation every member account and governed region
 * receives through the `incident-response` StackSet. Roles are IAM (global) names, so the per-region handler
 * role carries its region; the bucket and key policies admit writers by the `<org>-ir-containment-*` pattern.
 */
export function incidentResponseNames(config: LandingZoneConfig) {
  const org = config.organization.name;
  const account = accountByRole(config, 'security-log').id;
  const home = config.organization.homeRegion;
  const responderRoleName = `${org}-incident-responder`;
  const automationRoleName = `${org}-ir-automation`;
  const evidenceBucketName = `${org}-ir-evidence-${account}-${home}`;
  return {
    /** Object-Locked evidence bucket (COMPLIANCE), written only by the containment handlers. */
    evidenceBucketName,
    evidenceBucketArn: `arn:aws:s3:::${evidenceBucketName}`,
    evidenceKeyAlias: `${keyAliasPrefix(config)}ir-evidence`,
    evidenceKeyAliasArn: `arn:aws:kms:${home}:${account}:alias/${org}/ir-evidence`,
    /** The people's role in the security-log account: reads evidence, starts containment, assumes the member role. */
    responderRoleName,
    responderRoleArn: `arn:aws:iam::${account}:role/${responderRoleName}`,
    /**
     * Member role (one per account, created in the home region): SSM Automation runs the containment runbooks as
     * it, locally (ssm.amazonaws.com) or from the security-log account (multi-account `TargetLocations`).
     */
    automationRoleName,
    automationRoleArnPattern: anyAccountRoleArnPattern(automationRoleName),
    /** The containment handler's role in each member account and region: `<org>-ir-containment-<region>`. */
    containmentRoleName: `${org}-ir-containment-${Aws.REGION}`,
    containmentRoleArnPattern: anyAccountRoleArnPattern(`${org}-ir-containment-*`),
    /** The containment handler function, same name in every account and region (the runbooks invoke it by name). */
    containmentFunctionName: `${org}-ir-containment`,
    /** Runbook (SSM Automation document) names: `<org>-IR-<Action>`. */
    runbookPrefix: `${org}-IR-`,
    /** Fixed name SSM requires for the central account's role in multi-account automation. */
    automationAdministrationRoleName: 'AWS-SystemsManager-AutomationAdministrationRole',
    automationAdministrationRoleArn: `arn:aws:iam::${account}:role/AWS-SystemsManager-AutomationAdministrationRole`,
    /** Service-managed StackSet (management account) carrying the containment automation. */
    stackSetName: `${org}-incident-response`,
    /** Topics people already receive (detection and log-archive stacks, security-log account, home region). */
    findingsTopicArn: `arn:aws:sns:${home}:${account}:${detectionNames(config).findingsTopicName}`,
    alarmTopicArn: `arn:aws:sns:${home}:${account}:${organizationTrailNames(config).alarmTopicName}`,
    account,
    homeRegion: home,
  };
}
