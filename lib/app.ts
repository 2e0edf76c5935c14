/**
 * App wiring: one stack per (purpose, account, region), each given only its slice of config, with
 * explicit env, termination protection and the config's tags. Dependencies are explicit and shallow so
 * `cdk deploy --all` runs in few waves.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, DefaultStackSynthesizer, Tags, type AppProps, type Stack, type StackProps } from 'aws-cdk-lib';
import type { LandingZoneConfig } from './config/schema';
import { applySynthChecks } from './checks/synth-checks';
import { builtinTemplateValidationOn, ParallelTemplateValidation } from './checks/template-validation';
import { availabilityZones } from './config/network';
import { guardrailInputs, serviceControlPolicies } from './guardrails/scp-statements';
import { resourceControlPolicies } from './guardrails/rcp-statements';
import { ouGuardrailPolicies } from './guardrails/ou-guardrails';
import { managementPolicies } from './constructs/organization/management-policy-documents';
import { throwIfProblems } from '../constructs/core/validation-error';
import {
  accountByName,
  accountByRole,
  baselineNames,
  bootstrapRoleArn,
  cicdNames,
  detectionNames,
  exemptPrincipalArnPatterns,
  logDeliveryCreatorArnPatterns,
  otherGovernedRegions,
  regionalLogArchiveNames,
  keyAliasPrefix,
  logArchiveNames,
  logReplicaNames,
  networkNames,
  organizationTrailNames,
  organizationBackupNames,
  stackName,
  LANDING_ZONE_TAGGED_TYPES,
  landingZoneTag,
  organizationPolicyName,
  landingZoneBucketNames,
  accountShardPurpose,
  organizationParameterNames,
  incidentResponseNames,
} from './names';
import { allowEvidenceAccessLogs } from './constructs/incident-response/evidence-bucket';
import { accountPlacement } from './config/account-shards';
import { AccountShardStack } from './stacks/account-shard-stack';
import { AccountBaselineTemplateStack } from './stacks/account-baseline-template-stack';
import { BaselineStack } from './stacks/baseline-stack';
import { CicdStack } from './stacks/cicd-stack';
import { DetectionStack } from './stacks/detection-stack';
import { ElbLogArchiveStack } from './stacks/elb-log-archive-stack';
import { LogArchiveStack } from './stacks/log-archive-stack';
import { LogReplicaStack } from './stacks/log-replica-stack';
import { allowReplicaAccessLogs } from './constructs/logging/log-replication';
import { NetworkStack } from './stacks/network-stack';
import { OrgTrailStack } from './stacks/org-trail-stack';
import { LogSilenceStack, logSilenceShardOf } from './stacks/log-silence-stack';
import { OrganizationStack } from './stacks/organization-stack';
import { IncidentResponseStack } from './stacks/incident-response-stack';
import { IncidentResponseMembersStack } from './stacks/incident-response-members-stack';
import { LimitKeyGrantsToAwsServices } from '../constructs/core/kms-grants';

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
  /** Management account, home region: the member accounts not in the organization stack, by shard (only non-empty shards). */
  readonly accountShards: AccountShardStack[];
  /** Security-log account, home region: archive buckets and key, Athena. */
  readonly logArchive: LogArchiveStack;
  /** Management account, home region: organization trail, CIS alarms, alarm topic. */
  readonly orgTrail: OrgTrailStack;
  /** Security-log account, home region: the network accounts' silence alarms, in stable shards. */
  readonly logSilence: LogSilenceStack[];
  /** One network stack per `network` environment, by environment name. */
  readonly networks: Record<string, NetworkStack>;
  /** Security-log account (delegated administrator), one per governed region, home region first. */
  readonly detection: DetectionStack[];
  /** Load balancer log buckets of the governed regions other than the home region. */
  readonly elbLogArchives: ElbLogArchiveStack[];
  /** Security-log account, `logging.replication.region`: replicas of the archive and Config buckets; only when configured. */
  readonly logReplica?: LogReplicaStack;
  /** Management account, home region: the account-baseline StackSet. */
  readonly baseline: BaselineStack;
  /** Management account, one per governed region (home first): the same baseline, which StackSets never deploy there. */
  readonly managementBaseline: AccountBaselineTemplateStack[];
  /** Management account, home region: GitHub OIDC provider, diff and deploy roles; only when `cicd` is configured. */
  readonly cicd?: CicdStack;
  /** Security-log account, home region: evidence bucket, incident-response role, chat and webhooks, automatic containment. */
  readonly incidentResponse: IncidentResponseStack;
  /** Management account, home region: the StackSet carrying the containment runbooks to every account and region. */
  readonly incidentResponseMembers: IncidentResponseMembersStack;
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
    // The landing zone deploys through its own bootstrap (qualifier from config), whose execution role the
    // guardrails exempt; product teams keep CDK's default bootstrap, which they do not exempt.
    synthesizer: new DefaultStackSynthesizer({ qualifier: config.organization.cdkBootstrapQualifier }),
  };
}

export interface BuildOptions {
  /** Run cdk-nag and the landing-zone checks at synth. @default true */
  readonly checks?: boolean;
}

/** Declares the whole landing zone in `app` from a validated config. */
export function buildLandingZone(app: App, config: LandingZoneConfig, options: BuildOptions = {}): LandingZone {
  // Started first: the validation engines build on worker threads while the stacks below are declared.
  const templateValidation = options.checks !== false && builtinTemplateValidationOn() ? new ParallelTemplateValidation() : undefined;
  const home = config.organization.homeRegion;
  const management = accountByRole(config, 'management');
  const stack = <T extends Stack>(s: T): T => s;
  const accountShards = new Map<number, LandingZoneConfig['accounts']>();
  for (const a of config.accounts) {
    const placement = accountPlacement(a);
    if (a.role === 'management' || placement === 'organization') continue;
    accountShards.set(placement, [...(accountShards.get(placement) ?? []), a]);
  }

  const organization = stack(
    new OrganizationStack(
      app,
      stackName(config, 'organization', management.name, home),
      {
        ...landingZoneStackProps(config, 'organization', management.name, home, 'organization, guardrails and identity'),
        organization: config.organization,
        ous: config.ous,
        accounts: config.accounts,
        identity: config.identity,
        security: config.security,
        serviceControlPolicies: serviceControlPolicies(guardrailInputs(config)),
        resourceControlPolicies: resourceControlPolicies(guardrailInputs(config)),
        ouServiceControlPolicies: ouGuardrailPolicies(config.guardrails.ous, exemptPrincipalArnPatterns(config), (purpose) => organizationPolicyName(config, purpose)),
        shardParameters: accountShards.size > 0 ? organizationParameterNames(config) : undefined,
        managementPolicies: managementPolicies(config.organization.policies, (purpose) => organizationPolicyName(config, purpose), {
          ...organizationBackupNames(config),
          homeRegion: home,
          governedRegions: config.organization.governedRegions,
        }),
      },
    ),
  );
  // Each non-empty shard: its accounts and their assignments, after the organization stack (OUs, parameters).
  const shardStacks = [...accountShards].sort(([a], [b]) => a - b).map(([shard, accounts]) => {
    const purpose = accountShardPurpose(shard);
    const s = new AccountShardStack(app, stackName(config, purpose, management.name, home), {
      ...landingZoneStackProps(config, purpose, management.name, home, `member accounts of shard ${shard} and their Identity Center assignments`),
      shard,
      organization: config.organization,
      accounts,
      identity: config.identity,
      parameters: organizationParameterNames(config),
    });
    s.addStackDependency(organization);
    return s;
  });

  const securityLog = accountByRole(config, 'security-log');
  const archiveNames = logArchiveNames(config);
  const trailNames = organizationTrailNames(config);
  const replicaNames = config.logging.replication && logReplicaNames(config, config.logging.replication.region);
  const logArchive = stack(
    new LogArchiveStack(app, stackName(config, 'log-archive', securityLog.name, home), {
      ...landingZoneStackProps(config, 'log-archive', securityLog.name, home, 'log archive and Athena investigation'),
      logging: config.logging,
      organizationId: config.organization.id,
      managementAccountId: management.id,
      accountIds: config.accounts.flatMap((a) => (a.id ? [a.id] : [])),
      elbLogAccountIds: loadBalancerAccountsOf(config, home),
      governedRegions: config.organization.governedRegions,
      names: {
        ...archiveNames,
        keyAliasPrefix: keyAliasPrefix(config),
        trailArn: trailNames.trailArn,
        alarmTopicName: trailNames.alarmTopicName,
        alarmKeyAlias: trailNames.alarmKeyAlias,
      },
      exemptPrincipalArnPatterns: exemptPrincipalArnPatterns(config),
      deliveryCreatorArnPatterns: logDeliveryCreatorArnPatterns(config),
      networkAccounts: networkAccountsOf(config),
      regionalElbLogs: otherGovernedRegions(config).map((region) => regionalLogArchiveNames(config, region)),
      notificationEmail: config.security.notificationEmail,
      replication: replicaNames && {
        roleArn: replicaNames.replicationRoleArn,
        archiveReplicaBucketName: replicaNames.archiveReplicaBucketName,
        configReplicaBucketName: replicaNames.configReplicaBucketName,
        keyAliasArn: replicaNames.keyAliasArn,
      },
    }),
  );
  // The network accounts' silence alarms, in stable shards (lib/stacks/log-silence-stack.ts), after the archive
  // whose bucket carries their metrics filters and whose topic they notify.
  const silenceShards = new Map<number, ReturnType<typeof networkAccountsOf>>();
  for (const a of networkAccountsOf(config)) silenceShards.set(logSilenceShardOf(a.accountId), [...(silenceShards.get(logSilenceShardOf(a.accountId)) ?? []), a]);
  const logSilence = [...silenceShards.entries()]
    .sort(([a], [b]) => a - b)
    .map(([shard, accounts]) => {
      const purpose = `log-silence-${String(shard).padStart(2, '0')}`;
      const s = stack(
        new LogSilenceStack(app, stackName(config, purpose, securityLog.name, home), {
          ...landingZoneStackProps(config, purpose, securityLog.name, home, 'silence alarms of the network accounts\' log sources'),
          accounts,
          archiveBucketName: archiveNames.bucketName,
          alarmTopicArn: `arn:aws:sns:${home}:${securityLog.id}:${trailNames.alarmTopicName}`,
        }),
      );
      s.addStackDependency(logArchive);
      return s;
    });
  const orgTrail = stack(
    new OrgTrailStack(app, stackName(config, 'org-trail', management.name, home), {
      ...landingZoneStackProps(config, 'org-trail', management.name, home, 'organization trail and CIS alarms'),
      logging: config.logging,
      notificationEmail: config.security.notificationEmail,
      privilegedRoleName: config.organization.privilegedRoleName,
      securityEventBusArn: detectionNames(config).homeEventBusArn,
      names: {
        ...trailNames,
        archiveBucketName: archiveNames.bucketName,
        archiveKeyAliasArn: archiveNames.keyAliasArn,
        landingZoneBuckets: landingZoneBucketNames(config),
      },
    }),
  );
  // The trail validates bucket and key access when it is created.
  orgTrail.addStackDependency(logArchive);

  // Account baseline in every member account and governed region, through a service-managed StackSet. It
  // needs the organization stack (trusted access, OUs) and the archive's Config bucket.
  const baseline = stack(
    new BaselineStack(app, stackName(config, 'baseline', management.name, home), {
      ...landingZoneStackProps(config, 'baseline', management.name, home, 'account baseline StackSet for every account and region'),
      rootId: config.organization.rootId,
      homeRegion: home,
      governedRegions: config.organization.governedRegions,
      securityContact: config.security.securityContact,
      managementAccountId: management.id,
      securityLogAccountId: securityLog.id!,
      privilegedRoleName: config.organization.privilegedRoleName,
      // Config cannot deliver to an Object Lock bucket: the archive's separate Config bucket, same key (alias ARN accepted).
      logArchive: { bucketName: archiveNames.configBucketName, keyArn: archiveNames.keyAliasArn },
      names: baselineNames(config),
      organizationBackup: organizationBackupTarget(config),
    }),
  );
  baseline.addStackDependency(organization);
  baseline.addStackDependency(logArchive);

  // Service-managed StackSets never deploy to the management account: it gets the same baseline as ordinary
  // stacks, one per governed region, plus the break-glass role the member accounts' roles trust.
  const names = baselineNames(config);
  const managementBaseline = [home, ...config.organization.governedRegions.filter((r) => r !== home)].map((region) => {
    const s = stack(
      new AccountBaselineTemplateStack(app, stackName(config, 'account-baseline', management.name, region), {
        ...landingZoneStackProps(config, 'account-baseline', management.name, region, 'account baseline of the management account'),
        supportRoleName: names.supportRoleName,
        configRecorderName: names.configRecorderName,
        configDeliveryChannelName: names.configDeliveryChannelName,
        accountSettingsRoleName: names.accountSettingsRoleName,
        privilegedRoleName: config.organization.privilegedRoleName,
        breakGlassPrincipalArns: config.organization.breakGlassPrincipals,
        organizationBackup: organizationBackupTarget(config),
        values: {
          HomeRegion: home,
          LogArchiveBucketName: archiveNames.configBucketName,
          LogArchiveKeyArn: archiveNames.keyAliasArn,
          SecurityContactName: config.security.securityContact.name,
          SecurityContactTitle: config.security.securityContact.title,
          SecurityContactEmail: config.security.securityContact.email,
          SecurityContactPhone: config.security.securityContact.phone,
          ManagementAccountId: management.id!,
          SecurityLogAccountId: securityLog.id!,
        },
      }),
    );
    // Config delivers to the archive's Config bucket, which must exist first.
    s.addStackDependency(logArchive);
    return s;
  });

  // Detection from the delegated administrator, one stack per governed region, after the organization stack
  // (delegated-admin registration) and the archive (GuardDuty findings export). The home stack goes last: its
  // Security Hub finding aggregator links the other regions, whose hubs must exist first.
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
        logArchive: { bucketName: archiveNames.bucketName, keyArn: archiveNames.keyAliasArn },
        operations: {
          logRetentionDays: config.logging.cloudWatchRetentionDays,
          organizationArn: `arn:aws:organizations::${management.id}:organization/${config.organization.id}`,
          managementAccountId: management.id,
          resourceExplorerOrganizationView: config.security.resourceExplorerOrganizationView,
          organizationName: config.organization.name,
          // The archive lives in the security-log account's home region, as does the dashboard.
          logSilenceAlarmNames: logArchive.freshness.alarmNames,
        },
      }),
    );
    s.addStackDependency(organization);
    s.addStackDependency(logArchive);
    return s;
  });
  for (const other of detection.slice(1)) detection[0].addStackDependency(other);

  // Load balancers deliver only within their region: one ELB log bucket per other governed region.
  const elbLogArchives = otherGovernedRegions(config).map((region) =>
    stack(
      new ElbLogArchiveStack(app, stackName(config, 'elb-log-archive', securityLog.name, region), {
        ...landingZoneStackProps(config, 'elb-log-archive', securityLog.name, region, 'load balancer access logs of the region'),
        logging: config.logging,
        names: regionalLogArchiveNames(config, region),
        accountIds: loadBalancerAccountsOf(config, region),
        organizationId: config.organization.id,
        exemptPrincipalArnPatterns: exemptPrincipalArnPatterns(config),
        alarms: { notificationEmail: config.security.notificationEmail, topicName: trailNames.alarmTopicName, keyAlias: trailNames.alarmKeyAlias },
      }),
    ),
  );

  const logReplica = replicaNames && buildLogReplica(app, config, replicaNames, logArchive, elbLogArchives);

  // Flow logs, resolver query logs and session logs are delivered to the archive: it must exist first.
  const networks = buildNetworks(app, config);
  for (const network of Object.values(networks)) network.addStackDependency(logArchive);

  const { incidentResponse, incidentResponseMembers } = buildIncidentResponse(app, config, logArchive, detection[0]);
  incidentResponseMembers.addStackDependency(organization);

  const stacks: Stack[] = [
    organization,
    ...shardStacks,
    // The replicas deploy before the archive that names them (after their region's ELB log stack: see buildLogReplica).
    ...(logReplica ? [logReplica] : []),
    logArchive,
    orgTrail,
    baseline,
    ...managementBaseline,
    ...detection.slice(1),
    detection[0],
    ...Object.values(networks),
    ...elbLogArchives,
    incidentResponse,
    incidentResponseMembers,
  ];
  // Last, so its roles can name the bootstrap roles of every stack above; first in deploy order, since it
  // depends on nothing and the pipeline needs it before its first run.
  const cicd = config.cicd ? buildCicd(app, config, stacks) : undefined;
  if (cicd) stacks.unshift(cicd);
  for (const [key, value] of Object.entries(config.tags)) Tags.of(app).add(key, value);
  // Marks the landing zone's own flow logs and Config rules: the protect guardrails spare what lacks the tag
  // (a team's), and only the exempt roles that deploy these stacks may set it. Only these types, so the other
  // templates do not grow by a tag per resource.
  Tags.of(app).add(landingZoneTag(config).key, landingZoneTag(config).value, { includeResourceTypes: [...LANDING_ZONE_TAGGED_TYPES] });
  // Control Tower CT.KMS.PR.3: every landing-zone key lets only AWS services create grants on it.
  LimitKeyGrantsToAwsServices.applyTo(app);
  if (options.checks !== false) applySynthChecks(app, config, templateValidation);
  return { organization, accountShards: shardStacks, logArchive, logSilence, orgTrail, baseline, managementBaseline, detection, networks, elbLogArchives, logReplica, incidentResponse, incidentResponseMembers, stacks, cicd };
}

/**
 * The replicas (`logging.replication`): after the region's ELB log stack (its access-log bucket takes their
 * logs) and before the archive stack, whose key policy and replication rules name the role and the replicas.
 */
function buildLogReplica(
  app: App,
  config: LandingZoneConfig,
  names: ReturnType<typeof logReplicaNames>,
  logArchive: LogArchiveStack,
  elbLogArchives: readonly ElbLogArchiveStack[],
): LogReplicaStack {
  const securityLog = accountByRole(config, 'security-log');
  const archive = logArchiveNames(config);
  const regional = regionalLogArchiveNames(config, names.region);
  const replica = new LogReplicaStack(app, stackName(config, 'log-replica', securityLog.name, names.region), {
    ...landingZoneStackProps(config, 'log-replica', securityLog.name, names.region, 'replicas of the log archive and Config buckets'),
    logging: config.logging,
    names,
    sources: { archiveBucketName: archive.bucketName, configBucketName: archive.configBucketName },
    accessLogBucketName: regional.accessLogBucketName,
    readerRoleArns: [archive.investigatorRoleArn],
    exemptPrincipalArnPatterns: exemptPrincipalArnPatterns(config),
  });
  // The cross-checks keep the region governed and not home, so its ELB log stack exists.
  const elb = elbLogArchives.find((s) => s.region === names.region)!;
  allowReplicaAccessLogs(elb.accessLogs.bucket, [names.archiveReplicaBucketName, names.configReplicaBucketName], securityLog.id!);
  replica.addStackDependency(elb);
  logArchive.addStackDependency(replica);
  return replica;
}

/**
 * Accounts whose load balancers may deliver to the ELB log bucket of `region`. Where the region's ELB account
 * delivers (regions opened before August 2022), AWS sends no condition key naming the load balancer's owner, so
 * the policy lists accounts: every account of the config while that list fits S3's 20 KB policy quota (a product
 * team may run its own VPC and load balancer in any governed region), and beyond it only the accounts with a
 * landing-zone VPC in the region, so the policy's size follows the VPCs, not the organization.
 */
export const ELB_POLICY_ALL_ACCOUNTS_UP_TO = 100;
export function loadBalancerAccountsOf(config: LandingZoneConfig, region: string): string[] {
  const all = config.accounts.flatMap((a) => (a.id ? [a.id] : []));
  if (all.length <= ELB_POLICY_ALL_ACCOUNTS_UP_TO) return all;
  const ids = Object.values(config.network)
    .filter((env) => (env.region ?? config.organization.homeRegion) === region)
    .map((env) => accountByName(config, env.account).id!);
  return [...new Set(ids)];
}

/**
 * Incident response (issue 15): the evidence bucket and responder role in the security-log account (after the
 * archive, whose access-log bucket takes its logs, and the home detection stack, whose findings topic it
 * subscribes to), and the containment StackSet in the management account.
 */
function buildIncidentResponse(
  app: App,
  config: LandingZoneConfig,
  logArchive: LogArchiveStack,
  homeDetection: DetectionStack,
): { incidentResponse: IncidentResponseStack; incidentResponseMembers: IncidentResponseMembersStack } {
  const home = config.organization.homeRegion;
  const securityLog = accountByRole(config, 'security-log');
  const management = accountByRole(config, 'management');
  const ir = incidentResponseNames(config);
  const incidentResponse = new IncidentResponseStack(app, stackName(config, 'incident-response', securityLog.name, home), {
    ...landingZoneStackProps(config, 'incident-response', securityLog.name, home, 'incident evidence, responder role, chat and webhooks, automatic containment'),
    incidentResponse: config.incidentResponse,
    organizationId: config.organization.id,
    exemptPrincipalArnPatterns: exemptPrincipalArnPatterns(config),
    names: {
      ...ir,
      accessLogBucketName: logArchiveNames(config).accessLogBucketName,
      findingsKeyAlias: detectionNames(config).findingsKeyAlias,
      namePrefix: config.organization.name,
    },
  });
  incidentResponse.addStackDependency(logArchive);
  // Chat and webhooks subscribe to the findings topic, and the dispatch runbook publishes to it: only then does this
  // stack wait for the home detection stack (which deploys last), so the default adds no deploy wave.
  const ir0 = config.incidentResponse;
  if (ir0.chat || ir0.webhooks.length || ir0.automaticContainment.length) incidentResponse.addStackDependency(homeDetection);
  allowEvidenceAccessLogs(logArchive.accessLogs.bucket, ir.evidenceBucketName, securityLog.id);
  const org = config.organization.name;
  const incidentResponseMembers = new IncidentResponseMembersStack(app, stackName(config, 'incident-response-members', management.name, home), {
    ...landingZoneStackProps(config, 'incident-response-members', management.name, home, 'incident containment StackSet for every account and region'),
    rootId: config.organization.rootId,
    governedRegions: config.organization.governedRegions,
    stackSetName: ir.stackSetName,
    template: {
      homeRegion: home,
      automation: {
        securityLogAccountId: securityLog.id,
        trustedPrincipalArns: [ir.responderRoleArn, ir.automationAdministrationRoleArn],
        automationRoleName: ir.automationRoleName,
        containmentRoleName: ir.containmentRoleName,
        functionName: ir.containmentFunctionName,
        runbookPrefix: ir.runbookPrefix,
        evidenceBucketName: ir.evidenceBucketName,
        evidenceKeyAliasArn: ir.evidenceKeyAliasArn,
        evidenceRegion: home,
        // The landing zone's own roles, the bootstrap's and the StackSets execution role: never contained by IR.
        protectedRoleNamePatterns: [config.organization.privilegedRoleName, `${org}-*`, 'cdk-*', 'stacksets-exec-*', 'AWS-SystemsManager-*', 'OrganizationAccountAccessRole'],
      },
    },
  });
  return { incidentResponse, incidentResponseMembers };
}

/** Accounts with a VPC, and whether any of their VPCs sends Resolver query logs (for the silence alarms). */
function networkAccountsOf(config: LandingZoneConfig): Array<{ accountId: string; resolverQueryLogging: boolean; firewall: boolean }> {
  const byAccount = new Map<string, { resolverQueryLogging: boolean; firewall: boolean }>();
  for (const env of Object.values(config.network)) {
    const id = accountByName(config, env.account).id!;
    const seen = byAccount.get(id) ?? { resolverQueryLogging: false, firewall: false };
    byAccount.set(id, { resolverQueryLogging: seen.resolverQueryLogging || env.resolverQueryLogging, firewall: seen.firewall || env.firewall !== undefined });
  }
  return [...byAccount].map(([accountId, flags]) => ({ accountId, ...flags }));
}

/**
 * One `network-<env>` stack per environment. Session Manager preferences exist once per account and
 * region, so the first environment of each (account, region) owns them and the others share them.
 */
function buildNetworks(app: App, config: LandingZoneConfig): Record<string, NetworkStack> {
  const networks: Record<string, NetworkStack> = {};
  const preferenceOwners = new Map<string, NetworkStack>();
  const archive = logArchiveNames(config);
  for (const [name, env] of Object.entries(config.network)) {
    const region = env.region ?? config.organization.homeRegion;
    const accountId = accountByName(config, env.account).id!;
    const owner = preferenceOwners.get(`${accountId}/${region}`);
    const names = networkNames(config, accountId);
    const stack = new NetworkStack(app, stackName(config, `network-${name}`, env.account, region), {
      ...landingZoneStackProps(config, `network-${name}`, env.account, region, `${name} VPC and SSM bastion`),
      network: env,
      availabilityZones: availabilityZones(config, env),
      organizationId: config.organization.id,
      logArchive: { bucketName: archive.bucketName, keyAliasArn: archive.keyAliasArn },
      sessionLogPrefix: names.sessionLogPrefix,
      sessionKeyAlias: names.sessionKeyAlias,
      cloudWatchRetentionDays: config.logging.cloudWatchRetentionDays,
      sessionPreferences: owner?.sessionPreferences,
    });
    if (owner) stack.addStackDependency(owner);
    else preferenceOwners.set(`${accountId}/${region}`, stack);
    networks[name] = stack;
  }
  return networks;
}

/** An (account ID, region) pair the delivery roles may reach. */
export interface DeliveryTarget {
  readonly account: string;
  readonly region: string;
}

/**
 * Where the delivery roles may reach: `cicd.targets` when given, else every account and region a stack of
 * this landing zone is deployed to. Explicit targets must cover every stack, or the deploy would stop
 * halfway at the first stack it may not reach; the synth says so instead.
 */
export function deliveryTargets(config: LandingZoneConfig, stacks: readonly Stack[]): DeliveryTarget[] {
  const key = (t: DeliveryTarget) => `${t.account}/${t.region}`;
  const needed = new Map(stacks.map((s) => [key({ account: s.account, region: s.region }), s.stackName]));
  if (!config.cicd?.targets) {
    return [...needed.keys()].sort().map((k) => {
      const [account, region] = k.split('/');
      return { account, region };
    });
  }
  const targets = config.cicd.targets.flatMap((t) => t.regions.map((region) => ({ account: accountByName(config, t.account).id!, region })));
  const given = new Set(targets.map(key));
  const missing = [...needed].filter(([k]) => !given.has(k)).map(([k, stack]) => `${stack} deploys to ${k}, which cicd.targets does not list`);
  throwIfProblems('cicd.targets must cover every landing-zone stack:', missing);
  return targets;
}

/** The cicd stack: the diff role reads through the lookup roles, the deploy role deploys and publishes assets. */
function buildCicd(app: App, config: LandingZoneConfig, stacks: readonly Stack[]): CicdStack {
  const cicd = config.cicd!;
  const management = accountByRole(config, 'management');
  const home = config.organization.homeRegion;
  const names = cicdNames(config);
  const targets = deliveryTargets(config, stacks);
  return new CicdStack(app, stackName(config, 'cicd', management.name, home), {
    ...landingZoneStackProps(config, 'cicd', management.name, home, 'GitHub OIDC provider and delivery roles'),
    repository: cicd.repository,
    deployEnvironment: cicd.deployEnvironment,
    diffRoleName: names.diffRoleName,
    deployRoleName: names.deployRoleName,
    existingProviderArn: cicd.createOidcProvider ? undefined : names.providerArn,
    lookupRoleArns: targets.map((t) => bootstrapRoleArn(config, 'lookup', t.account, t.region)),
    // Assets (Lambda bundles, large templates) are published through the file-publishing role before the
    // deploy role creates the change set; the app has no container images, so no image-publishing role.
    deployRoleArns: targets.flatMap((t) => [
      bootstrapRoleArn(config, 'deploy', t.account, t.region),
      bootstrapRoleArn(config, 'file-publishing', t.account, t.region),
    ]),
  });
}

/** The vault and role the organization backup policy names, when that policy is on (`organization.policies.backup`). */
function organizationBackupTarget(config: LandingZoneConfig) {
  const backup = config.organization.policies.backup;
  if (!backup.enabled) return undefined;
  const { vaultName, roleName, keyAlias } = organizationBackupNames(config);
  return { vaultName, roleName, keyAlias, retentionDays: backup.retentionDays };
}
