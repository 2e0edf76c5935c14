/**
 * The landing-zone configuration schema: the single source of truth for the YAML file's shape.
 *
 * The TypeScript types below are inferred from it and `config/landing-zone.schema.json` is generated
 * from it (`npm run schema`), so editors, the loader and the stacks can never disagree.
 * Field-level rules live here; rules that relate two fields live in `cross-checks.ts`.
 */
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { z } from 'zod';
import { tierSizesSchema } from './tier-sizes';
import { ACCOUNT_SHARDS } from './account-shards';
import { organizationPoliciesSchema } from './organization-policies';

/** Regions known to this aws-cdk-lib release (its region-info database), so a typo never passes. */
export const KNOWN_REGIONS: readonly string[] = RegionInfo.regions.map((r) => r.name).sort();

const accountId = z
  .string()
  .regex(/^\d{12}$/, { message: 'is not a 12-digit AWS account ID (quote it in YAML so leading zeros survive)' });

const region = z
  .string()
  .refine((r) => KNOWN_REGIONS.includes(r), { message: 'is not an AWS region name such as eu-west-1' })
  .meta({ enum: [...KNOWN_REGIONS] }); // editors complete region names from the generated JSON Schema

const email = z.email({ message: 'is not an email address' });

/** Lower-case names used inside resource names, stack names and bucket names. */
const slug = z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, { error: (issue) => slugProblem(issue.input) });

/** Says which rule of a name was broken: `"Acme"` has upper case, `"a-very-long-...-name"` is too long. */
function slugProblem(input: unknown): string {
  const value = String(input);
  const reasons: string[] = [];
  if (/[A-Z]/.test(value)) reasons.push('has upper-case letters (names are lower case: a-z, 0-9 and -)');
  else if (!/^[a-z]/.test(value)) reasons.push('must start with a letter a-z');
  if (/[^A-Za-z0-9-]/.test(value)) reasons.push('may use only a-z, 0-9 and -');
  if (value.length > 20) reasons.push(`is ${value.length} characters (at most 20)`);
  return reasons.join('; ') || 'must start with a letter and use only a-z, 0-9 and -, at most 20 characters';
}

const ipv4Cidr = z.string().refine(isIpv4Cidr, { message: 'is not an IPv4 CIDR' });

const ouPath = z
  .string()
  .regex(/^(Root|[A-Za-z0-9][A-Za-z0-9 _-]{0,63}(\/[A-Za-z0-9][A-Za-z0-9 _-]{0,63}){0,4})$/, {
    message: 'is not an OU path such as Workloads/Prod (or Root)',
  });

const roleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, { message: 'is not an IAM role name' });

const retentionDays = z.number().int().min(1).max(36500);

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
const logRetention = z
  .number()
  .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
    message: `is not a CloudWatch Logs retention period (one of ${LOG_RETENTION_DAYS.join(', ')})`,
  });

const account = z
  .strictObject({
    name: slug.describe('Short name used in stack names and references elsewhere in this file, e.g. prod.'),
    id: accountId.optional().describe('12-digit account ID. Required for every account the landing zone deploys stacks into.'),
    email: email.optional().describe('Root email. An account with an email is declared as AWS::Organizations::Account.'),
    ou: ouPath.describe('OU path the account lives in, e.g. Workloads/Prod, or Root.'),
    role: z
      .enum(['management', 'security-log', 'workload'])
      .default('workload')
      .describe('management: the organization management account; security-log: log archive and security tooling.'),
    shard: z
      .union([z.literal('organization'), z.number().int().min(0).max(ACCOUNT_SHARDS - 1)])
      .optional()
      .describe(
        `Stack that declares the account and its Identity Center assignments: organization (the organization stack, where accounts declared before shards existed stay), or shard 0-${ACCOUNT_SHARDS - 1}. Default: a hash of the name, so adding accounts never moves others. Never change it for a deployed account (moving needs cdk import).`,
      ),
  })
  .refine((a) => a.id !== undefined || a.email !== undefined, {
    message: 'needs an id (to adopt an existing account) or an email (to create one), or both',
  });

const natStrategy = z.enum(['per-az', 'single', 'none', 'transit']);

const networkEnvironment = z.strictObject({
  account: slug.describe('Name of the account (from accounts) the VPC is deployed into.'),
  region: region.optional().describe('Region of the VPC. Defaults to organization.homeRegion.'),
  cidr: ipv4Cidr.describe('VPC IPv4 CIDR, /16 to /24.'),
  azCount: z.number().int().min(2).max(6).default(2).describe('Number of Availability Zones (at least 2).'),
  availabilityZones: z
    .array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, { message: 'is not an Availability Zone name such as eu-west-1a' }))
    .optional()
    .describe('AZ names to use; defaults to the region name + a, b, c... (no synth-time lookup).'),
  tiers: tierSizesSchema(),
  natGateways: natStrategy
    .default('per-az')
    .describe('per-az (resilient), single (cheaper), none (no internet egress) or transit (egress through the transit gateway: needs transitGateway).'),
  interfaceEndpoints: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, { message: 'is not an AWS service endpoint name such as ssm' }))
    .default(['ssm', 'ssmmessages', 'ec2messages', 'kms', 'logs', 'sts'])
    .describe('Interface endpoint service names (e.g. ssm, sts, kms, logs, secretsmanager, ecr.api).'),
  bastion: z.boolean().default(true).describe('Create an SSM-only bastion in the admin tier.'),
  flowLogsToCloudWatch: z.boolean().default(false).describe('Also send flow logs to a CloudWatch Logs group.'),
  transitGateway: z
    .strictObject({
      id: z.string().regex(/^tgw-[0-9a-f]{8,17}$/, { message: 'is not a transit gateway ID (tgw-...)' }),
      vpnCustomerGatewayIp: z.ipv4({ message: 'is not an IPv4 address' }).optional(),
      vpnBgpAsn: z.number().int().min(1).max(4294967294).default(65000),
      officeCidrs: z.array(ipv4Cidr).default([]),
    })
    .optional()
    .describe('Attach the VPC to an existing transit gateway, optionally with a site-to-site VPN to an office.'),
  firewall: z
    .strictObject({
      allowedDomains: z.array(z.string().min(1)).min(1).describe('Egress domain allowlist, e.g. .amazonaws.com'),
      suricataRules: z.array(z.string().min(1)).default([]).describe('Extra Suricata-compatible rules.'),
    })
    .optional()
    .describe('AWS Network Firewall egress filtering in dedicated subnets.'),
  resolverQueryLogging: z.boolean().default(true).describe('Route 53 Resolver query logs to the archive.'),
});

const allowedReplacement = z.strictObject({
  stack: z.string().min(1),
  logicalId: z.string().min(1),
  reason: z.string().min(20, { message: 'must explain why losing this resource is intended (20+ characters)' }),
});

/**
 * GitHub repository and environment whose workflows may use the delivery roles (issue 19). The names go into
 * the exact `sub` claims GitHub sends, so only the characters GitHub allows and no IAM wildcards (`*`, `?`).
 * @see https://docs.github.com/en/actions/reference/security/oidc (subject claim formats)
 */
const githubRepository = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/, {
    message: 'is not a GitHub repository as owner/name (letters, digits, - in the owner; letters, digits, ., _, - in the name)',
  });

// A ':' in an environment name reaches the sub claim as %3A (GitHub OIDC reference); refusing it keeps the
// configured name and the claim identical.
const githubEnvironment = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,255}$/, { message: 'is not a GitHub environment name this landing zone accepts (letters, digits, ., _, -)' });

const cicd = z.strictObject({
  repository: githubRepository.describe('GitHub repository (owner/name) whose workflows diff and deploy the landing zone.'),
  deployEnvironment: githubEnvironment
    .default('landing-zone-deploy')
    .describe('GitHub environment (with required reviewers, deployment branch main only) the deploy job runs in.'),
  createOidcProvider: z
    .boolean()
    .default(true)
    .describe('Create the GitHub OIDC provider; false when the management account already has one (IAM allows one per URL).'),
  targets: z
    .array(
      z.strictObject({
        account: slug.describe('Name of the account (from accounts).'),
        regions: z.array(region).min(1).describe('Regions of that account the roles may reach.'),
      }),
    )
    .min(1)
    .optional()
    .describe('Accounts and regions the diff and deploy roles may reach; defaults to every account and region a landing-zone stack is deployed to.'),
});

/** A guardrail set an OU can add to the base set (`lib/guardrails/ou-guardrails.ts`). */
export const GUARDRAIL_SETS = ['prod', 'sandbox'] as const;

const trustedAccount = z.strictObject({
  name: slug.describe('Short name of the outside party, e.g. a vendor; used in statement IDs.'),
  accountId: accountId.describe('The outside AWS account whose principals may assume the roles below.'),
  externalId: z
    .string()
    .regex(/^[\w+=,.@:/-]{2,1224}$/, { message: 'is not an sts:ExternalId (2-1224 characters: letters, digits and +=,.@:/-)' })
    .optional()
    .describe('The external ID the party sends with AssumeRole; when given, requests without it are denied.'),
  roleNames: z.array(roleName).min(1).describe('Names of the roles (in any account of the organization) it may assume; nothing else.'),
});

const guardrailsSchema = z
  .strictObject({
    edgeRegion: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Allow what CloudFront needs in us-east-1 when us-east-1 is not governed.'),
        bootstrapQualifiers: z
          .array(z.string().regex(/^[A-Za-z0-9_-]{1,10}$/, { message: 'is not a CDK bootstrap qualifier' }))
          .min(1)
          .default(['hnb659fds'])
          .describe('Qualifiers of the product teams\u2019 CDK bootstraps whose staging bucket, repository and version parameter may exist in us-east-1.'),
      })
      .default({ enabled: true, bootstrapQualifiers: ['hnb659fds'] }),
    trustedAccounts: z.array(trustedAccount).default([]).describe('Outside accounts (vendors) the RCP admits, only to the named roles.'),
    ous: z
      .record(
        ouPath,
        z.strictObject({
          sets: z.array(z.enum(GUARDRAIL_SETS)).default([]).describe('Stricter guardrail sets attached to this OU (prod, sandbox).'),
          customStatementsFile: z
            .string()
            .regex(/^[\w./-]+\.json$/, { message: 'is not a path to a .json file' })
            .optional()
            .describe('JSON file (relative to the working directory) of Deny statements attached to this OU as its own SCP.'),
        }),
      )
      .default({})
      .describe('Per-OU guardrails on top of the base set, which applies everywhere.'),
  })
  .default({ edgeRegion: { enabled: true, bootstrapQualifiers: ['hnb659fds'] }, trustedAccounts: [], ous: {} });

/** The containment actions every member account and governed region can run (docs/runbook.md). */
export const CONTAINMENT_ACTIONS = ['IsolateEc2Instance', 'RevokeRoleSessions', 'DeactivateAccessKeys', 'QuarantineLambda', 'BlockS3PublicAccess'] as const;
/** Severity labels, lowest first; GuardDuty's numeric severities map onto them (docs/runbook.md). */
export const SEVERITY_LABELS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

const minimumSeverity = z.enum(SEVERITY_LABELS).default('HIGH').describe('Least severe finding sent: LOW, MEDIUM, HIGH or CRITICAL.');

const incidentResponseSchema = z
  .strictObject({
    evidenceRetentionDays: retentionDays
      .default(2555)
      .describe('Days every evidence object is locked (Object Lock COMPLIANCE: nobody, not even root, can delete it sooner); it expires after that. Decide before the first deploy.'),
    responderPrincipals: z
      .array(
        z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(user|role)\/[\w+=,.@\/-]{1,512}$/, {
          message: 'is not an IAM user or role ARN (arn:aws:iam::<security-log account>:user/NAME or :role/NAME)',
        }),
      )
      .default([])
      .describe('Who may assume the incident-response role: IAM users (MFA required) or roles of the security-log account. Empty: principals of the security-log account that IAM allows, with MFA.'),
    chat: z
      .strictObject({
        slack: z.strictObject({ workspaceId: z.string().regex(/^[0-9A-Z]{1,255}$/, { message: 'is not a Slack workspace ID (e.g. T0123ABCD)' }), channelId: z.string().regex(/^[A-Za-z0-9]{1,255}$/, { message: 'is not a Slack channel ID (e.g. C0123ABCD)' }) }).optional(),
        teams: z.strictObject({ teamId: z.uuid(), tenantId: z.uuid(), channelId: z.string().min(1).max(256) }).optional(),
      })
      .optional()
      .describe('AWS Chatbot channel receiving findings and alarms (the workspace or team must be authorized in the Chatbot console first). Off when omitted.'),
    webhooks: z
      .array(
        z.strictObject({
          url: z.url({ protocol: /^https$/, message: 'is not an https:// URL' }).describe('HTTPS endpoint (pager or ticketing webhook); SNS confirms the subscription with it.'),
          minimumSeverity,
          alarms: z.boolean().default(true).describe('Also send the CIS and log-freshness alarms (they carry no severity).'),
        }),
      )
      .default([])
      .describe('HTTPS destinations of findings, each with its own severity threshold (an SNS subscription filter policy).'),
    automaticContainment: z
      .array(
        z.strictObject({
          findingType: z
            .string()
            .regex(/^[A-Za-z0-9:/!._*-]{1,128}$/, { message: 'is not a GuardDuty finding type pattern (e.g. CryptoCurrency:EC2/*)' })
            .describe('GuardDuty finding type, * as wildcard, e.g. CryptoCurrency:EC2/*.'),
          minimumSeverity: z.number().min(1).max(10).default(7).describe('Least GuardDuty severity (1-10; 7 = High) that triggers the action.'),
          action: z.enum(CONTAINMENT_ACTIONS),
        }),
      )
      .default([])
      .describe('Containment started automatically by a GuardDuty finding in the finding\'s account and region; every run notifies the findings topic. Off (empty) by default.'),
  })
  .default({ evidenceRetentionDays: 2555, responderPrincipals: [], webhooks: [], automaticContainment: [] });

export const landingZoneSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Editor hint; ignored.'),
    organization: z.strictObject({
      name: slug.describe('Short name prefixed to resource names, e.g. acme.'),
      id: z
        .string()
        .regex(/^o-[a-z0-9]{10,32}$/, { message: 'is not an AWS Organizations ID (o-...)' })
        .describe('Organization ID, used in aws:PrincipalOrgID / aws:SourceOrgID conditions.'),
      rootId: z
        .string()
        .regex(/^r-[0-9a-z]{4,32}$/, { message: 'is not an organization root ID (r-...)' })
        .describe('ID of the organization root, parent of the top-level OUs.'),
      homeRegion: region.describe('Region holding the landing zone’s home stacks.'),
      governedRegions: z.array(region).min(1).describe('Regions workloads may use; others are denied by SCP.'),
      privilegedRoleName: roleName
        .default('LandingZoneBreakGlass')
        .describe('The one role exempt from the guardrails (break-glass / deployment).'),
      breakGlassPrincipals: z
        .array(
          z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(user|role)\/[\w+=,.@\/-]{1,512}$/, {
            message: 'is not an IAM user or role ARN (arn:aws:iam::<management account>:user/NAME or :role/NAME)',
          }),
        )
        .min(1)
        .describe(
          'Who may assume the management account\'s break-glass role: IAM users (MFA required) or roles of the management account, kept for emergencies.',
        ),
      cdkBootstrapQualifier: z
        .string()
        .regex(/^[a-z0-9]{1,10}$/, { message: 'is not a CDK bootstrap qualifier' })
        .default('slz')
        .describe('Qualifier used by `cdk bootstrap`; its CloudFormation execution role deploys the landing zone.'),
      scpTargets: z
        .array(ouPath)
        .min(1)
        .default(['Root'])
        .describe('Where the guardrail SCPs attach: Root or OU paths. Each target holds FullAWSAccess plus these (at most 5).'),
      policies: organizationPoliciesSchema,
    }),
    ous: z
      .array(ouPath)
      .default(['Security', 'Workloads', 'Workloads/Prod', 'Workloads/Dev', 'Sandbox'])
      .describe('Organizational units, parents before children.'),
    accounts: z.array(account).min(2).describe('Accounts of the organization.'),
    network: z.record(slug, networkEnvironment).default({}).describe('One VPC per workload environment.'),
    logging: z
      .strictObject({
        archiveRetentionDays: retentionDays.default(2555).describe('Days log objects are kept before they expire.'),
        transitionToGlacierDays: retentionDays.default(90).describe('Days before logs move to Glacier Instant Retrieval.'),
        objectLock: z
          .strictObject({
            mode: z.enum(['GOVERNANCE', 'COMPLIANCE']).default('GOVERNANCE'),
            days: retentionDays.default(365),
          })
          .optional()
          .describe(
            'Object Lock default retention on the log archive; omit to disable. Decide before the first deploy: Object Lock is set when the bucket is created and can never be turned off.',
          ),
        cloudWatchRetentionDays: logRetention.default(365).describe('Retention of CloudWatch Logs groups.'),
        s3DataEvents: z
          .union([
            z.boolean(),
            z.strictObject({
              write: z.enum(['all', 'none']).default('all').describe('Object-level write events (PutObject, DeleteObject...) of every bucket: CIS 3.8.'),
              read: z
                .enum(['all', 'landing-zone', 'none'])
                .default('landing-zone')
                .describe("Object-level read events (GetObject...): of every bucket (CIS 3.9), or only of the landing zone's own log buckets."),
            }),
          ])
          .default({ write: 'all', read: 'landing-zone' })
          .describe('S3 data events in the organization trail (CIS 3.8/3.9): true = all reads and writes, false = none, or per kind.'),
        athena: z
          .strictObject({
            bytesScannedCutoffGb: z.number().int().min(1).max(1000).default(10),
            resultsExpirationDays: retentionDays.default(30),
          })
          .default({ bytesScannedCutoffGb: 10, resultsExpirationDays: 30 }),
        siem: z
          .strictObject({
            accountId: accountId.describe('AWS account of the external SIEM; it assumes the read-only SIEM role.'),
            externalId: z
              .string()
              .regex(/^[\w+=,.@:/-]{2,1224}$/, { message: 'is not an sts:ExternalId (2-1224 characters: letters, digits, +=,.@:/-_)' })
              .describe('sts:ExternalId the SIEM sends when it assumes the role (agreed with the SIEM operator).'),
            prefixes: z
              .array(z.string().regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*\/$/, { message: 'is not a key prefix ending in / (e.g. AWSLogs/)' }))
              .min(1)
              .describe('Archive key prefixes the SIEM may read, each ending in / (e.g. AWSLogs/, guardduty/).'),
          })
          .optional()
          .describe('Pull access for an external SIEM: object-created events on a queue and a read-only role. Off when omitted.'),
        replication: z
          .strictObject({
            region: region.describe('Governed region of the same region group as the home region (eu-* to eu-*, us-* to us-*...), not the home region.'),
          })
          .optional()
          .describe(
            'Cross-region replication of the log archive and Config buckets to replica buckets in the security-log account in this region (docs/logging.md). Off when omitted: a second copy costs storage, requests and transfer, and where logs may live is a residency decision.',
          ),
      })
      .default({
        archiveRetentionDays: 2555,
        transitionToGlacierDays: 90,
        cloudWatchRetentionDays: 365,
        s3DataEvents: { write: 'all', read: 'landing-zone' },
        athena: { bytesScannedCutoffGb: 10, resultsExpirationDays: 30 },
      }),
    security: z.strictObject({
      notificationEmail: email.describe('Where alarms and high-severity findings are sent.'),
      securityContact: z
        .strictObject({
          name: z.string().min(1),
          title: z.string().min(1),
          email,
          phone: z.string().regex(/^[+][\d\s()-]{6,24}$/, { message: 'is not an international phone number (+...)' }),
        })
        .describe('Alternate SECURITY contact on every account (CIS 1.2).'),
      guardDuty: z
        .strictObject({
          s3Protection: z.boolean().default(true),
          eksAuditLogs: z.boolean().default(true),
          runtimeMonitoring: z.boolean().default(true),
          malwareProtection: z.boolean().default(true),
          rdsLoginEvents: z.boolean().default(true),
          lambdaNetworkLogs: z.boolean().default(true),
        })
        .default({
          s3Protection: true,
          eksAuditLogs: true,
          runtimeMonitoring: true,
          malwareProtection: true,
          rdsLoginEvents: true,
          lambdaNetworkLogs: true,
        }),
      macie: z.boolean().default(false),
      detective: z.boolean().default(false),
      resourceExplorerOrganizationView: z
        .boolean()
        .default(true)
        .describe(
          'Create the organization-wide Resource Explorer view in the security-log account, which the organization stack registers as Resource Explorer\'s delegated administrator (docs/operations.md). false: only that account\'s own resources are searchable there.',
        ),
      resourceControlPolicies: z.boolean().default(true).describe('Data-perimeter RCPs on the organization root.'),
    }),
    incidentResponse: incidentResponseSchema.describe(
      'Incident response (docs/runbook.md): evidence bucket, responder role, containment runbooks in every account and region, chat and webhook destinations, automatic containment (off by default).',
    ),
    guardrails: guardrailsSchema.describe('What the SCPs and RCP allow beyond the base set: the edge region, trusted outside accounts, per-OU sets.'),
    identity: z
      .strictObject({
        instanceArn: z
          .string()
          .regex(/^arn:aws[a-z-]*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/, {
            message: 'is not an IAM Identity Center instance ARN',
          }),
        assignments: z
          .array(
            z.strictObject({
              groupId: z.string().regex(/^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/, {
                message: 'is not an Identity Store group ID',
              }),
              permissionSet: z.enum(['Administrator', 'ReadOnly', 'SecurityAudit']),
              accounts: z.array(slug).min(1),
            }),
          )
          .default([]),
      })
      .optional()
      .describe('IAM Identity Center permission sets and group assignments; omit to skip.'),
    safety: z
      .strictObject({
        allowReplacements: z.array(allowedReplacement).default([]),
      })
      .default({ allowReplacements: [] })
      .describe('Intended replacements of stateful resources, each with a reason.'),
    tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}).describe('Tags on every resource.'),
    cicd: cicd
      .optional()
      .describe('Delivery from GitHub Actions without long-lived credentials: OIDC provider, diff role and deploy role in the management account; omit to skip.'),
  })
  .describe('secure-landing-zone configuration');

export type LandingZoneConfig = z.infer<typeof landingZoneSchema>;
export type AccountConfig = LandingZoneConfig['accounts'][number];
export type NetworkEnvironmentConfig = LandingZoneConfig['network'][string];
export type TierSizes = NetworkEnvironmentConfig['tiers'];
export type NatStrategy = z.infer<typeof natStrategy>;
export type CicdConfig = NonNullable<LandingZoneConfig['cicd']>;
export type IncidentResponseConfig = LandingZoneConfig['incidentResponse'];
export type ContainmentAction = (typeof CONTAINMENT_ACTIONS)[number];

export function isIpv4Cidr(value: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (!m) return false;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  return octets.every((o) => o <= 255) && prefix <= 32;
}
