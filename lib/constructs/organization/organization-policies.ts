import { CfnPolicy } from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { throwIfProblems } from '../../../constructs/core/validation-error';

/** One authorization policy document to declare. */
export interface OrganizationPolicyDocument {
  /** Policy name, unique in the organization; also the basis of the construct ID (never rename casually). */
  readonly name: string;
  /** What the policy guarantees, shown in the Organizations console. */
  readonly description: string;
  /**
   * The policy document as a JSON object (CloudFormation can detect drift only on an object): an IAM policy
   * document for SCPs and RCPs, the management-policy grammar (`@@assign`...) for the other types.
   */
  readonly document: { readonly Version: string; readonly Statement: readonly unknown[] } | Readonly<Record<string, unknown>>;
}

/** Management policy types: they configure services rather than authorize calls, and apply to the management account too. */
export type ManagementPolicyType = 'DECLARATIVE_POLICY_EC2' | 'AISERVICES_OPT_OUT_POLICY' | 'TAG_POLICY' | 'BACKUP_POLICY';

/** Props for {@link OrganizationPolicies}. */
export interface OrganizationPoliciesProps {
  /**
   * `SERVICE_CONTROL_POLICY` (limits what principals in member accounts may do) or
   * `RESOURCE_CONTROL_POLICY` (limits who may reach resources in member accounts).
   * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_authorization_policies.html
   * Or a management policy type ({@link ManagementPolicyType}).
   * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_management_policies.html
   */
  readonly type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY' | ManagementPolicyType;
  /** The policies to declare. */
  readonly policies: readonly OrganizationPolicyDocument[];
  /** Root, OU or account IDs every policy is attached to. */
  readonly targetIds: readonly string[];
}

/**
 * Organization policies of one type, each attached to the same targets.
 *
 * Default settings: content declared as a JSON object (drift-detectable), one `AWS::Organizations::Policy`
 * per document, attached through `TargetIds` so attachment and content change in one resource. The size
 * and per-target count quotas are checked at synth by `LZ-OrganizationPolicyLimits`.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-organizations-policy.html
 */
export class OrganizationPolicies extends Construct {
  /** The declared policies, by name. */
  public readonly policies: Record<string, CfnPolicy> = {};

  constructor(scope: Construct, id: string, props: OrganizationPoliciesProps) {
    super(scope, id);
    const problems: string[] = [];
    if (props.targetIds.length === 0) problems.push('targetIds: received [], at least one root, OU or account ID is required');
    const names = new Set<string>();
    props.policies.forEach((p, i) => {
      if (names.has(p.name)) problems.push(`policies[${i}].name: "${p.name}" is used twice`);
      if (!/^[\x20-\x7e]{1,128}$/.test(p.name)) problems.push(`policies[${i}].name: "${p.name}" must be 1-128 printable ASCII characters`);
      names.add(p.name);
    });
    throwIfProblems(this, 'OrganizationPolicies', problems);

    for (const p of props.policies) {
      this.policies[p.name] = new CfnPolicy(this, OrganizationPolicies.constructIdFor(p.name), {
        name: p.name,
        description: p.description,
        type: props.type,
        content: p.document,
        targetIds: [...props.targetIds],
      });
    }
  }

  /** `acme-scp-data-protection` → `AcmeScpDataProtection`. */
  public static constructIdFor(name: string): string {
    return name.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
  }
}
