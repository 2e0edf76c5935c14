import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { cidrContains, cidrsOverlap, planSubnets } from '../../../constructs/network/subnet-plan';
import { TieredVpc, type TieredVpcProps } from '../../../constructs/network/tiered-vpc';
import { tierRequests } from '../../../constructs/network/tiers';
import { FLOW_LOG_FORMAT } from '../../../constructs/network/vpc-logging';

const AZS = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const BUCKET_ARN = 'arn:aws:s3:::acme-log-archive-222222222222-eu-west-1';

/** A stack whose AZs come from the test, as the landing zone's network stack does (no lookup). */
class ZonedStack extends Stack {
  public override get availabilityZones(): string[] {
    return AZS;
  }
}

const BASE: TieredVpcProps = {
  cidr: '10.10.0.0/16',
  availabilityZones: AZS,
  organizationId: 'o-a1b2c3d4e5',
  flowLogBucketArn: BUCKET_ARN,
  tiers: { protectedData: 24 },
};

const EVERY_OPTION: TieredVpcProps = {
  ...BASE,
  flowLogsToCloudWatch: true,
  transitGateway: { id: 'tgw-0123456789abcdef0', officeCidrs: ['192.168.0.0/16'], customerGatewayIp: '203.0.113.10' },
  firewall: { allowedDomains: ['.amazonaws.com', 'github.com'], suricataRules: ['drop tcp $HOME_NET any -> $EXTERNAL_NET 25 (msg:"no SMTP"; sid:2000001; rev:1;)'] },
  interfaceEndpoints: ['ssm', 'ssmmessages', 'ec2messages', 'kms', 'logs', 'sts', 'secretsmanager', 'ecr.api', 'ecr.dkr', 'sqs', 'rds'],
};

function build(props: TieredVpcProps = BASE): { stack: Stack; vpc: TieredVpc; template: Template } {
  const stack = new ZonedStack(new App(), 'Net', { env: { account: '333333333333', region: 'eu-west-1' } });
  const vpc = new TieredVpc(stack, 'Network', props);
  return { stack, vpc, template: Template.fromStack(stack) };
}

const resources = (t: Template, type: string): Array<[string, any]> => Object.entries(t.findResources(type));
const ref = (stack: Stack, token: string): string => (stack.resolve(token) as { Ref: string }).Ref;

describe('TieredVpc with every option on (3 AZs)', () => {
  const { stack, vpc, template } = build(EVERY_OPTION);
  const tierOf = new Map<string, string>(); // subnet CIDR -> tier
  for (const s of vpc.plan) tierOf.set(s.cidr, s.tier);
  const cidrsOf = (tier: string) => vpc.plan.filter((s) => s.tier === tier).map((s) => s.cidr);

  test('lays out exactly the planned subnets, named by tier, inside the VPC and non-overlapping', () => {
    const plan = planSubnets('10.10.0.0/16', 3, tierRequests({ protectedData: 24 }, { firewall: true, transit: true }));
    if (!plan.ok) throw new Error(plan.problem);
    const subnets = resources(template, 'AWS::EC2::Subnet').map(([, r]) => ({
      cidr: r.Properties.CidrBlock as string,
      az: r.Properties.AvailabilityZone as string,
      tier: r.Properties.Tags.find((t: any) => t.Key === 'aws-cdk:subnet-name').Value as string,
    }));
    expect(subnets.map((s) => [s.tier, s.az, s.cidr]).sort()).toEqual(plan.subnets.map((s) => [s.tier, AZS[s.azIndex], s.cidr]).sort());
    for (const s of subnets) expect(cidrContains('10.10.0.0/16', s.cidr)).toBe(true);
    for (let i = 0; i < subnets.length; i++) {
      for (let j = i + 1; j < subnets.length; j++) expect(cidrsOverlap(subnets[i].cidr, subnets[j].cidr)).toBe(false);
    }
    for (const tier of ['public', 'app', 'data', 'protected-data', 'admin', 'monitoring']) {
      expect(vpc.vpc.selectSubnets({ subnetGroupName: tier }).subnets).toHaveLength(3);
    }
  });

  test('data and protected-data route tables have no route at all (no IGW, NAT, firewall or transit gateway)', () => {
    const isolated = [...vpc.subnetsOf('data'), ...vpc.subnetsOf('protected-data')].map((s) => ref(stack, s.routeTable.routeTableId));
    expect(isolated).toHaveLength(6);
    const routes = resources(template, 'AWS::EC2::Route').filter(([, r]) => isolated.includes(r.Properties.RouteTableId.Ref));
    expect(routes).toEqual([]);
  });

  test('app, admin and monitoring route to the NAT gateway of their own AZ', () => {
    for (const tier of ['app', 'admin', 'monitoring'] as const) {
      vpc.subnetsOf(tier).forEach((subnet, i) => {
        const nat = resources(template, 'AWS::EC2::Route').find(
          ([, r]) => r.Properties.RouteTableId.Ref === ref(stack, subnet.routeTable.routeTableId) && r.Properties.NatGatewayId,
        );
        expect(nat?.[1].Properties.NatGatewayId.Ref).toMatch(new RegExp(`publicSubnet${i + 1}NATGateway`));
      });
    }
  });

  test('no NACL entry admits 0.0.0.0/0 or ::/0 to 22, 3389 or 445, and 22/3389 come only from admin subnets', () => {
    const entries = resources(template, 'AWS::EC2::NetworkAclEntry').map(([, r]) => r.Properties);
    const covers = (e: any, port: number) => e.Protocol === -1 || (e.PortRange.From <= port && port <= e.PortRange.To);
    const ingress = entries.filter((e) => !e.Egress && e.RuleAction === 'allow');
    expect(ingress.length).toBeGreaterThan(30);
    for (const port of [22, 3389, 445]) {
      const open = ingress.filter((e) => covers(e, port) && (e.CidrBlock === '0.0.0.0/0' || e.Ipv6CidrBlock === '::/0'));
      expect(open).toEqual([]);
    }
    const admin = cidrsOf('admin');
    for (const e of ingress.filter((x) => covers(x, 22) || covers(x, 3389))) expect(admin).toContain(e.CidrBlock);
    expect(entries.every((e) => e.Protocol === 6)).toBe(true);
  });

  test.each([
    // tier, expected ingress sources and ports beyond the ephemeral return range
    ['public', () => [...['443', '80'].map((p) => `0.0.0.0/0:${p}`), ...cross(cidrsOf('admin'), ['22', '3389'])]],
    ['app', () => [...cross(cidrsOf('public'), ['443', '8080']), ...cross(['192.168.0.0/16'], ['443', '8080']), ...cross(cidrsOf('admin'), ['22', '3389'])]],
    ['data', () => [...cross(cidrsOf('app'), ['3307', '5433']), ...cross(cidrsOf('admin'), ['22', '3389'])]],
    ['protected-data', () => [...cross(cidrsOf('app'), ['3307', '5433']), ...cross(cidrsOf('admin'), ['22', '3389'])]],
    ['admin', () => []],
    ['monitoring', () => ['10.10.0.0/16:443', ...cross(cidrsOf('admin'), ['22', '3389'])]],
    ['firewall', () => ['0.0.0.0/0:443', '0.0.0.0/0:80']],
    ['transit', () => cross(['192.168.0.0/16'], ['443', '8080'])],
  ] as const)("the %s tier's NACL admits exactly its adjacency plus ephemeral returns", (tier, expected) => {
    const aclId = ref(stack, vpc.acls.acls.get(tier)!.networkAclId);
    const ingress = resources(template, 'AWS::EC2::NetworkAclEntry')
      .map(([, r]) => r.Properties)
      .filter((e) => e.NetworkAclId.Ref === aclId && !e.Egress && e.RuleAction === 'allow');
    // Data tiers also deny their data ports from the rest of the VPC, numbered before the ephemeral returns.
    const denies = resources(template, 'AWS::EC2::NetworkAclEntry')
      .map(([, r]) => r.Properties)
      .filter((e) => e.NetworkAclId.Ref === aclId && !e.Egress && e.RuleAction === 'deny');
    if (tier === 'data' || tier === 'protected-data') {
      expect(denies.map((e) => `${e.CidrBlock}:${e.PortRange.From}`).sort()).toEqual(['10.10.0.0/16:3307', '10.10.0.0/16:5433']);
      const firstReturn = Math.min(...ingress.filter((e) => e.PortRange.From === 1024).map((e) => e.RuleNumber));
      for (const d of denies) expect(d.RuleNumber).toBeLessThan(firstReturn);
    } else {
      expect(denies).toEqual([]);
    }
    const ephemeralSource = tier === 'transit' ? '10.10.0.0/16' : '0.0.0.0/0';
    const ephemeral = [`${ephemeralSource}:1024-3388`, `${ephemeralSource}:3390-65535`];
    const seen = ingress.map((e) => `${e.CidrBlock}:${e.PortRange.From === e.PortRange.To ? e.PortRange.From : `${e.PortRange.From}-${e.PortRange.To}`}`);
    expect(seen.sort()).toEqual([...expected(), ...ephemeral].sort());
    // Every subnet of the tier is associated with the tier's NACL.
    const associated = resources(template, 'AWS::EC2::SubnetNetworkAclAssociation').filter(([, r]) => r.Properties.NetworkAclId.Ref === aclId);
    expect(associated).toHaveLength(3);
  });

  test('no security group admits 0.0.0.0/0 or ::/0 to 22, 3389 or 445; the default group is stripped (CIS 5.5)', () => {
    const inline = resources(template, 'AWS::EC2::SecurityGroup').flatMap(([, r]) => r.Properties.SecurityGroupIngress ?? []);
    const separate = resources(template, 'AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties);
    for (const rule of [...inline, ...separate]) {
      if (rule.CidrIp !== '0.0.0.0/0' && rule.CidrIpv6 !== '::/0') continue;
      for (const port of [22, 3389, 445]) expect(rule.IpProtocol !== '-1' && (rule.FromPort > port || rule.ToPort < port)).toBe(true);
    }
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  test('tier security groups admit only the adjacent tier\'s group; admin admits nothing', () => {
    const groups = vpc.securityGroups.groups;
    const id = (tier: string) => (stack.resolve(groups.get(tier as never)!.securityGroupId) as any)['Fn::GetAtt'][0];
    const ingressOf = (tier: string) =>
      resources(template, 'AWS::EC2::SecurityGroupIngress')
        .map(([, r]) => r.Properties)
        .filter((r) => r.GroupId['Fn::GetAtt'][0] === id(tier))
        .map((r) => `${r.SourceSecurityGroupId?.['Fn::GetAtt'][0] ?? r.CidrIp}:${r.FromPort}`)
        .sort();
    expect(ingressOf('app')).toEqual([`${id('admin')}:22`, `${id('admin')}:3389`, `${id('public')}:443`, `${id('public')}:8080`].sort());
    expect(ingressOf('data')).toEqual([`${id('admin')}:22`, `${id('admin')}:3389`, `${id('app')}:3307`, `${id('app')}:5433`].sort());
    expect(ingressOf('admin')).toEqual([]);
    const inline = (tier: string) => template.toJSON().Resources[id(tier)].Properties.SecurityGroupIngress ?? [];
    expect(inline('admin')).toEqual([]);
    expect(inline('public').map((r: any) => `${r.CidrIp}:${r.FromPort}`).sort()).toEqual(['0.0.0.0/0:443', '0.0.0.0/0:80']);
  });

  test('flow logs of ALL traffic go to the archive bucket with the shared field list, and to CloudWatch Logs', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 's3',
      LogDestination: BUCKET_ARN,
      LogFormat: FLOW_LOG_FORMAT,
    });
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: { KmsKeyId: Match.anyValue() } });
    expect(FLOW_LOG_FORMAT).toMatch(/^\$\{version\} \$\{account-id\} .* \$\{traffic-path\}$/);
    expect(FLOW_LOG_FORMAT).not.toContain('${region}');
  });

  test('Route 53 Resolver query logs go to the archive bucket', () => {
    template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfig', { DestinationArn: BUCKET_ARN });
    template.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', 1);
  });

  test('every endpoint admits only principals of the organization; interface endpoints use private DNS', () => {
    const endpoints = resources(template, 'AWS::EC2::VPCEndpoint').map(([, r]) => r.Properties);
    expect(endpoints).toHaveLength(13);
    const orgOnly = expect.objectContaining({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    });
    for (const e of endpoints) {
      const isS3 = JSON.stringify(e.ServiceName).includes('.s3');
      const [first, ...rest] = e.PolicyDocument.Statement;
      expect(first).toEqual(orgOnly);
      if (!isS3) expect(rest).toEqual([]);
      if (e.VpcEndpointType === 'Interface') expect(e.PrivateDnsEnabled).toBe(true);
    }
    // S3 also serves AWS-owned package, agent and image-layer buckets, read-only, to anyone in the VPC.
    const s3 = endpoints.find((e) => JSON.stringify(e.ServiceName).includes('.s3'));
    expect(s3.PolicyDocument.Statement[1]).toMatchObject({ Sid: 'ReadAwsOwnedBuckets', Action: 's3:GetObject' });
    const reads = JSON.stringify(s3.PolicyDocument.Statement[1].Resource);
    expect(reads).toContain(':s3:::al2023-repos-eu-west-1-de612dc2/*');
    expect(reads).toContain(':s3:::prod-eu-west-1-starport-layer-bucket/*');
    expect(reads).not.toMatch(/:s3:::\*/);
    expect(endpoints.filter((e) => e.VpcEndpointType === 'Gateway')).toHaveLength(2);
  });

  test('internet traffic of the public tier goes through the firewall endpoint of its AZ, both ways', () => {
    const publicTables = vpc.subnetsOf('public').map((s) => ref(stack, s.routeTable.routeTableId));
    const defaults = resources(template, 'AWS::EC2::Route').filter(
      ([, r]) => publicTables.includes(r.Properties.RouteTableId.Ref) && r.Properties.DestinationCidrBlock === '0.0.0.0/0',
    );
    expect(defaults).toHaveLength(3);
    for (const [, r] of defaults) {
      expect(r.Properties.GatewayId).toBeUndefined();
      expect(JSON.stringify(r.Properties.VpcEndpointId)).toMatch(/Firewall\d.*EndpointIds/);
    }
    template.resourceCountIs('AWS::EC2::GatewayRouteTableAssociation', 1);
    const edge = resources(template, 'AWS::EC2::Route').filter(([id]) => id.includes('InternetToPublic'));
    expect(edge).toHaveLength(3);
    template.hasResourceProperties('AWS::NetworkFirewall::FirewallPolicy', {
      FirewallPolicy: Match.objectLike({
        StatefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
        StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER' },
      }),
    });
    template.hasResourceProperties('AWS::NetworkFirewall::RuleGroup', {
      RuleGroup: Match.objectLike({
        RulesSource: { RulesSourceList: { GeneratedRulesType: 'ALLOWLIST', Targets: ['.amazonaws.com', 'github.com'], TargetTypes: ['TLS_SNI', 'HTTP_HOST'] } },
      }),
    });
    template.hasResourceProperties('AWS::NetworkFirewall::RuleGroup', {
      RuleGroup: Match.objectLike({ RulesSource: { RulesString: Match.stringLikeRegexp('no SMTP') } }),
    });
  });

  test('the transit gateway attaches in the transit subnets; only the app tier routes to the office; a VPN to the office', () => {
    template.hasResourceProperties('AWS::EC2::TransitGatewayAttachment', {
      TransitGatewayId: 'tgw-0123456789abcdef0',
      SubnetIds: vpc.subnetsOf('transit').map((s) => stack.resolve(s.subnetId)),
    });
    const office = resources(template, 'AWS::EC2::Route').filter(([, r]) => r.Properties.DestinationCidrBlock === '192.168.0.0/16');
    const appTables = vpc.subnetsOf('app').map((s) => ref(stack, s.routeTable.routeTableId));
    expect(office.map(([, r]) => r.Properties.RouteTableId.Ref).sort()).toEqual(appTables.sort());
    for (const [, r] of office) expect(r.DependsOn).toEqual([expect.stringMatching(/Transit/)]);
    template.hasResourceProperties('AWS::EC2::CustomerGateway', { IpAddress: '203.0.113.10', BgpAsn: 65000, Type: 'ipsec.1' });
    template.hasResourceProperties('AWS::EC2::VPNConnection', { TransitGatewayId: 'tgw-0123456789abcdef0', StaticRoutesOnly: false });
  });

  test('stays under 90% of the 500-resource CloudFormation limit', () => {
    const count = Object.keys(template.toJSON().Resources).length;
    expect(count).toBeLessThan(450);
  });
});

describe('NAT strategies', () => {
  test.each([
    ['per-az', 3],
    ['single', 1],
    ['none', 0],
  ] as const)('%s creates %i NAT gateway(s)', (natGateways, count) => {
    const { template } = build({ ...BASE, natGateways });
    template.resourceCountIs('AWS::EC2::NatGateway', count);
    if (count === 0) expect(resources(template, 'AWS::EC2::Route').filter(([, r]) => r.Properties.NatGatewayId)).toEqual([]);
  });

  test('transit: no NAT gateway; every egress-tier subnet (app, admin, monitoring) routes 0.0.0.0/0 to the transit gateway, after the attachment', () => {
    const tgw = 'tgw-0123456789abcdef0';
    const { vpc, template } = build({ ...BASE, natGateways: 'transit', transitGateway: { id: tgw } });
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::EIP', 0);
    const [attachmentId] = Object.keys(template.findResources('AWS::EC2::TransitGatewayAttachment'));
    const defaults = resources(template, 'AWS::EC2::Route').filter(([, r]) => r.Properties.DestinationCidrBlock === '0.0.0.0/0');
    const viaTransit = defaults.filter(([, r]) => r.Properties.TransitGatewayId === tgw);
    expect(viaTransit).toHaveLength(3 * 3); // three egress tiers in three AZs
    for (const [, r] of viaTransit) expect(r.DependsOn).toContain(attachmentId);
    const egressTables = new Set(['app', 'admin', 'monitoring'].flatMap((t) => vpc.subnetsOf(t as any).map((s) => JSON.stringify(Stack.of(vpc).resolve(s.routeTable.routeTableId)))));
    expect(new Set(viaTransit.map(([, r]) => JSON.stringify(r.Properties.RouteTableId)))).toEqual(egressTables);
    // The data tiers stay without a default route; the public tier keeps its internet gateway.
    expect(defaults.filter(([, r]) => r.Properties.GatewayId)).toHaveLength(3);
    expect(defaults).toHaveLength(9 + 3);
  });

  test('transit without a transit gateway is refused, naming the prop', () => {
    expect(() => build({ ...BASE, natGateways: 'transit' })).toThrow(/natGateways: 'transit' routes egress through the transit gateway, but no transitGateway is given/);
  });

  test('with no options, no firewall, transit or CloudWatch resources exist', () => {
    const { template } = build();
    template.resourceCountIs('AWS::NetworkFirewall::Firewall', 0);
    template.resourceCountIs('AWS::EC2::TransitGatewayAttachment', 0);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
  });
});

describe('props validation', () => {
  test('a CIDR too small for the tiers names the prop', () => {
    expect(() => build({ ...BASE, cidr: '10.10.0.0/20' })).toThrow(/cidr: "10\.10\.0\.0\/20" is too small for the tiers: 6 tiers × 3 AZs need 5568 addresses but a \/20 has 4096/);
  });
  test('one Availability Zone names the prop', () => {
    expect(() => build({ ...BASE, availabilityZones: ['eu-west-1a'] })).toThrow(/availabilityZones: \[eu-west-1a\] has 1 zone\(s\); a tiered VPC needs at least 2/);
  });
  test('a CIDR that is not /16 to /24 is rejected', () => {
    expect(() => build({ ...BASE, cidr: '10.0.0.0/8' })).toThrow(/cidr: "10\.0\.0\.0\/8" is not an IPv4 CIDR from \/16 to \/24/);
  });
  test('22, 3389 and 445 cannot be opened outside the admin ports; bad ports are rejected', () => {
    expect(() => build({ ...BASE, ports: { internet: [443, 22], app: [70000] } })).toThrow(
      /ports\.internet: 22 is reserved for the admin tier[\s\S]*ports\.app: 70000 is not a TCP port/,
    );
  });
  test('organization, transit gateway and office CIDR mistakes are all reported at once', () => {
    expect(() =>
      build({ ...BASE, organizationId: 'acme', transitGateway: { id: 'tgw-xyz', officeCidrs: ['10.10.5.0/24', 'office'] } }),
    ).toThrow(
      /organizationId: "acme" is not an AWS Organizations ID[\s\S]*transitGateway\.id: "tgw-xyz" is not a transit gateway ID[\s\S]*"10\.10\.5\.0\/24" overlaps the VPC CIDR 10\.10\.0\.0\/16[\s\S]*"office" is not an IPv4 CIDR/,
    );
  });

  test('too many NACL rules for one tier name the prop', () => {
    expect(() => build({ ...BASE, ports: { app: [8080, 8081, 8082, 8083, 8084, 8085] } })).toThrow(
      /ports: the app tier's network ACL needs 2\d ingress rules but a NACL allows 20/,
    );
  });
});

function cross(cidrs: readonly string[], ports: readonly string[]): string[] {
  return cidrs.flatMap((c) => ports.map((p) => `${c}:${p}`));
}
