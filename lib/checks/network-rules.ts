/**
 * Network rules over every synthesized template, whoever wrote the resource: a product team's security
 * group or a hand-written NACL entry is held to the same line as the TieredVpc.
 */
import type { Finding, SynthesizedStack, TemplateRule } from './plugin';

/** Remote administration and SMB: never reachable from anywhere (CIS 5.2-5.4, Security Hub EC2.21/53/54). */
export const ADMIN_PORTS = [22, 3389, 445] as const;
const ANYWHERE = (r: { CidrBlock?: unknown; Ipv6CidrBlock?: unknown; CidrIp?: unknown; CidrIpv6?: unknown }) =>
  r.CidrBlock === '0.0.0.0/0' || r.CidrIp === '0.0.0.0/0' || r.Ipv6CidrBlock === '::/0' || r.CidrIpv6 === '::/0';

/** Ports of `ADMIN_PORTS` an ingress rule covers (`-1` protocol covers every port). */
function coveredAdminPorts(protocol: unknown, from: unknown, to: unknown): number[] {
  if (String(protocol) === '-1') return [...ADMIN_PORTS];
  if (typeof from !== 'number' || typeof to !== 'number') return [];
  return ADMIN_PORTS.filter((p) => from <= p && p <= to);
}

/** `LZ-AdminPortsClosedToInternet`: no NACL entry or security group rule admits 0.0.0.0/0 or ::/0 to 22, 3389 or 445. */
export const adminPortsClosedToInternetRule: TemplateRule = {
  id: 'LZ-AdminPortsClosedToInternet',
  description: 'No network ACL entry or security group ingress admits 0.0.0.0/0 or ::/0 to 22, 3389 or 445 (CIS 5.2-5.4).',
  check: (stacks) => stacks.flatMap((s) => adminPortFindings(s)),
};

function adminPortFindings(stack: SynthesizedStack): Finding[] {
  const findings: Finding[] = [];
  const report = (logicalId: string, what: string, ports: number[]) =>
    findings.push({ stackPath: stack.stackPath, logicalId, message: `${what} admits the internet to port ${ports.join(', ')}; allowed: none` });
  for (const [id, r] of Object.entries(stack.template.Resources ?? {})) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::EC2::NetworkAclEntry' && p.Egress !== true && p.RuleAction === 'allow' && ANYWHERE(p)) {
      const ports = coveredAdminPorts(p.Protocol, p.PortRange?.From, p.PortRange?.To);
      if (ports.length > 0) report(id, 'network ACL entry', ports);
    }
    const ingress =
      r.Type === 'AWS::EC2::SecurityGroup' ? (p.SecurityGroupIngress ?? []) : r.Type === 'AWS::EC2::SecurityGroupIngress' ? [p] : [];
    for (const rule of ingress) {
      if (!ANYWHERE(rule)) continue;
      const ports = coveredAdminPorts(rule.IpProtocol, rule.FromPort, rule.ToPort);
      if (ports.length > 0) report(id, 'security group ingress', ports);
    }
  }
  return findings;
}

/** `LZ-VpcFlowLogs`: every VPC in a template has a flow log of ALL traffic in the same template (CIS 3.7). */
export const vpcFlowLogsRule: TemplateRule = {
  id: 'LZ-VpcFlowLogs',
  description: 'Every VPC has a flow log recording ALL traffic (CIS 3.7, Security Hub EC2.6).',
  check: (stacks) =>
    stacks.flatMap((s) => {
      const resources = Object.entries(s.template.Resources ?? {});
      const logged = new Set(
        resources
          .filter(([, r]) => r.Type === 'AWS::EC2::FlowLog' && r.Properties?.TrafficType === 'ALL' && r.Properties?.ResourceType === 'VPC')
          .map(([, r]) => r.Properties?.ResourceId?.Ref),
      );
      return resources
        .filter(([id, r]) => r.Type === 'AWS::EC2::VPC' && !logged.has(id))
        .map(([id]) => ({ stackPath: s.stackPath, logicalId: id, message: 'VPC has no flow log of ALL traffic; required: one' }));
    }),
};
