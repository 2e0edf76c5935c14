import { adminPortsClosedToInternetRule, vpcFlowLogsRule } from '../../../lib/checks/network-rules';
import { admitsInternetTo, internetIngressToAdminPorts, vpcFlowLogCoverage, type TemplateResource } from '../../../lib/controls/network';
import { complianceReport } from '../../../lib/evidence/compliance';
import { CONTROLS } from '../../../lib/evidence/controls';
import type { CfnTemplate } from '../../../lib/template';

type Resources = NonNullable<CfnTemplate['Resources']>;
const R = (Type: string, Properties: Record<string, unknown>) => ({ Type, Properties });
const nacl = (props: Record<string, unknown>) => R('AWS::EC2::NetworkAclEntry', { Egress: false, RuleAction: 'allow', RuleNumber: 100, ...props });
const sgRule = (props: Record<string, unknown>) => R('AWS::EC2::SecurityGroupIngress', { GroupId: 'sg-1', ...props });
const asResource = (logicalId: string, r: { Type: string; Properties: Record<string, unknown> }): TemplateResource => ({
  logicalId,
  type: r.Type,
  properties: r.Properties,
});

describe('internetIngressToAdminPorts (CIS 5.1.2, 5.2, 5.3/5.4)', () => {
  test('an HTTPS rule from anywhere, SSH from the VPC and an egress or deny entry admit no admin port', () => {
    expect(internetIngressToAdminPorts(asResource('Https', sgRule({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' })))).toEqual([]);
    expect(internetIngressToAdminPorts(asResource('Ssh', sgRule({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8' })))).toEqual([]);
    expect(internetIngressToAdminPorts(asResource('Out', nacl({ Egress: true, Protocol: -1, CidrBlock: '0.0.0.0/0' })))).toEqual([]);
    expect(internetIngressToAdminPorts(asResource('Deny', nacl({ RuleAction: 'deny', Protocol: -1, CidrBlock: '0.0.0.0/0' })))).toEqual([]);
    // ICMP's FromPort/ToPort are a type and code, not ports.
    expect(internetIngressToAdminPorts(asResource('Ping', sgRule({ IpProtocol: 'icmp', FromPort: 8, ToPort: 30, CidrIp: '0.0.0.0/0' })))).toEqual([]);
  });

  test('RDP over UDP, an all-protocols NACL entry from ::/0 and a wide TCP range are each found, with the ports they open', () => {
    expect(internetIngressToAdminPorts(asResource('Udp', sgRule({ IpProtocol: 'udp', FromPort: 3389, ToPort: 3389, CidrIp: '0.0.0.0/0' })))).toEqual([
      { kind: 'security group ingress', ports: [3389] },
    ]);
    expect(internetIngressToAdminPorts(asResource('All', nacl({ Protocol: -1, Ipv6CidrBlock: '::/0' })))).toEqual([
      { kind: 'network ACL entry', ports: [22, 3389, 445] },
    ]);
    expect(internetIngressToAdminPorts(asResource('Wide', nacl({ Protocol: '6', CidrBlock: '0.0.0.0/0', PortRange: { From: '1', To: '1024' } })))).toEqual([
      { kind: 'network ACL entry', ports: [22, 445] },
    ]);
  });

  test('admitsInternetTo keeps the kinds and ports of each CIS recommendation apart', () => {
    const smbNacl = asResource('Smb', nacl({ Protocol: 6, CidrBlock: '0.0.0.0/0', PortRange: { From: 445, To: 445 } }));
    expect(admitsInternetTo(smbNacl, 'network ACL entry', [445])).toBe(true);
    expect(admitsInternetTo(smbNacl, 'network ACL entry', [22, 3389])).toBe(false);
    expect(admitsInternetTo(smbNacl, 'security group ingress', [445])).toBe(false);
  });
});

describe('vpcFlowLogCoverage (CIS 3.7)', () => {
  test('a VPC-level flow log of ALL traffic covers its VPC, by Ref or GetAtt', () => {
    const resources = [
      asResource('Vpc', R('AWS::EC2::VPC', {})),
      asResource('Log', R('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', ResourceId: { 'Fn::GetAtt': ['Vpc', 'VpcId'] } })),
    ];
    expect(vpcFlowLogCoverage(resources)).toEqual({ logged: [resources[0]], unlogged: [] });
  });

  test('a REJECT-only log, a subnet-level log or a log of another VPC does not cover it', () => {
    const resources = [
      asResource('Vpc', R('AWS::EC2::VPC', {})),
      asResource('Reject', R('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'REJECT', ResourceId: { Ref: 'Vpc' } })),
      asResource('Subnet', R('AWS::EC2::FlowLog', { ResourceType: 'Subnet', TrafficType: 'ALL', ResourceId: { Ref: 'Vpc' } })),
      asResource('Other', R('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', ResourceId: { Ref: 'OtherVpc' } })),
    ];
    expect(vpcFlowLogCoverage(resources)).toEqual({ logged: [], unlogged: [resources[0]] });
  });
});

/**
 * The synth rule and the compliance report on the same template: every resource the rule fails is a
 * violation of some CIS row, and the reverse, except where the landing zone is stricter than the
 * benchmark (SMB through a NACL, which CIS 5.2 does not list).
 */
describe('the synth rule and the compliance detectors agree', () => {
  const fixtures: Resources = {
    Vpc: R('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' }),
    RejectOnly: R('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'REJECT', ResourceId: { Ref: 'Vpc' } }),
    LoggedVpc: R('AWS::EC2::VPC', { CidrBlock: '10.1.0.0/16' }),
    AllTraffic: R('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', ResourceId: { Ref: 'LoggedVpc' } }),
    RdpOverUdp: R('AWS::EC2::SecurityGroup', { SecurityGroupIngress: [{ IpProtocol: 'udp', FromPort: 3389, ToPort: 3389, CidrIp: '0.0.0.0/0' }] }),
    SmbFromIpv6: sgRule({ IpProtocol: '6', FromPort: 445, ToPort: 445, CidrIpv6: '::/0' }),
    NaclAllProtocols: nacl({ Protocol: -1, CidrBlock: '0.0.0.0/0' }),
    NaclSshFromIpv6: nacl({ Protocol: 6, Ipv6CidrBlock: '::/0', PortRange: { From: 22, To: 22 } }),
    NaclEphemeral: nacl({ Protocol: 6, CidrBlock: '0.0.0.0/0', PortRange: { From: 3390, To: 65535 } }),
    NaclEgress: nacl({ Egress: true, Protocol: -1, CidrBlock: '0.0.0.0/0' }),
    HttpsOnly: R('AWS::EC2::SecurityGroup', { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }] }),
    // CIS 3.7 also needs the default VPCs gone (the baseline's setting); the flow-log predicate is what this compares.
    DefaultVpcRemoval: R('AWS::CloudFormation::CustomResource', { Setting: 'DefaultVpcRemoval' }),
  };
  const stack = { stackPath: 'S', templatePath: 'S.template.json', template: { Resources: fixtures } };
  const ruleFailing = (rule: typeof vpcFlowLogsRule) => [...new Set(rule.check([stack]).map((f) => f.logicalId))].sort();
  const report = complianceReport([stack], CONTROLS);
  const violating = (...ids: string[]) =>
    [...new Set(report.controls.filter((c) => ids.includes(c.id)).flatMap((c) => c.violations.map((v) => v.logicalId)))].sort();

  test('flow logs: the rule and CIS 3.7 both fail the VPC with a REJECT-only log and pass the one logging ALL traffic', () => {
    expect(ruleFailing(vpcFlowLogsRule)).toEqual(['Vpc']);
    expect(violating('CIS 3.7')).toEqual(['Vpc']);
    expect(report.controls.find((c) => c.id === 'CIS 3.7')?.evidence.map((e) => e.logicalId)).toEqual(['LoggedVpc', 'DefaultVpcRemoval']);
  });

  test('admin ports: the rule fails exactly what CIS 5.1.2, 5.2 and 5.3/5.4 call violated (UDP 3389, protocol -1, ::/0)', () => {
    expect(ruleFailing(adminPortsClosedToInternetRule)).toEqual(['NaclAllProtocols', 'NaclSshFromIpv6', 'RdpOverUdp', 'SmbFromIpv6']);
    expect(violating('CIS 5.1.2', 'CIS 5.2', 'CIS 5.3/5.4')).toEqual(ruleFailing(adminPortsClosedToInternetRule));
    expect(violating('CIS 5.1.2')).toEqual(['SmbFromIpv6']);
    expect(violating('CIS 5.2')).toEqual(['NaclAllProtocols', 'NaclSshFromIpv6']);
    expect(violating('CIS 5.3/5.4')).toEqual(['RdpOverUdp']);
  });

  test('the one intended difference: SMB through a NACL fails the synth rule, and no CIS row names it', () => {
    const smb = { ...stack, template: { Resources: { Smb: nacl({ Protocol: 6, CidrBlock: '0.0.0.0/0', PortRange: { From: 445, To: 445 } }) } } };
    expect(adminPortsClosedToInternetRule.check([smb]).map((f) => f.message)).toEqual(['network ACL entry admits the internet to port 445; allowed: none']);
    const cis = complianceReport([smb], CONTROLS).controls.filter((c) => ['CIS 5.1.2', 'CIS 5.2', 'CIS 5.3/5.4'].includes(c.id));
    expect(cis.flatMap((c) => c.violations)).toEqual([]);
  });
});
