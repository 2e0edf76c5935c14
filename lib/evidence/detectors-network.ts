/** Network and compute detectors (CIS 1.17, 3.7, 5.x): security groups, NACLs, flow logs, IMDSv2. */
import { conditionKeys, organizationPolicyStatements } from './policies';
import { asList, isTrue, localId, refTarget, sameScope, type IndexedResource, type ResourceRef } from './resources';

interface Result {
  readonly evidence: ResourceRef[];
  readonly violations: ResourceRef[];
  readonly prohibition?: boolean;
  readonly applicable?: boolean;
}
const ref = (r: IndexedResource): ResourceRef => ({ stack: r.stack, logicalId: r.logicalId });
const ofType = (rs: readonly IndexedResource[], ...types: string[]) => rs.filter((r) => types.includes(r.type));
const OPEN = new Set(['0.0.0.0/0', '::/0']);

interface Rule {
  readonly owner: IndexedResource;
  readonly protocol: string;
  readonly from?: number;
  readonly to?: number;
  readonly cidr?: string;
}

/** Ingress rules from security groups (inline) and standalone ingress resources. */
export function ingressRules(rs: readonly IndexedResource[]): Rule[] {
  const rule = (owner: IndexedResource, p: Record<string, any>): Rule => ({
    owner,
    protocol: String(p.IpProtocol ?? ''),
    from: p.FromPort === undefined ? undefined : Number(p.FromPort),
    to: p.ToPort === undefined ? undefined : Number(p.ToPort),
    cidr: p.CidrIp ?? p.CidrIpv6,
  });
  return [
    ...ofType(rs, 'AWS::EC2::SecurityGroup').flatMap((sg) => asList<any>(sg.properties.SecurityGroupIngress).map((p) => rule(sg, p))),
    ...ofType(rs, 'AWS::EC2::SecurityGroupIngress').map((r) => rule(r, r.properties)),
  ];
}

/** True when a rule open to the internet admits `port` over TCP. */
export function opensPort(r: Rule, port: number): boolean {
  if (!r.cidr || !OPEN.has(r.cidr)) return false;
  if (r.protocol === '-1' || r.protocol === 'all') return true;
  if (r.protocol !== 'tcp' && r.protocol !== '6') return false;
  const from = r.from ?? 0;
  const to = r.to ?? 65535;
  return (from === -1 && to === -1) || (from <= port && port <= to);
}

function sgOpen(ports: number[]) {
  return (rs: readonly IndexedResource[]): Result => ({
    evidence: [],
    violations: ingressRules(rs)
      .filter((r) => ports.some((p) => opensPort(r, p)))
      .map((r) => ref(r.owner)),
    prohibition: true,
  });
}

function naclOpensAdmin(e: IndexedResource): boolean {
  const p = e.properties;
  if (isTrue(p.Egress) || String(p.RuleAction).toLowerCase() !== 'allow') return false;
  if (!OPEN.has(p.CidrBlock ?? p.Ipv6CidrBlock)) return false;
  const protocol = String(p.Protocol);
  if (protocol === '-1') return true;
  if (protocol !== '6') return false;
  const from = Number(p.PortRange?.From ?? 0);
  const to = Number(p.PortRange?.To ?? 65535);
  return [22, 3389].some((port) => from <= port && port <= to);
}

/** VPCs of `rs` and, per VPC, whether some resource of `type` points at it through `prop`. */
function perVpc(rs: readonly IndexedResource[], type: string, prop: string): Result {
  const vpcs = ofType(rs, 'AWS::EC2::VPC');
  const holders = ofType(rs, type);
  const covered = (vpc: IndexedResource) =>
    holders.some((h) => sameScope(h, vpc) && JSON.stringify(h.properties[prop] ?? null).includes(`"${localId(vpc)}"`));
  return { evidence: vpcs.filter(covered).map(ref), violations: vpcs.filter((v) => !covered(v)).map(ref), applicable: vpcs.length > 0 };
}

function imdsRequired(rs: readonly IndexedResource[]): Result {
  const templates = ofType(rs, 'AWS::EC2::LaunchTemplate').filter(
    (lt) => lt.properties.LaunchTemplateData?.MetadataOptions?.HttpTokens === 'required',
  );
  const instances = ofType(rs, 'AWS::EC2::Instance');
  // An instance uses a launch template by ID (Ref/GetAtt) or by name (CDK writes the name literally).
  const uses = (i: IndexedResource, lt: IndexedResource) => {
    const spec = i.properties.LaunchTemplate ?? {};
    return (
      sameScope(lt, i) &&
      (refTarget(spec.LaunchTemplateId) === localId(lt) ||
        refTarget(spec.LaunchTemplateName) === localId(lt) ||
        (spec.LaunchTemplateName !== undefined && JSON.stringify(spec.LaunchTemplateName) === JSON.stringify(lt.properties.LaunchTemplateName)))
    );
  };
  const ok = (i: IndexedResource) => i.properties.MetadataOptions?.HttpTokens === 'required' || templates.some((lt) => uses(i, lt));
  const scps = organizationPolicyStatements(rs, 'SERVICE_CONTROL_POLICY')
    .filter((s) => s.statement.Effect === 'Deny' && conditionKeys(s.statement).includes('ec2:metadatahttptokens'))
    .map((s) => s.resource);
  const declarative = ofType(rs, 'AWS::Organizations::Policy').filter(
    (p) => p.properties.Type === 'DECLARATIVE_POLICY_EC2' && /instance_metadata_defaults/.test(JSON.stringify(p.properties.Content)),
  );
  return {
    evidence: [...templates, ...instances.filter(ok), ...scps, ...declarative].map(ref),
    violations: instances.filter((i) => !ok(i)).map(ref),
  };
}

export const NETWORK_DETECTORS: Record<string, (rs: readonly IndexedResource[]) => Result> = {
  instanceRoles: (rs) => {
    const instances = ofType(rs, 'AWS::EC2::Instance');
    const ok = (i: IndexedResource) => i.properties.IamInstanceProfile !== undefined;
    return { evidence: instances.filter(ok).map(ref), violations: instances.filter((i) => !ok(i)).map(ref), applicable: instances.length > 0 };
  },
  vpcFlowLogs: (rs) => perVpc(rs, 'AWS::EC2::FlowLog', 'ResourceId'),
  defaultSecurityGroupRestricted: (rs) => perVpc(rs, 'Custom::VpcRestrictDefaultSG', 'DefaultSecurityGroupId'),
  noCifsFromInternet: sgOpen([445]),
  noAdminPortsFromInternet: sgOpen([22, 3389]),
  noNaclAdminPortsFromInternet: (rs) => ({
    evidence: [],
    violations: ofType(rs, 'AWS::EC2::NetworkAclEntry').filter(naclOpensAdmin).map(ref),
    prohibition: true,
  }),
  peeringRoutesLeastAccess: (rs) => {
    const routes = ofType(rs, 'AWS::EC2::Route').filter((r) => r.properties.VpcPeeringConnectionId !== undefined);
    const wide = routes.filter((r) => OPEN.has(r.properties.DestinationCidrBlock ?? r.properties.DestinationIpv6CidrBlock));
    return { evidence: [], violations: wide.map(ref), prohibition: true, applicable: routes.length > 0 };
  },
  imdsv2: imdsRequired,
};
