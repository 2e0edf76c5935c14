/**
 * Stand-in for `TieredVpc` (constructs/network/tiered-vpc.ts, being built in issue 6): a plain `ec2.Vpc`
 * with the same subnet group names (`public`, `app`, `data`), so SecureLoadBalancer and SecureDatabase find
 * their tiers. Switch to `TieredVpc` once it is on main; nothing else in the example changes.
 */
import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { AccessLogsBucket } from '../../constructs';

export function tierVpc(scope: Construct, id: string): ec2.Vpc {
  const vpc = new ec2.Vpc(scope, id, {
    ipAddresses: ec2.IpAddresses.cidr('10.20.0.0/16'),
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
      { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
    restrictDefaultSecurityGroup: false,
  });
  const flowLogs = new AccessLogsBucket(vpc, 'FlowLogs');
  vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toS3(flowLogs.bucket), trafficType: ec2.FlowLogTrafficType.ALL });
  for (const subnet of vpc.publicSubnets) {
    const route = subnet.node.tryFindChild('DefaultRoute') as ec2.CfnRoute | undefined;
    if (route) {
      Validations.of(route).acknowledge({
        id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
        reason: 'Public tier only: the internet-facing load balancer and the NAT gateway need the route to the internet gateway.',
      });
    }
  }
  Validations.of(vpc.node.defaultChild as ec2.CfnVPC).acknowledge({
    id: 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
    reason: 'Every resource of the product app has its own security group; TieredVpc (issue 6) also closes the default one.',
  });
  return vpc;
}
