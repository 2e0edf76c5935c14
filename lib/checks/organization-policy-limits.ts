/**
 * `LZ-OrganizationPolicyLimits`: the AWS Organizations quotas and grammar a synthesized organization policy
 * must respect, checked before CloudFormation finds out halfway through a deploy.
 *
 * - Size: at most the type's quota (SCP and RCP 5,120; AI services opt-out 2,500; tag, backup and EC2
 *   declarative 10,000). AWS counts every character it receives, white space included (only the console
 *   strips white space outside quotes); CloudFormation sends a `Content` given as a JSON object as compact
 *   JSON, so the size is the UTF-8 byte length of the compact serialization (never less than the characters).
 * - Count: at most 5 SCPs, RCPs or AI services opt-out policies, 10 tag, backup or declarative policies,
 *   attached directly to one root, OU or account. AWS attaches `FullAWSAccess` / `RCPFullAWSAccess` to every
 *   target and the landing zone relies on them, so each counts.
 * - Grammar (management types): the documented attributes, values and inheritance operators
 *   (`management-policy-grammar.ts`).
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-organizations-policy.html
 *   (Content: "Service control policies: 5,120 characters; AI services opt-out policies: 2,500; Backup policies:
 *   10,000; Tag policies: 10,000")
 */
import type { SynthesizedStack } from '../template';
import { managementPolicyProblems } from './management-policy-grammar';
import type { Finding, TemplateRule } from './plugin';

export const POLICY_SIZE_LIMIT_BYTES = 5120;
export const POLICIES_PER_TARGET_LIMIT = 5;

/** Quotas of each policy type: document size, policies per target, and the AWS-managed policy every target holds. */
export const POLICY_TYPE_LIMITS: Readonly<Record<string, { readonly size: number; readonly perTarget: number; readonly managed?: string }>> = {
  SERVICE_CONTROL_POLICY: { size: POLICY_SIZE_LIMIT_BYTES, perTarget: POLICIES_PER_TARGET_LIMIT, managed: 'FullAWSAccess' },
  RESOURCE_CONTROL_POLICY: { size: POLICY_SIZE_LIMIT_BYTES, perTarget: POLICIES_PER_TARGET_LIMIT, managed: 'RCPFullAWSAccess' },
  AISERVICES_OPT_OUT_POLICY: { size: 2500, perTarget: 5 },
  TAG_POLICY: { size: 10_000, perTarget: 10 },
  BACKUP_POLICY: { size: 10_000, perTarget: 10 },
  DECLARATIVE_POLICY_EC2: { size: 10_000, perTarget: 10 },
};

/** Size in bytes as AWS counts it for the content CloudFormation sends. */
export function policySize(content: unknown): number {
  return Buffer.byteLength(typeof content === 'string' ? content : JSON.stringify(content), 'utf8');
}

/** A target as written in the template: a literal ID or an intrinsic function (e.g. an OU's GetAtt). */
function targetLabel(target: unknown): string {
  if (typeof target === 'string') return target;
  const getAtt = (target as any)?.['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `${getAtt[0]}.${getAtt[1]}`;
  const ref = (target as any)?.Ref;
  return typeof ref === 'string' ? ref : JSON.stringify(target);
}

export const organizationPolicyLimitsRule: TemplateRule = {
  id: 'LZ-OrganizationPolicyLimits',
  description: `Each organization policy is within its type's size quota (SCP/RCP ${POLICY_SIZE_LIMIT_BYTES} bytes) and per-target count (SCP/RCP ${POLICIES_PER_TARGET_LIMIT}, including the AWS-managed full-access policy); management policies follow their documented grammar.`,
  check(stacks: readonly SynthesizedStack[]): Finding[] {
    const findings: Finding[] = [];
    // type -> target -> policies attached to it
    const attached = new Map<string, Map<string, Array<{ stackPath: string; logicalId: string; name: string }>>>();
    for (const stack of stacks) {
      for (const [logicalId, r] of Object.entries(stack.template.Resources ?? {})) {
        const type = r.Properties?.Type;
        if (r.Type !== 'AWS::Organizations::Policy' || !(type in POLICY_TYPE_LIMITS)) continue;
        const name = String(r.Properties.Name);
        const size = policySize(r.Properties.Content);
        const limit = POLICY_TYPE_LIMITS[type].size;
        if (size > limit) {
          findings.push({
            stackPath: stack.stackPath,
            logicalId,
            message: `${type} "${name}" is ${size} bytes; the limit is ${limit} (split it into two policies)`,
          });
        }
        for (const problem of managementPolicyProblems(type, r.Properties.Content)) {
          findings.push({ stackPath: stack.stackPath, logicalId, message: `${type} "${name}": ${problem}` });
        }
        const byTarget = attached.get(type) ?? new Map();
        attached.set(type, byTarget);
        for (const target of (r.Properties.TargetIds ?? []) as unknown[]) {
          const key = targetLabel(target);
          byTarget.set(key, [...(byTarget.get(key) ?? []), { stackPath: stack.stackPath, logicalId, name }]);
        }
      }
    }
    for (const [type, byTarget] of attached) {
      const { perTarget, managed } = POLICY_TYPE_LIMITS[type];
      for (const [target, policies] of byTarget) {
        const count = policies.length + (managed ? 1 : 0);
        if (count <= perTarget) continue;
        const first = policies[0];
        findings.push({
          stackPath: first.stackPath,
          logicalId: first.logicalId,
          message: `target ${target} would hold ${count} policies of type ${type} (${[...(managed ? [managed] : []), ...policies.map((p) => p.name)].join(', ')}); the limit is ${perTarget}`,
        });
      }
    }
    return findings;
  },
};
