import { Stack, type StackProps } from 'aws-cdk-lib';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { DelegatedAdmins, DEFAULT_DELEGATED_SERVICES, type DelegatedService } from '../constructs/organization/delegated-admins';
import { IdentityCenter } from '../constructs/organization/identity-center';
import { OrganizationAccounts } from '../constructs/organization/organization-accounts';
import { OrganizationPolicies } from '../constructs/organization/organization-policies';
import { OrganizationalUnits } from '../constructs/organization/organizational-units';
import { OrganizationPolicyTypes } from '../constructs/organization/policy-types';
import { ManagementPolicies } from '../constructs/organization/management-policies';
import type { ManagementPolicyDefinition } from '../constructs/organization/management-policy-documents';
import type { LandingZoneConfig } from '../config/schema';
import type { OrganizationPolicyDefinition } from '../guardrails/scp-statements';
import type { OuGuardrailPolicy } from '../guardrails/ou-guardrails';
import { accountPlacement } from '../config/account-shards';

/** The slice of config the organization stack needs, plus the guardrail documents derived from it. */
export interface OrganizationStackProps extends StackProps {
  readonly organization: LandingZoneConfig['organization'];
  readonly ous: LandingZoneConfig['ous'];
  /** Every account of the config; the management account is skipped (it stays in Root, undeclared). */
  readonly accounts: LandingZoneConfig['accounts'];
  readonly identity?: LandingZoneConfig['identity'];
  /** Which optional services (Macie, Detective) are on, and whether the RCPs are. */
  readonly security: Pick<LandingZoneConfig['security'], 'macie' | 'detective' | 'resourceControlPolicies'>;
  /** Guardrail SCPs (from `serviceControlPolicies()`), attached to `organization.scpTargets`. */
  readonly serviceControlPolicies: readonly OrganizationPolicyDefinition[];
  /** Data-perimeter RCPs (from `resourceControlPolicies()`), attached to the root when enabled. */
  readonly resourceControlPolicies: readonly OrganizationPolicyDefinition[];
  /** Per-OU SCPs (from `ouGuardrailPolicies()`): stricter sets and custom statements, each on its OUs. */
  readonly ouServiceControlPolicies?: readonly OuGuardrailPolicy[];
  /**
   * SSM parameter names for the OU IDs and permission-set ARNs the account shard stacks read; only given
   * when some account is in a shard.
   * @default - no parameters (every account is in this stack)
   */
  readonly shardParameters?: { readonly ouId: (path: string) => string; readonly permissionSetArn: (name: string) => string };
  /** Management policies (from `managementPolicies()`, config `organization.policies`), each on its targets. @default - none */
  readonly managementPolicies?: readonly ManagementPolicyDefinition[];
}

/** Management account, home region: the organization's shape, its guardrails, delegated admins and identity. */
export class OrganizationStack extends Stack {
  public readonly ous: OrganizationalUnits;
  public readonly accounts: OrganizationAccounts;

  constructor(scope: Construct, id: string, props: OrganizationStackProps) {
    super(scope, id, props);
    const { rootId } = props.organization;
    this.ous = new OrganizationalUnits(this, 'OrganizationalUnits', { rootId, paths: props.ous });
    const here = props.accounts.filter((a) => a.role === 'management' || accountPlacement(a) === 'organization');

    this.accounts = new OrganizationAccounts(this, 'Accounts', {
      organizationId: props.organization.id,
      // Only the accounts placed here (`shard: organization`); the others are in the account shard stacks.
      accounts: here
        .filter((a) => a.role !== 'management')
        .map((a) => ({ name: a.name, email: a.email, id: a.id, parentId: this.ous.idOf(a.ou, rootId) })),
    });

    const management = props.managementPolicies ?? [];
    const types = new OrganizationPolicyTypes(this, 'PolicyTypes', {
      organizationId: props.organization.id,
      rootId,
      types: [
        ...(props.security.resourceControlPolicies ? (['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const) : (['SERVICE_CONTROL_POLICY'] as const)),
        ...new Set(management.map((p) => p.type)),
      ],
    });
    if (management.length) {
      new ManagementPolicies(this, 'ManagementPolicies', { policies: management, targetIdOf: (t) => this.ous.idOf(t, rootId) }).node.addDependency(types);
    }
    const scps = new OrganizationPolicies(this, 'ServiceControlPolicies', {
      type: 'SERVICE_CONTROL_POLICY',
      policies: props.serviceControlPolicies,
      targetIds: props.organization.scpTargets.map((t) => this.ous.idOf(t, rootId)),
    });
    scps.node.addDependency(types);
    for (const p of props.ouServiceControlPolicies ?? []) {
      const perOu = new OrganizationPolicies(this, `OuGuardrails${OrganizationPolicies.constructIdFor(p.policy.name)}`, {
        type: 'SERVICE_CONTROL_POLICY',
        policies: [p.policy],
        targetIds: p.ouPaths.map((t) => this.ous.idOf(t, rootId)),
      });
      perOu.node.addDependency(types);
    }
    if (props.security.resourceControlPolicies) {
      const rcps = new OrganizationPolicies(this, 'ResourceControlPolicies', {
        type: 'RESOURCE_CONTROL_POLICY',
        policies: props.resourceControlPolicies,
        targetIds: [rootId],
      });
      rcps.node.addDependency(types);
    }

    const securityLog = props.accounts.find((a) => a.role === 'security-log');
    if (securityLog?.id) {
      const services: DelegatedService[] = [
        ...DEFAULT_DELEGATED_SERVICES,
        ...(props.security.macie ? (['macie'] as const) : []),
        ...(props.security.detective ? (['detective'] as const) : []),
      ];
      new DelegatedAdmins(this, 'DelegatedAdmins', {
        adminAccountId: securityLog.id,
        regions: props.organization.governedRegions,
        services,
      });
    }

    let identity: IdentityCenter | undefined;
    if (props.identity) {
      const idOf = (name: string) => this.accounts.accountIds[name] ?? props.accounts.find((a) => a.name === name)?.id ?? name;
      // Assignments to a sharded account live in its shard stack, beside the account.
      const isHere = (name: string) => here.some((a) => a.name === name) || !props.accounts.some((a) => a.name === name);
      identity = new IdentityCenter(this, 'IdentityCenter', {
        instanceArn: props.identity.instanceArn,
        assignments: props.identity.assignments.map((a) => ({
          groupId: a.groupId,
          permissionSet: a.permissionSet,
          accountIds: a.accounts.filter(isHere).map(idOf),
        })),
      });
    }

    if (props.shardParameters) {
      const names = props.shardParameters;
      const parameters = new Construct(this, 'ShardParameters');
      for (const path of this.ous.paths) {
        new StringParameter(parameters, `Ou${OrganizationalUnits.constructIdFor(path)}`, {
          parameterName: names.ouId(path),
          stringValue: this.ous.idOf(path, rootId),
          description: `ID of the OU ${path}, read by the account shard stacks.`,
        });
      }
      for (const [name, set] of Object.entries(identity?.permissionSets ?? {})) {
        new StringParameter(parameters, `PermissionSet${name}`, {
          parameterName: names.permissionSetArn(name),
          stringValue: set.attrPermissionSetArn,
          description: `ARN of the ${name} permission set, read by the account shard stacks.`,
        });
      }
    }
  }
}
