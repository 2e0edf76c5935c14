import type { CfnTemplate, SynthesizedStack } from '../../../lib/template';
import { adminPortsClosedToInternetRule, vpcFlowLogsRule } from '../../../lib/checks/network-rules';

const stack = (Resources: CfnTemplate['Resources']): SynthesizedStack => ({ stackPath: 'S', templatePath: 'S.template.json', template: { Resources } });
const entry = (props: Record<string, unknown>) => ({ Type: 'AWS::EC2::NetworkAclEntry', Properties: { Egress: false, RuleAction: 'allow', Protocol: 6, ...props } });

describe('LZ-AdminPortsClosedToInternet', () => {
  test('passes NACL entries that split the ephemeral range around RDP and admin ports from a subnet', () => {
    const s = stack({
      Eph1: entry({ CidrBlock: '0.0.0.0/0', PortRange: { From: 1024, To: 3388 } }),
      Eph2: entry({ CidrBlock: '0.0.0.0/0', PortRange: { From: 3390, To: 65535 } }),
      Ssh: entry({ CidrBlock: '10.10.21.0/27', PortRange: { From: 22, To: 22 } }),
      Out: entry({ Egress: true, CidrBlock: '0.0.0.0/0', Protocol: -1 }),
      Deny: entry({ RuleAction: 'deny', CidrBlock: '0.0.0.0/0', Protocol: -1 }),
      Https: { Type: 'AWS::EC2::SecurityGroup', Properties: { SecurityGroupIngress: [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }] } },
    });
    expect(adminPortsClosedToInternetRule.check([s])).toEqual([]);
  });

  test('finds a range covering RDP, an all-traffic rule from ::/0, and SSH in a security group', () => {
    const s = stack({
      Wide: entry({ CidrBlock: '0.0.0.0/0', PortRange: { From: 1024, To: 65535 } }),
      All: entry({ Ipv6CidrBlock: '::/0', Protocol: -1 }),
      Sg: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 22, ToPort: 22 } },
    });
    expect(adminPortsClosedToInternetRule.check([s])).toEqual([
      { stackPath: 'S', logicalId: 'Wide', message: 'network ACL entry admits the internet to port 3389; allowed: none' },
      { stackPath: 'S', logicalId: 'All', message: 'network ACL entry admits the internet to port 22, 3389, 445; allowed: none' },
      { stackPath: 'S', logicalId: 'Sg', message: 'security group ingress admits the internet to port 22; allowed: none' },
    ]);
  });
});

describe('LZ-VpcFlowLogs', () => {
  test('passes a VPC with a flow log of ALL traffic and finds one without', () => {
    const s = stack({
      Logged: { Type: 'AWS::EC2::VPC', Properties: {} },
      Unlogged: { Type: 'AWS::EC2::VPC', Properties: {} },
      RejectOnly: { Type: 'AWS::EC2::FlowLog', Properties: { ResourceType: 'VPC', TrafficType: 'REJECT', ResourceId: { Ref: 'Unlogged' } } },
      Log: { Type: 'AWS::EC2::FlowLog', Properties: { ResourceType: 'VPC', TrafficType: 'ALL', ResourceId: { Ref: 'Logged' } } },
    });
    expect(vpcFlowLogsRule.check([s])).toEqual([{ stackPath: 'S', logicalId: 'Unlogged', message: 'VPC has no flow log of ALL traffic; required: one' }]);
  });
});
