import { Construct } from 'constructs';
import { throwIfProblems } from '../../../constructs/core/validation-error';
import type { ManagementPolicyDefinition } from './management-policy-documents';
import { OrganizationPolicies } from './organization-policies';

/** Props for {@link ManagementPolicies}. */
export interface ManagementPoliciesProps {
  /** The management policies to declare (`managementPolicies()`), each with the OU paths it attaches to. */
  readonly policies: readonly ManagementPolicyDefinition[];
  /** The root or OU ID of an OU path (`Root`, `Workloads/Prod`). */
  readonly targetIdOf: (ouPath: string) => string;
}

/**
 * The AWS-native management policies (EC2 declarative, AI services opt-out, tag, backup), each attached to
 * its own targets. Unlike SCPs they also apply to the management account when attached to the root.
 *
 * Default settings: one `AWS::Organizations::Policy` per definition, content as a JSON object, attached through
 * `TargetIds`; grammar and size checked at synth by `LZ-OrganizationPolicyLimits`. Depend on
 * `OrganizationPolicyTypes` enabling the types first.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_management_policies.html
 */
export class ManagementPolicies extends Construct {
  /** The declared policies, by name. */
  public readonly policies: Record<string, OrganizationPolicies> = {};

  constructor(scope: Construct, id: string, props: ManagementPoliciesProps) {
    super(scope, id);
    const problems: string[] = [];
    props.policies.forEach((p, i) => {
      if (p.targets.length === 0) problems.push(`policies[${i}] "${p.name}": targets: received [], at least one OU path or Root is required`);
    });
    throwIfProblems(this, 'ManagementPolicies', problems);
    for (const p of props.policies) {
      this.policies[p.name] = new OrganizationPolicies(this, OrganizationPolicies.constructIdFor(p.name), {
        type: p.type,
        policies: [{ name: p.name, description: p.description, document: p.document }],
        targetIds: p.targets.map(props.targetIdOf),
      });
    }
  }
}
