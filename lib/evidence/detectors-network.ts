/** Network and compute detectors (CIS 1.17, 3.7, 5.x): security groups, NACLs, flow logs, IMDSv2. */
import { admitsInternetTo, CIFS_PORTS, REMOTE_ADMIN_PORTS, vpcFlowLogCoverage, type IngressKind, type TemplateResource } from '../controls/network';
import { refTarget } from '../template';
import { conditionKeys, organizationPolicyStatements } from './policies';
import { localId, sameScope, type IndexedResource, type ResourceRef } from './resources';
import { inEveryAccount } from './coverage';

interface Result {
  readonly evidence: ResourceRef[];
  readonly violations: ResourceRef[];
  readonly prohibition?: boolean;
  readonly applicable?: boolean;
  readonly note?: string;
}
const ref = (r: IndexedResource): ResourceRef => ({ stack: r.stack, logicalId: r.logicalId });
const ofType = (rs: readonly IndexedResource[], ...types: string[]) => rs.filter((r) => types.includes(r.type));
const OPEN = new Set(['0.0.0.0/0', '::/0']);

/** Resources whose ingress rules admit the internet to one of `ports` (the control's own predicate). */
function admittingInternet(kind: IngressKind, ports: readonly number[]) {
  return (rs: readonly IndexedResource[]): Result => ({
    evidence: [],
    violations: rs.filter((r) => admitsInternetTo(r, kind, ports)).map(ref),
    prohibition: true,
  });
}

/**
 * A default VPC exists in every account and region until removed, with no flow logs and a default security
 * group that admits its own members: a control over "every VPC" holds only where the baseline's
 * `DefaultVpcRemoval` setting runs, in every account (management included) and governed region. Regions that
 * are not governed keep theirs (the region guardrail denies using them), which the note says.
 */
function withDefaultVpcsRemoved(templateVpcs: Result, rs: readonly IndexedResource[]): Result {
  const removal = inEveryAccount(
    rs.filter((r) => (r.type.startsWith('Custom::') || r.type === 'AWS::CloudFormation::CustomResource') && r.properties.Setting === 'DefaultVpcRemoval'),
    rs,
    true,
  );
  if (removal.evidence.length === 0) {
    const where = removal.note ?? 'no DefaultVpcRemoval setting in any account';
    return { evidence: [], violations: templateVpcs.violations, applicable: true, note: `default VPCs are not removed everywhere (${where})` };
  }
  return { evidence: [...templateVpcs.evidence, ...removal.evidence], violations: templateVpcs.violations, applicable: true };
}

/** Every VPC, judged by the control's flow-log predicate within its own template (a stack, or a StackSet's body). */
function vpcFlowLogs(rs: readonly IndexedResource[]): Result {
  const scopes = new Map<string, Array<TemplateResource & { readonly indexed: IndexedResource }>>();
  for (const r of rs) {
    const key = JSON.stringify([r.stack, r.stackSet ?? null]);
    // The predicate reads logical IDs as the template writes them, without the StackSet prefix.
    scopes.set(key, [...(scopes.get(key) ?? []), { logicalId: localId(r), type: r.type, properties: r.properties, indexed: r }]);
  }
  const coverage = [...scopes.values()].map((scope) => vpcFlowLogCoverage(scope));
  const logged = coverage.flatMap((c) => c.logged.map((v) => ref(v.indexed)));
  const unlogged = coverage.flatMap((c) => c.unlogged.map((v) => ref(v.indexed)));
  return { evidence: logged, violations: unlogged, applicable: logged.length + unlogged.length > 0 };
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
  vpcFlowLogs: (rs) => withDefaultVpcsRemoved(vpcFlowLogs(rs), rs),
  defaultSecurityGroupRestricted: (rs) => withDefaultVpcsRemoved(perVpc(rs, 'Custom::VpcRestrictDefaultSG', 'DefaultSecurityGroupId'), rs),
  noCifsFromInternet: admittingInternet('security group ingress', CIFS_PORTS),
  noAdminPortsFromInternet: admittingInternet('security group ingress', REMOTE_ADMIN_PORTS),
  noNaclAdminPortsFromInternet: admittingInternet('network ACL entry', REMOTE_ADMIN_PORTS),
  peeringRoutesLeastAccess: (rs) => {
    const routes = ofType(rs, 'AWS::EC2::Route').filter((r) => r.properties.VpcPeeringConnectionId !== undefined);
    const wide = routes.filter((r) => OPEN.has(r.properties.DestinationCidrBlock ?? r.properties.DestinationIpv6CidrBlock));
    return { evidence: [], violations: wide.map(ref), prohibition: true, applicable: routes.length > 0 };
  },
  imdsv2: imdsRequired,
};
