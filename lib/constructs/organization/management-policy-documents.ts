/**
 * The documents of the management policies the landing zone attaches (`organization.policies`), in the
 * management-policy grammar (`@@assign`...). Pure functions of config values; `LZ-OrganizationPolicyLimits`
 * checks every synthesized one against the documented attributes and the type's size quota.
 */
import type { ManagementPolicyType, OrganizationPolicyDocument } from './organization-policies';

/** Where a policy attaches (OU paths or Root) and whether it is declared at all. */
interface Attached {
  readonly enabled: boolean;
  readonly targets: readonly string[];
}

/** The options of each management policy (the shape of config `organization.policies`). */
export interface ManagementPoliciesOptions {
  readonly ec2: Attached & { readonly vpcBlockPublicAccess: 'unmanaged' | 'block_ingress' | 'block_bidirectional' };
  readonly aiServicesOptOut: Attached;
  readonly tags: Attached & { readonly mandatory: Readonly<Record<string, readonly string[]>>; readonly enforcedFor: readonly string[] };
  readonly backup: Attached & {
    readonly selectionTag: { readonly key: string; readonly value: string };
    readonly schedule: string;
    readonly retentionDays: number;
    readonly copyRegion?: string;
  };
}

const assign = <T>(value: T) => ({ '@@assign': value });

/** A management policy to declare: its type, document and the OU paths it attaches to. */
export interface ManagementPolicyDefinition extends OrganizationPolicyDocument {
  readonly type: ManagementPolicyType;
  readonly targets: readonly string[];
}

/**
 * EC2 declarative policy: IMDSv2 by default with hop limit 2 (containers on instances reach IMDS through one
 * more hop), serial console off, no new public AMI sharing, no public snapshot sharing (already public ones
 * become private). VPC Block Public Access only when config asks: `block_ingress` blocks inbound internet
 * traffic through internet gateways in every VPC without an exclusion, which would cut off the public tier's
 * internet-facing load balancers; left out, each account keeps its own setting.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_declarative_syntax.html
 */
export function ec2DeclarativeDocument(c: ManagementPoliciesOptions['ec2']): Record<string, unknown> {
  return {
    ec2_attributes: {
      instance_metadata_defaults: {
        http_tokens: assign('required'),
        http_put_response_hop_limit: assign('2'),
        http_endpoint: assign('enabled'),
        instance_metadata_tags: assign('no_preference'),
      },
      serial_console_access: { status: assign('disabled') },
      image_block_public_access: { state: assign('block_new_sharing') },
      snapshot_block_public_access: { state: assign('block_all_sharing') },
      ...(c.vpcBlockPublicAccess === 'unmanaged'
        ? {}
        : { vpc_block_public_access: { internet_gateway_block: { mode: assign(c.vpcBlockPublicAccess), exclusions_allowed: assign('enabled') } } }),
      exception_message: assign('Refused by the organization EC2 policy (secure-landing-zone docs/organization.md); ask the platform team for an exception.'),
    },
  };
}

/**
 * AI services opt-out: `default` covers every AI service, present and future; child policies may not change it.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_ai-opt-out_syntax.html
 */
export function aiServicesOptOutDocument(): Record<string, unknown> {
  const locked = { '@@operators_allowed_for_child_policies': ['@@none'] };
  return { services: { ...locked, default: { ...locked, opt_out_policy: { ...locked, '@@assign': 'optOut' } } } };
}

/**
 * Tag policy: each organization-defined tag key with its exact capitalization and allowed values; tagging
 * operations with another value are refused on the `enforcedFor` resource types.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_example-tag-policies.html
 */
export function tagPolicyDocument(c: ManagementPoliciesOptions['tags']): Record<string, unknown> {
  const tags = Object.fromEntries(
    Object.entries(c.mandatory).map(([key, values]) => [
      key.toLowerCase(),
      { tag_key: assign(key), tag_value: assign([...values]), ...(c.enforcedFor.length ? { enforced_for: assign([...c.enforcedFor]) } : {}) },
    ]),
  );
  return { tags };
}

/** Names and regions the backup policy needs. */
export interface BackupPolicyInputs {
  readonly planName: string;
  readonly vaultName: string;
  readonly roleName: string;
  readonly homeRegion: string;
  readonly governedRegions: readonly string[];
}

/**
 * Backup policy: a daily plan in every governed region for resources carrying the selection tag, written to
 * the baseline's vault and copied to a second governed region: recovery points made outside the copy region
 * go there, those made in it go to the home region (one plan cannot copy a region onto itself). `$account`
 * is the policy grammar's variable for the account the effective policy applies to.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
 */
export function backupPolicyDocument(c: ManagementPoliciesOptions['backup'], n: BackupPolicyInputs): Record<string, unknown> {
  const copyRegion = c.copyRegion ?? n.governedRegions.find((r) => r !== n.homeRegion)!;
  const vaultArn = (region: string) => `arn:aws:backup:${region}:$account:backup-vault:${n.vaultName}`;
  const plan = (regions: readonly string[], copyTo: string) => ({
    regions: assign([...regions]),
    rules: {
      daily: {
        schedule_expression: assign(c.schedule),
        start_backup_window_minutes: assign('60'),
        complete_backup_window_minutes: assign('1440'),
        lifecycle: { delete_after_days: assign(String(c.retentionDays)) },
        target_backup_vault_name: assign(n.vaultName),
        copy_actions: { [vaultArn(copyTo)]: { target_backup_vault_arn: assign(vaultArn(copyTo)), lifecycle: { delete_after_days: assign(String(c.retentionDays)) } } },
      },
    },
    selections: {
      tags: { [c.selectionTag.key]: { iam_role_arn: assign(`arn:aws:iam::$account:role/${n.roleName}`), tag_key: assign(c.selectionTag.key), tag_value: assign([c.selectionTag.value]) } },
    },
  });
  const elsewhere = n.governedRegions.filter((r) => r !== copyRegion);
  const copyRegionTarget = copyRegion === n.homeRegion ? elsewhere[0] : n.homeRegion;
  return {
    plans: {
      ...(elsewhere.length ? { [n.planName]: plan(elsewhere, copyRegion) } : {}),
      [`${n.planName}-${copyRegion}`]: plan([copyRegion], copyRegionTarget),
    },
  };
}

/** Every management policy `organization.policies` turns on, each with its targets. */
export function managementPolicies(c: ManagementPoliciesOptions, name: (purpose: string) => string, backup: BackupPolicyInputs): ManagementPolicyDefinition[] {
  const all: Array<ManagementPolicyDefinition | undefined> = [
    c.ec2.enabled
      ? { type: 'DECLARATIVE_POLICY_EC2', name: name('ec2-declarative'), targets: c.ec2.targets, document: ec2DeclarativeDocument(c.ec2),
          description: 'IMDSv2 by default, serial console off, AMI and EBS-snapshot block public access; accounts cannot change them' }
      : undefined,
    c.aiServicesOptOut.enabled
      ? { type: 'AISERVICES_OPT_OUT_POLICY', name: name('ai-services-opt-out'), targets: c.aiServicesOptOut.targets, document: aiServicesOptOutDocument(),
          description: 'Every AI service opted out of storing or using content to improve AWS models' }
      : undefined,
    c.tags.enabled
      ? { type: 'TAG_POLICY', name: name('tags'), targets: c.tags.targets, document: tagPolicyDocument(c.tags),
          description: `Organization-defined tags and their allowed values: ${Object.keys(c.tags.mandatory).join(', ')}` }
      : undefined,
    c.backup.enabled
      ? { type: 'BACKUP_POLICY', name: name('backup'), targets: c.backup.targets, document: backupPolicyDocument(c.backup, backup),
          description: `Daily backup of resources tagged ${c.backup.selectionTag.key}=${c.backup.selectionTag.value}, copied to a second governed region` }
      : undefined,
  ];
  return all.filter((p): p is ManagementPolicyDefinition => p !== undefined);
}
