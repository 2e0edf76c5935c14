/**
 * The landing zone's preventive guardrails as policy documents: service control policies (what principals in
 * member accounts may never do) and resource control policies (who may ever reach the organization's data).
 *
 * Content depends on config (regions, the organization ID, the names of the trail, keys and log buckets), so
 * it lives here; `lib/constructs/organization/organization-policies.ts` only declares and attaches documents.
 * Every action is checked against AWS's service authorization data at synth (`LZ-IamActionExists`), every
 * document against the 5,120-byte quota (`LZ-OrganizationPolicyLimits`), and every decision that matters is
 * evaluated in `test/lib/guardrails/scp-statements.test.ts`.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples.html
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_examples.html
 */
import type { LandingZoneConfig } from '../config/schema';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { document, type GuardrailControlId, type GuardrailStatement, type PolicyDocument } from './statement';
import { regionStatements, type EdgeAllowance } from './edge-region';
import type { TrustedAccount } from './trusted-accounts';
import { automationGuardrailNames, automationStatements, ROLE_CHANGE_ACTIONS, type AutomationGuardrailNames } from './automation-statements';
import {
  accountSettingsRoleArnPattern,
  bootstrapDeployRoleArnPattern,
  bootstrapRoleArnPattern,
  guardDutyAdminRoleArnPattern,
  exemptPrincipalArnPatterns,
  detectionNames,
  keyAliasPrefix,
  landingZoneTag,
  logArchiveNames,
  organizationPolicyName,
  organizationTrailNames,
  otherGovernedRegions,
  regionalLogArchiveNames,
  logReplicaBucketNames,
  SESSION_PREFERENCES_DOCUMENT,
} from '../names';

/** One organization policy to declare. */
export interface OrganizationPolicyDefinition {
  readonly name: string;
  readonly description: string;
  readonly document: PolicyDocument;
  /** The document's statements with the control each implements (`document` is these without it). */
  readonly statements: readonly GuardrailStatement[];
}

/**
 * Services with global endpoints (served from us-east-1 or us-west-2) or account-wide reads that the region
 * guardrail must not deny, after AWS's "Deny access to AWS based on the requested Region" SCP example.
 * KMS stays regional on purpose: keys live in governed regions only.
 */
export const GLOBAL_SERVICE_ACTIONS: readonly string[] = [
  'a4b:*',
  'account:*',
  'acm:*',
  'aws-marketplace-management:*',
  'aws-marketplace:*',
  'aws-portal:*',
  'billing:*',
  'budgets:*',
  'ce:*',
  'chatbot:*',
  'cloudfront:*',
  'cur:*',
  'directconnect:*',
  'ec2:DescribeRegions',
  'ec2:DescribeTransitGateways',
  'ec2:DescribeVpnGateways',
  'fms:*',
  'globalaccelerator:*',
  'health:*',
  'iam:*',
  'importexport:*',
  'networkmanager:*',
  'organizations:*',
  'pricing:*',
  'route53:*',
  'route53domains:*',
  'route53-recovery-cluster:*',
  'route53-recovery-control-config:*',
  'route53-recovery-readiness:*',
  's3:GetAccountPublic*',
  's3:ListAllMyBuckets',
  's3:ListMultiRegionAccessPoints',
  's3:PutAccountPublic*',
  'shield:*',
  'sso:*',
  'sts:*',
  'support:*',
  'trustedadvisor:*',
  'waf-regional:*',
  'waf:*',
  'wafv2:*',
  'wellarchitected:*',
];

/** The slice of config the guardrails need, resolved to names. */
export interface GuardrailInputs {
  readonly organizationId: string;
  readonly governedRegions: readonly string[];
  /** `aws:PrincipalARN` patterns exempt from every guardrail but the root-user deny. */
  readonly exemptArnPatterns: readonly string[];
  /** Roles of the baseline's account-settings custom resources (public-access block, password policy). */
  readonly accountSettingsArnPattern: string;
  /** Roles of the GuardDuty delegated-admin handler (it updates the detector the guardrail protects). */
  readonly guardDutyAdminArnPattern: string;
  /** Every role of the landing zone's own CDK bootstrap, and its deploy role (which passes the execution role). */
  readonly bootstrapRoleArnPattern: string;
  readonly bootstrapDeployRoleArnPattern: string;
  /** AWS-owned accounts that deliver load balancer access logs in the governed regions (not service principals). */
  readonly elbLogDeliveryAccounts: readonly string[];
  readonly trailName: string;
  readonly keyAliasPrefix: string;
  readonly logArchiveBucketNames: readonly string[];
  /** ARN pattern matching every log-archive bucket (`arn:aws:s3:::<org>-*-<security-log account>-*`). */
  readonly logArchiveBucketArnPattern: string;
  readonly policyName: (purpose: string) => string;
  /** What us-east-1 admits for CloudFront when it is not governed (`lib/guardrails/edge-region.ts`). */
  readonly edgeRegion: EdgeAllowance;
  /** The tag marking the landing zone's own resources; only the exempt roles may set or remove it. */
  readonly landingZoneTag: { readonly key: string; readonly value: string };
  /** Names of the landing zone's Access Analyzer analyzers (a team may delete its own). */
  readonly accessAnalyzerNames: readonly string[];
  /** Outside accounts the RCP admits to named roles (`lib/guardrails/trusted-accounts.ts`). */
  readonly trustedAccounts: readonly TrustedAccount[];
  /** The landing zone's automation in member accounts (incident response, backup, search index). */
  readonly automation: AutomationGuardrailNames;
}

export function guardrailInputs(config: LandingZoneConfig): GuardrailInputs {
  const archive = logArchiveNames(config);
  return {
    organizationId: config.organization.id,
    governedRegions: config.organization.governedRegions,
    exemptArnPatterns: exemptPrincipalArnPatterns(config),
    accountSettingsArnPattern: accountSettingsRoleArnPattern(config),
    guardDutyAdminArnPattern: guardDutyAdminRoleArnPattern(config),
    bootstrapRoleArnPattern: bootstrapRoleArnPattern(config),
    bootstrapDeployRoleArnPattern: bootstrapDeployRoleArnPattern(config),
    elbLogDeliveryAccounts: config.organization.governedRegions.flatMap((r) => RegionInfo.get(r).elbv2Account ?? []),
    trailName: organizationTrailNames(config).trailName,
    keyAliasPrefix: keyAliasPrefix(config),
    // Every bucket the log-archive stack names (archive, access logs, ELB logs, and any added later).
    logArchiveBucketNames: Object.entries(archive)
      .filter(([key]) => /bucketname$/i.test(key))
      .map(([, name]) => String(name))
      .concat(otherGovernedRegions(config).flatMap((r) => {
        const regional = regionalLogArchiveNames(config, r);
        return [regional.elbLogBucketName, regional.accessLogBucketName];
      }))
      // The replicas (logging.replication) are protected like their sources.
      .concat(logReplicaBucketNames(config)),
    logArchiveBucketArnPattern: `arn:aws:s3:::${config.organization.name}-*-${archive.account}-*`,
    policyName: (purpose) => organizationPolicyName(config, purpose),
    edgeRegion: config.guardrails.edgeRegion,
    landingZoneTag: landingZoneTag(config),
    accessAnalyzerNames: [detectionNames(config).accessAnalyzerName, detectionNames(config).unusedAccessAnalyzerName],
    // The external SIEM is one more trusted outside account: only its reader role, only with its external ID.
    trustedAccounts: [
      ...config.guardrails.trustedAccounts,
      ...(config.logging.siem
        ? [{ name: 'siem', accountId: config.logging.siem.accountId, externalId: config.logging.siem.externalId, roleNames: [archive.siemRoleName] }]
        : []),
    ],
    automation: automationGuardrailNames(config),
  };
}

/**
 * Guardrail SCPs, grouped so each stays well under 5,120 bytes and a target holds FullAWSAccess plus these
 * three (4 of the 5 allowed), leaving one slot for a team's own SCP.
 *
 * Exemption: every statement except the root-user deny carries `ArnNotLike aws:PrincipalARN` with the
 * exempt role patterns. A condition on the principal's ARN (not a tag, not `aws:userid`) cannot be forged:
 * the ARN is set by IAM, and statement `ProtectExemptRoles` stops anyone else from creating or changing a
 * role whose name matches a pattern, so the exemption cannot be claimed by naming a new role after it.
 */
export function serviceControlPolicies(inputs: GuardrailInputs): OrganizationPolicyDefinition[] {
  const exempt = { ArnNotLike: { 'aws:PrincipalARN': [...inputs.exemptArnPatterns] } };
  const exemptOr = (extra: string) => ({ ArnNotLike: { 'aws:PrincipalARN': [...inputs.exemptArnPatterns, extra] } });
  const deny = (
    Sid: string,
    control: GuardrailControlId,
    Action: string[],
    Resource: string | string[] = '*',
    Condition: GuardrailStatement['Condition'] = exempt,
  ): GuardrailStatement => ({ Sid, Effect: 'Deny', Action, Resource, Condition, control });

  const identity: GuardrailStatement[] = [
    deny('DenyLeaveOrganization', 'SCP stay-in-organization', ['organizations:LeaveOrganization']),
    // No exemption: nobody should act as root; root access goes through centralized root access sessions.
    {
      Sid: 'DenyRootUser',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      // Centralized root access sessions (sts:AssumeRoot) carry aws:AssumedRoot and stay possible.
      Condition: { ArnLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:root' }, Null: { 'aws:AssumedRoot': 'true' } },
      control: 'SCP no-root-user',
    },
    // The exemption is by role ARN, so the exempt roles themselves must be out of everyone else's reach.
    deny(
      'ProtectExemptRoles',
      'SCP protect-exempt-roles',
      [...ROLE_CHANGE_ACTIONS],
      [...inputs.exemptArnPatterns, inputs.accountSettingsArnPattern, inputs.guardDutyAdminArnPattern, inputs.bootstrapRoleArnPattern],
    ),
    // Nor may anyone else act as them: assuming a bootstrap role or passing an exempt role to a service
    // (CloudFormation, Lambda) would run with the exemption. The deploy role passes the execution role.
    deny(
      'ProtectExemptRoleUse',
      'SCP protect-exempt-roles',
      ['iam:PassRole', 'sts:AssumeRole'],
      [...inputs.exemptArnPatterns, inputs.accountSettingsArnPattern, inputs.guardDutyAdminArnPattern, inputs.bootstrapRoleArnPattern],
      exemptOr(inputs.bootstrapDeployRoleArnPattern),
    ),
    ...regionStatements(inputs.governedRegions, GLOBAL_SERVICE_ACTIONS, inputs.edgeRegion, exempt),
  ];
  // The member-account automation (automation-statements.ts), split by where the bytes fit.
  const automation = automationStatements(inputs.automation, (sid, action, resource) => deny(sid, 'SCP protect-landing-zone-automation', action, resource));

  const securityServices: GuardrailStatement[] = [
    deny(
      'ProtectOrganizationTrail',
      'SCP protect-cloudtrail',
      ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:PutInsightSelectors'],
      `arn:aws:cloudtrail:*:*:trail/${inputs.trailName}`,
    ),
    deny('ProtectConfig', 'SCP protect-config', [
      'config:StopConfigurationRecorder',
      'config:DeleteConfigurationRecorder',
      'config:PutConfigurationRecorder',
      'config:DeleteDeliveryChannel',
      'config:PutDeliveryChannel',
      'config:DeleteRetentionConfiguration',
      'config:DeleteConfigurationAggregator',
      'config:DeleteAggregationAuthorization',
    ]),
    // A team deletes its own Config rules (cdk destroy); only rules carrying the landing zone's tag are kept.
    // ConfigRule supports aws:ResourceTag (Service Authorization Reference, AWS Config):
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsconfig.html
    {
      ...deny('ProtectLandingZoneConfigRules', 'SCP protect-config', ['config:DeleteConfigRule', 'config:DeleteEvaluationResults']),
      Condition: { StringEquals: { [`aws:ResourceTag/${inputs.landingZoneTag.key}`]: inputs.landingZoneTag.value }, ...exempt },
    },
    deny('ProtectGuardDuty', 'SCP protect-guardduty', [
      'guardduty:DeleteDetector',
      'guardduty:UpdateDetector',
      'guardduty:DisassociateFromAdministratorAccount',
      'guardduty:DisassociateFromMasterAccount',
      'guardduty:DisassociateMembers',
      'guardduty:DeleteMembers',
      'guardduty:StopMonitoringMembers',
      'guardduty:CreatePublishingDestination',
      'guardduty:UpdatePublishingDestination',
      'guardduty:DeletePublishingDestination',
      'guardduty:CreateFilter',
      'guardduty:UpdateFilter',
      'guardduty:CreateIPSet',
      'guardduty:UpdateIPSet',
    ], '*', exemptOr(inputs.guardDutyAdminArnPattern)),
    deny('ProtectSecurityHub', 'SCP protect-securityhub', [
      'securityhub:DisableSecurityHub',
      'securityhub:BatchDisableStandards',
      'securityhub:DisassociateFromAdministratorAccount',
      'securityhub:DisassociateFromMasterAccount',
      'securityhub:DisassociateMembers',
      'securityhub:DeleteMembers',
      'securityhub:UpdateStandardsControl',
      'securityhub:BatchUpdateStandardsControlAssociations',
      'securityhub:DisableImportFindingsForProduct',
    ]),
    // The landing zone's analyzers by name (the analyzer ARN ends in its name); a team's own stay its own.
    deny(
      'ProtectAccessAnalyzer',
      'SCP protect-access-analyzer',
      ['access-analyzer:DeleteAnalyzer', 'access-analyzer:CreateArchiveRule', 'access-analyzer:UpdateArchiveRule', 'access-analyzer:DeleteArchiveRule'],
      inputs.accessAnalyzerNames.map((n) => `arn:aws:access-analyzer:*:*:analyzer/${n}`),
    ),
    // The protect statements key on the tag (flow logs, Config rules), so nobody else may put it on a resource (tag-on-create
    // included: aws:TagKeys carries the request's tags) or take it off one, in any service.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-tagkeys
    {
      ...deny('ProtectLandingZoneTag', 'SCP protect-landing-zone-tag', ['*']),
      Condition: { 'ForAnyValue:StringEqualsIgnoreCase': { 'aws:TagKeys': [inputs.landingZoneTag.key] }, ...exempt },
    },
    ...automation.roles,
  ];

  // Log delivery and the landing zone's keys: what would silently stop logs reaching (or being read from) the
  // archive. Its own SCP: the other three are near the 5,120-byte quota.
  const logDelivery: GuardrailStatement[] = [
    // Re-pointing or deleting an alias would take a key out of the alias condition below.
    deny('ProtectLandingZoneKeyAliases', 'SCP protect-keys', ['kms:DeleteAlias', 'kms:UpdateAlias'], `arn:aws:kms:*:*:${inputs.keyAliasPrefix}*`),
    {
      ...deny('ProtectLandingZoneKeys', 'SCP protect-keys', ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DisableKeyRotation', 'kms:PutKeyPolicy']),
      Condition: { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': `${inputs.keyAliasPrefix}*` }, ...exempt },
    },
    // Flow logs the landing zone created carry its tag; a team's own (a TieredVpc stack it destroys) do not.
    // vpc-flow-log supports aws:ResourceTag (Service Authorization Reference, Amazon EC2):
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
    {
      ...deny('ProtectNetworkLogging', 'SCP keep-flow-logs-no-default-vpc', ['ec2:DeleteFlowLogs']),
      Condition: { StringEquals: { [`aws:ResourceTag/${inputs.landingZoneTag.key}`]: inputs.landingZoneTag.value }, ...exempt },
    },
    deny('DenyDefaultVpc', 'SCP keep-flow-logs-no-default-vpc', ['ec2:CreateDefaultVpc', 'ec2:CreateDefaultSubnet']),
    // Requester Pays makes each delivering service pay for its writes, and CloudTrail stops delivering. One
    // pattern for every log-archive bucket (all named <org>-<purpose>-<security-log account>-<region>) keeps
    // the statement small.
    deny('KeepLogArchiveDeliverable', 'SCP protect-log-archive', ['s3:PutBucketRequestPayment'], inputs.logArchiveBucketArnPattern),
    // DNS query logs stop when the configuration is deleted or the VPC disassociated from it.
    deny('ProtectResolverQueryLogging', 'SCP protect-log-delivery', [
      'route53resolver:DeleteResolverQueryLogConfig',
      'route53resolver:DisassociateResolverQueryLogConfig',
    ]),
    // The account-and-region preferences document is what sends every session's log to the archive.
    deny(
      'ProtectSessionManagerPreferences',
      'SCP protect-log-delivery',
      ['ssm:UpdateDocument', 'ssm:DeleteDocument', 'ssm:UpdateDocumentDefaultVersion'],
      `arn:aws:ssm:*:*:document/${SESSION_PREFERENCES_DOCUMENT}`,
    ),
    ...automation.resources,
  ];

  const dataProtection: GuardrailStatement[] = [
    // IAM users and the password policy sit here, not with identity: the region statements fill that SCP.
    deny('DenyIamUsersAndKeys', 'SCP no-iam-users', [
      'iam:CreateUser',
      'iam:CreateAccessKey',
      'iam:CreateLoginProfile',
      'iam:UpdateLoginProfile',
      'iam:CreateServiceSpecificCredential',
    ]),
    deny('ProtectPasswordPolicy', 'SCP no-iam-users', ['iam:DeleteAccountPasswordPolicy', 'iam:UpdateAccountPasswordPolicy'], '*', exemptOr(inputs.accountSettingsArnPattern)),
    deny('KeepEbsDefaultEncryption', 'SCP keep-ebs-encryption', ['ec2:DisableEbsEncryptionByDefault']),
    {
      ...deny('DenyUnencryptedVolumes', 'SCP no-unencrypted-volumes', ['ec2:CreateVolume', 'ec2:RunInstances'], 'arn:aws:ec2:*:*:volume/*'),
      Condition: { Bool: { 'ec2:Encrypted': 'false' }, ...exempt },
    },
    deny('KeepAccountPublicAccessBlock', 'SCP keep-account-public-access-block', ['s3:PutAccountPublicAccessBlock'], '*', exemptOr(inputs.accountSettingsArnPattern)),
    {
      ...deny('RequireImdsV2', 'SCP imdsv2', ['ec2:RunInstances'], 'arn:aws:ec2:*:*:instance/*'),
      Condition: { StringNotEquals: { 'ec2:MetadataHttpTokens': 'required' }, ...exempt },
    },
    {
      // Hop limit 2 lets containers on an instance reach IMDS; anything higher lets packets forwarded off the host reach it.
      ...deny('LimitImdsHops', 'SCP imdsv2', ['ec2:RunInstances'], 'arn:aws:ec2:*:*:instance/*'),
      Condition: { NumericGreaterThan: { 'ec2:MetadataHttpPutResponseHopLimit': '2' }, ...exempt },
    },
    deny('KeepImdsOptions', 'SCP imdsv2', ['ec2:ModifyInstanceMetadataOptions']),
    deny(
      'ProtectLogArchive',
      'SCP protect-log-archive',
      [
        's3:DeleteBucket',
        's3:PutBucketPolicy',
        's3:DeleteBucketPolicy',
        's3:PutEncryptionConfiguration',
        's3:PutLifecycleConfiguration',
        's3:PutBucketLogging',
        's3:PutBucketObjectLockConfiguration',
        's3:PutBucketVersioning',
        's3:PutBucketPublicAccessBlock',
        's3:PutBucketAcl',
        's3:PutBucketOwnershipControls',
        's3:PutReplicationConfiguration',
        's3:BypassGovernanceRetention',
      ],
      inputs.logArchiveBucketNames.flatMap((b) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`]),
    ),
  ];

  return [
    {
      name: inputs.policyName('scp-identity-regions'),
      description: 'Guardrails: stay in the organization, no root user, exempt roles protected, governed regions (and the edge allowance) only.',
      document: document(identity),
      statements: identity,
    },
    {
      name: inputs.policyName('scp-security-services'),
      description: 'Guardrails: protect CloudTrail, Config, GuardDuty, Security Hub, Access Analyzer, the landing-zone tag, the automation roles.',
      document: document(securityServices),
      statements: securityServices,
    },
    {
      name: inputs.policyName('scp-log-delivery'),
      description: 'Guardrails: landing-zone keys and flow logs, no default VPC, Resolver query logging, Session Manager preferences, a deliverable log archive, the containment function and runbooks, backup vault, Resource Explorer index.',
      document: document(logDelivery),
      statements: logDelivery,
    },
    {
      name: inputs.policyName('scp-data-protection'),
      description: 'Guardrails: no IAM users or keys, password policy, encrypted EBS, account public-access block, IMDSv2, the log archive.',
      document: document(dataProtection),
      statements: dataProtection,
    },
  ];
}

// The data-perimeter RCP is in rcp-statements.ts, which reads the same GuardrailInputs.
