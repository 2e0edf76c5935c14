/**
 * `LZ-OrganizationPolicyLimits`: the AWS Organizations quotas a synthesized SCP or RCP must respect, checked
 * before CloudFormation finds out halfway through a deploy.
 *
 * - Size: an SCP or RCP document is at most 5,120 bytes. AWS counts every character it receives, white space
 *   included (only the console strips white space outside quotes); CloudFormation sends a `Content` given as a
 *   JSON object as compact JSON, so the size is the UTF-8 byte length of the compact serialization.
 * - Count: at most 5 SCPs (and 5 RCPs) attached directly to one root, OU or account. AWS attaches
 *   `FullAWSAccess` / `RCPFullAWSAccess` to every target and the landing zone relies on them, so each counts.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
import type { SynthesizedStack } from '../template';
import type { Finding, TemplateRule } from './plugin';

export const POLICY_SIZE_LIMIT_BYTES = 5120;
export const POLICIES_PER_TARGET_LIMIT = 5;

const LIMITED_TYPES: Record<string, string> = {
  SERVICE_CONTROL_POLICY: 'FullAWSAccess',
  RESOURCE_CONTROL_POLICY: 'RCPFullAWSAccess',
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
  description: `Each SCP/RCP is at most ${POLICY_SIZE_LIMIT_BYTES} bytes and each target holds at most ${POLICIES_PER_TARGET_LIMIT} of each type, including the AWS-managed full-access policy.`,
  check(stacks: readonly SynthesizedStack[]): Finding[] {
    const findings: Finding[] = [];
    // type -> target -> policies attached to it
    const attached = new Map<string, Map<string, Array<{ stackPath: string; logicalId: string; name: string }>>>();
    for (const stack of stacks) {
      for (const [logicalId, r] of Object.entries(stack.template.Resources ?? {})) {
        const type = r.Properties?.Type;
        if (r.Type !== 'AWS::Organizations::Policy' || !(type in LIMITED_TYPES)) continue;
        const name = String(r.Properties.Name);
        const size = policySize(r.Properties.Content);
        if (size > POLICY_SIZE_LIMIT_BYTES) {
          findings.push({
            stackPath: stack.stackPath,
            logicalId,
            message: `${type} "${name}" is ${size} bytes; the limit is ${POLICY_SIZE_LIMIT_BYTES} (split it into two policies)`,
          });
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
      for (const [target, policies] of byTarget) {
        const count = policies.length + 1;
        if (count <= POLICIES_PER_TARGET_LIMIT) continue;
        const first = policies[0];
        findings.push({
          stackPath: first.stackPath,
          logicalId: first.logicalId,
          message: `target ${target} would hold ${count} policies of type ${type} (${LIMITED_TYPES[type]}, ${policies
            .map((p) => p.name)
            .join(', ')}); the limit is ${POLICIES_PER_TARGET_LIMIT}`,
        });
      }
    }
    return findings;
  },
};
