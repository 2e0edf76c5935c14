/**
 * `organization.policies`: the AWS-native management policies of AWS Organizations the landing zone attaches,
 * each to the OU paths (or Root) its `targets` name, like `organization.scpTargets` for the guardrail SCPs.
 * On by default, attached to Root (every account, the management account included: management policies,
 * unlike SCPs, apply to it). What each enforces: docs/organization.md.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies.html
 */
import { z } from 'zod';

const ouPath = z
  .string()
  .regex(/^(Root|[A-Za-z0-9][A-Za-z0-9 _-]{0,63}(\/[A-Za-z0-9][A-Za-z0-9 _-]{0,63}){0,4})$/, {
    message: 'is not an OU path such as Workloads/Prod (or Root)',
  });
const targets = z.array(ouPath).min(1).default(['Root']).describe('Where the policy attaches: Root or OU paths declared in ous.');

/** AWS tag keys: 1-128 characters of letters, digits, spaces and `_.:/=+-@`, not starting with `aws:`. */
const tagKey = z
  .string()
  .regex(/^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u, { message: 'is not a tag key (1-128 letters, digits, spaces and _.:/=+-@, not aws:)' });
const tagValue = z.string().regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@*]{0,256}$/u, { message: 'is not a tag value (0-256 letters, digits, spaces and _.:/=+-@)' });
/** `service:resource-type`, `service:*` or `service:ALL_SUPPORTED`, as tag policies' `enforced_for` takes them. */
const enforcedFor = z.string().regex(/^[a-z0-9-]+:([a-zA-Z0-9-]+|\*|ALL_SUPPORTED)$/, { message: 'is not a service:resource-type such as s3:bucket' });

export const DEFAULT_MANDATORY_TAGS = { DataClassification: ['public', 'internal', 'confidential', 'personal'] };

export const organizationPoliciesSchema = z
  .strictObject({
    ec2: z
      .strictObject({
        enabled: z.boolean().default(true),
        targets,
        vpcBlockPublicAccess: z
          .enum(['unmanaged', 'block_ingress', 'block_bidirectional'])
          .default('unmanaged')
          .describe(
            'VPC Block Public Access mode. unmanaged (default): the policy leaves it to each account, because block_ingress would cut the public tier (internet-facing load balancers) off unless each account creates exclusions; block_ingress / block_bidirectional set it organization-wide with exclusions allowed.',
          ),
      })
      .default({ enabled: true, targets: ['Root'], vpcBlockPublicAccess: 'unmanaged' })
      .describe('EC2 declarative policy: IMDSv2 default (hop limit 2), serial console off, AMI and EBS-snapshot block public access.'),
    aiServicesOptOut: z
      .strictObject({ enabled: z.boolean().default(true), targets })
      .default({ enabled: true, targets: ['Root'] })
      .describe('AI services opt-out policy: every AI service, present and future, opted out of using content to improve AWS models.'),
    tags: z
      .strictObject({
        enabled: z.boolean().default(true),
        targets,
        mandatory: z
          .record(tagKey, z.array(tagValue).min(1))
          .default(DEFAULT_MANDATORY_TAGS)
          .describe('Tag keys the organization defines, each with its allowed values (exact capitalization of the key is enforced).'),
        enforcedFor: z
          .array(enforcedFor)
          .default(['s3:bucket', 'dynamodb:table', 'rds:db'])
          .describe('Resource types on which a tagging operation with a value not allowed is refused (enforced_for); others only report non-compliance.'),
      })
      .default({ enabled: true, targets: ['Root'], mandatory: DEFAULT_MANDATORY_TAGS, enforcedFor: ['s3:bucket', 'dynamodb:table', 'rds:db'] })
      .describe('Tag policy for the organization-defined tags (e.g. DataClassification, so personal data is labelled).'),
    backup: z
      .strictObject({
        enabled: z.boolean().default(true),
        targets,
        selectionTag: z
          .strictObject({ key: tagKey, value: tagValue })
          .default({ key: 'backup', value: 'daily' })
          .describe('Resources carrying this tag are backed up by the organization plan.'),
        schedule: z
          .string()
          .regex(/^cron\([^)]+\)$/, { message: 'is not an AWS Backup schedule expression such as cron(0 5 ? * * *)' })
          .default('cron(0 5 ? * * *)')
          .describe('When the daily backup starts (UTC).'),
        retentionDays: z.number().int().min(1).max(36500).default(35).describe('Days each recovery point (and its copy) is kept.'),
        copyRegion: z
          .string()
          .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: 'is not an AWS region name such as eu-central-1' })
          .optional()
          .describe('Governed region that receives a copy of every recovery point made elsewhere; its own are copied to the home region. Default: the first governed region that is not the home region.'),
      })
      .default({ enabled: true, targets: ['Root'], selectionTag: { key: 'backup', value: 'daily' }, schedule: 'cron(0 5 ? * * *)', retentionDays: 35 })
      .describe('Backup policy: an organization-wide daily plan for tagged resources with a copy to a second governed region; vault and role come with the account baseline.'),
  })
  .default({
    ec2: { enabled: true, targets: ['Root'], vpcBlockPublicAccess: 'unmanaged' },
    aiServicesOptOut: { enabled: true, targets: ['Root'] },
    tags: { enabled: true, targets: ['Root'], mandatory: DEFAULT_MANDATORY_TAGS, enforcedFor: ['s3:bucket', 'dynamodb:table', 'rds:db'] },
    backup: { enabled: true, targets: ['Root'], selectionTag: { key: 'backup', value: 'daily' }, schedule: 'cron(0 5 ? * * *)', retentionDays: 35 },
  })
  .describe('AWS Organizations management policies (EC2 declarative, AI services opt-out, tag, backup), each attached to its targets.');

export type OrganizationPoliciesConfig = z.infer<typeof organizationPoliciesSchema>;
