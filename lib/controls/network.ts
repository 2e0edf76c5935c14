/**
 * The network controls' predicates, one per control, over the resources of one template. The synth rule
 * (`lib/checks/network-rules.ts`) and the compliance detector (`lib/evidence/detectors-network.ts`) both
 * call these, so what fails a synth and what the compliance report calls violated cannot disagree.
 *
 * What CIS AWS Foundations Benchmark v5.0 asks (rows of the project's security baseline):
 * - 5.1.2: no security group admits 0.0.0.0/0 or ::/0 to CIFS, port 445.
 * - 5.2: no network ACL allows ingress from 0.0.0.0/0 to the remote server administration ports 22 and 3389.
 * - 5.3/5.4: no security group admits 0.0.0.0/0 (5.3) or ::/0 (5.4) to 22 or 3389.
 *   The benchmark's audit counts rules over TCP (6), UDP (17) or all protocols (-1): RDP also listens on
 *   UDP 3389, and an all-protocols rule opens every port. The NACL check also counts ::/0, as AWS Config's
 *   `nacl-no-unrestricted-ssh-rdp` (Security Hub EC2.21) does.
 * - 3.7: every VPC has flow logs. The landing zone requires the VPC-level log of ALL traffic: a REJECT-only
 *   log cannot show an accepted connection, which is what an investigation asks about.
 *
 * @see https://docs.aws.amazon.com/config/latest/developerguide/nacl-no-unrestricted-ssh-rdp.html
 */
import { CIFS_PORTS, REMOTE_ADMIN_PORTS } from '../../constructs/core/ports';
import { refTarget } from '../template';

/** One resource of one template, as both the rules and the resource index can give it. */
export interface TemplateResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, any>;
}

export { REMOTE_ADMIN_PORTS, CIFS_PORTS };
/** Every port the landing zone keeps closed to the internet. */
export const ADMIN_PORTS: readonly number[] = [...REMOTE_ADMIN_PORTS, ...CIFS_PORTS];

export type IngressKind = 'network ACL entry' | 'security group ingress';

/** One ingress rule that admits the internet to some of `ADMIN_PORTS`. */
export interface InternetIngress {
  readonly kind: IngressKind;
  /** The ports of `ADMIN_PORTS` it admits the internet to (never empty). */
  readonly ports: number[];
}

const ANY_IPV4 = '0.0.0.0/0';
const ANY_IPV6 = '::/0';
const fromAnywhere = (r: Record<string, any>) =>
  r.CidrBlock === ANY_IPV4 || r.CidrIp === ANY_IPV4 || r.Ipv6CidrBlock === ANY_IPV6 || r.CidrIpv6 === ANY_IPV6;

/** A template number (CloudFormation accepts `22` and `"22"`); undefined when absent, NaN when a token. */
function portNumber(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' || typeof value === 'string' ? Number(value) : Number.NaN;
}

/**
 * Ports of `ADMIN_PORTS` a rule of `protocol` over `from`-`to` covers. All protocols (`-1`) cover every
 * port; TCP and UDP (by name or number) cover their range, a missing range or `-1`/`-1` meaning all of it;
 * other protocols (ICMP, ESP...) carry no ports. A port given by a token cannot be decided at synth and
 * is left to Security Hub at runtime.
 */
function coveredPorts(protocol: unknown, from: unknown, to: unknown): number[] {
  const p = String(protocol).toLowerCase();
  if (p === '-1' || p === 'all') return [...ADMIN_PORTS];
  if (!['tcp', '6', 'udp', '17'].includes(p)) return [];
  const lo = portNumber(from) ?? 0;
  const hi = portNumber(to) ?? 65535;
  if (lo === -1 && hi === -1) return [...ADMIN_PORTS];
  return ADMIN_PORTS.filter((port) => lo <= port && port <= hi);
}

/**
 * Ingress rules of `r` that admit 0.0.0.0/0 or ::/0 to any of `ADMIN_PORTS`: an allowing inbound NACL
 * entry, a security group's inline ingress rules, or a standalone ingress resource.
 */
export function internetIngressToAdminPorts(r: Pick<TemplateResource, 'type' | 'properties'>): InternetIngress[] {
  const p = r.properties;
  if (r.type === 'AWS::EC2::NetworkAclEntry') {
    const inbound = p.Egress !== true && p.Egress !== 'true' && String(p.RuleAction).toLowerCase() === 'allow';
    const ports = inbound && fromAnywhere(p) ? coveredPorts(p.Protocol, p.PortRange?.From, p.PortRange?.To) : [];
    return ports.length > 0 ? [{ kind: 'network ACL entry', ports }] : [];
  }
  const ingress: Record<string, any>[] =
    r.type === 'AWS::EC2::SecurityGroup' ? [p.SecurityGroupIngress ?? []].flat() : r.type === 'AWS::EC2::SecurityGroupIngress' ? [p] : [];
  return ingress
    .filter((rule) => rule && typeof rule === 'object' && fromAnywhere(rule))
    .map((rule) => ({ kind: 'security group ingress' as const, ports: coveredPorts(rule.IpProtocol, rule.FromPort, rule.ToPort) }))
    .filter((i) => i.ports.length > 0);
}

/** True when `r` admits the internet to any of `ports` through an ingress rule of `kind`. */
export function admitsInternetTo(r: Pick<TemplateResource, 'type' | 'properties'>, kind: IngressKind, ports: readonly number[]): boolean {
  return internetIngressToAdminPorts(r).some((i) => i.kind === kind && i.ports.some((port) => ports.includes(port)));
}

/** True when `flowLog` is a VPC-level flow log of ALL traffic of the VPC `vpcLogicalId` (same template). */
export function logsAllTrafficOf(flowLog: Pick<TemplateResource, 'type' | 'properties'>, vpcLogicalId: string): boolean {
  const p = flowLog.properties;
  return flowLog.type === 'AWS::EC2::FlowLog' && p.ResourceType === 'VPC' && p.TrafficType === 'ALL' && refTarget(p.ResourceId) === vpcLogicalId;
}

/** The VPCs of one template, split by whether a flow log of ALL their traffic is declared beside them (CIS 3.7). */
export function vpcFlowLogCoverage<R extends TemplateResource>(resources: readonly R[]): { readonly logged: R[]; readonly unlogged: R[] } {
  const vpcs = resources.filter((r) => r.type === 'AWS::EC2::VPC');
  const isLogged = (vpc: R) => resources.some((r) => logsAllTrafficOf(r, vpc.logicalId));
  return { logged: vpcs.filter(isLogged), unlogged: vpcs.filter((v) => !isLogged(v)) };
}
