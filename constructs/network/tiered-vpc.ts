import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeEveryPack } from '../core/opt-out';
import { throwIfProblems } from '../core/validation-error';
import { EgressFirewall } from './egress-firewall';
import { cidrsOverlap, planSubnets, parseCidr, type PlannedSubnet } from './subnet-plan';
import { TierNetworkAcls } from './tier-nacls';
import { TierSecurityGroups } from './tier-security-groups';
import {
  ADMIN_ONLY_PORTS,
  DEFAULT_TIER_PORTS,
  PORT_CLASSES,
  TIER_TABLES,
  tierRow,
  type TierName,
  type TierPorts,
  type TierTables,
  type WorkloadTier,
} from './tier-table';
import { tierRequests, type TierSizes } from './tiers';
import { TransitAttachment } from './transit-attachment';
import { VpcEndpoints } from './vpc-endpoints';
import { VpcLogging } from './vpc-logging';

/**
 * How private tiers with egress (app, admin, monitoring) reach the internet: NAT gateways of their own (one per AZ
 * or a single one), none at all, or `transit`: a default route to the transit gateway, whose owner runs one egress
 * VPC (NAT, firewall) for every attached VPC, so an added VPC costs one attachment instead of its own NAT gateways.
 */
export type NatStrategy = 'per-az' | 'single' | 'none' | 'transit';

/** Props for {@link TieredVpc}. */
export interface TieredVpcProps {
  /** IPv4 CIDR of the VPC, /16 to /24. */
  readonly cidr: string;
  /**
   * Availability Zone names (at least 2). Given explicitly so nothing is looked up at synth time; a stack
   * with an explicit env should also override `Stack.availabilityZones` to return them.
   */
  readonly availabilityZones: readonly string[];
  /** Prefix length of each tier's per-AZ subnet; set `protectedData` to add that tier. @default DEFAULT_TIER_SIZES */
  readonly tiers?: TierSizes;
  /** One NAT gateway per AZ, a single one, none (no internet egress at all), or through the transit gateway (needs `transitGateway`). @default 'per-az' */
  readonly natGateways?: NatStrategy;
  /** Ports of each kind of flow between tiers. @default DEFAULT_TIER_PORTS */
  readonly ports?: Partial<TierPorts>;
  /** Organization ID (`o-...`): endpoint policies admit only its principals. */
  readonly organizationId: string;
  /** Interface endpoints (private DNS on). @default ['ssm', 'ssmmessages', 'ec2messages', 'kms', 'logs', 'sts'] */
  readonly interfaceEndpoints?: readonly string[];
  /**
   * ARN of the log archive bucket receiving flow logs (and resolver query logs, firewall alerts).
   * @see CIS AWS Foundations 3.7, Security Hub EC2.6
   */
  readonly flowLogBucketArn: string;
  /** Also send flow logs to a KMS-encrypted CloudWatch Logs group (RETAIN). @default false */
  readonly flowLogsToCloudWatch?: boolean;
  /** Retention of that log group. @default logs.RetentionDays.ONE_YEAR */
  readonly cloudWatchRetention?: logs.RetentionDays;
  /** Route 53 Resolver query logging to the bucket. @default true */
  readonly resolverQueryLogging?: boolean;
  /** Attach to a transit gateway (dedicated /28 subnets), optionally with a VPN to the office. @default - none */
  readonly transitGateway?: {
    readonly id: string;
    /** Office networks that may reach the app tier. @default [] */
    readonly officeCidrs?: readonly string[];
    /** Customer gateway public IP: adds a site-to-site VPN. @default - no VPN */
    readonly customerGatewayIp?: string;
    /** @default 65000 */
    readonly customerGatewayAsn?: number;
  };
  /** AWS Network Firewall egress filtering in dedicated /28 subnets. @default - none */
  readonly firewall?: {
    readonly allowedDomains: readonly string[];
    /** @default [] */
    readonly suricataRules?: readonly string[];
  };
}

/**
 * The subnet type of a tier, from its routing in the tier table. NAT `none` leaves nothing with egress; with
 * `transit` the egress tiers are isolated as far as CDK knows and get their default route from `TransitAttachment`.
 */
export function subnetTypeOf(tier: string, nat: NatStrategy, tables: TierTables = TIER_TABLES): ec2.SubnetType {
  const routing = tierRow(tier, tables).routing;
  if (routing === 'public') return ec2.SubnetType.PUBLIC;
  if (routing === 'egress' && nat !== 'none' && nat !== 'transit') return ec2.SubnetType.PRIVATE_WITH_EGRESS;
  return ec2.SubnetType.PRIVATE_ISOLATED;
}

/**
 * A VPC segmented into tiers: `public`, `app`, `data`, optional `protected-data`, `admin`, `monitoring`
 * (subnet group names), with the subnets of `planSubnets`, so the landing-zone config check and the
 * construct agree to the address.
 *
 * Default settings:
 * - one NACL per tier admitting only the tier adjacency; 22/3389 only from admin subnets (CIS 5.2);
 * - data and protected-data tiers have no route to an internet or NAT gateway;
 * - the default security group has no rules (CIS 5.5); a security group per tier with adjacency ingress;
 * - flow logs of ALL traffic to the archive bucket (CIS 3.7); Resolver query logs to the bucket;
 * - S3 and DynamoDB gateway endpoints, interface endpoints with private DNS, organization-only policies;
 * - a NAT gateway per AZ; no public IPs assigned on launch, even in the public tier.
 */
export class TieredVpc extends Construct {
  /**
   * The VPC. Pass it to other constructs and pick subnets by tier name (`subnetGroupName: 'app'`, or
   * {@link subnetsOf}); its subnet CIDRs are those of {@link plan}.
   */
  public readonly vpc: ec2.Vpc;
  /** The planned subnets (tier, AZ index, CIDR): the exact addresses, known at synth, for routes and rules elsewhere. */
  public readonly plan: readonly PlannedSubnet[];
  /** The network ACL of each tier (`acls.acls.get('data')`). Read them; add entries only with care, they are the tier boundary. */
  public readonly acls: TierNetworkAcls;
  /**
   * A security group per workload tier with the tier adjacency as ingress. Put workloads in their tier's
   * group (`securityGroups.groups.get('app')`) so the adjacent tiers reach them.
   */
  public readonly securityGroups: TierSecurityGroups;
  /** The S3 and DynamoDB gateway endpoints and the interface endpoints, with organization-only policies. */
  public readonly endpoints: VpcEndpoints;
  /** The flow log to the archive bucket, the Resolver query logging (on by default) and the CloudWatch copy (when asked for). */
  public readonly logging: VpcLogging;
  /** The egress firewall when `firewall` was passed; undefined otherwise. */
  public readonly firewall?: EgressFirewall;
  /** The transit gateway attachment (and VPN) when `transitGateway` was passed; undefined otherwise. */
  public readonly transit?: TransitAttachment;

  constructor(scope: Construct, id: string, props: TieredVpcProps) {
    super(scope, id);
    const ports: TierPorts = { ...DEFAULT_TIER_PORTS, ...props.ports };
    const requests = tierRequests(props.tiers ?? {}, { firewall: props.firewall !== undefined, transit: props.transitGateway !== undefined });
    const azs = [...props.availabilityZones];
    this.plan = validate(this, props, ports, requests);
    const nat = props.natGateways ?? 'per-az';

    this.vpc = new ec2.Vpc(this, 'Resource', {
      ipAddresses: new PlannedIpAddresses(props.cidr, this.plan, azs),
      availabilityZones: azs,
      subnetConfiguration: requests.map((t) => ({
        name: t.name,
        cidrMask: t.prefix,
        subnetType: subnetTypeOf(t.name, nat),
        ...(tierRow(t.name).routing === 'public' ? { mapPublicIpOnLaunch: false } : {}),
      })),
      natGateways: nat === 'per-az' ? azs.length : nat === 'single' ? 1 : 0,
      natGatewaySubnets: { subnetGroupName: 'public' },
      restrictDefaultSecurityGroup: true,
      enableDnsHostnames: true,
      enableDnsSupport: true,
    });

    // CDK's stack-wide provider behind restrictDefaultSecurityGroup (Control Tower CT.LAMBDA.PR.3).
    const restrictProvider = Stack.of(this).node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
    if (restrictProvider) {
      acknowledgeEveryPack(
        restrictProvider,
        ['cdk-validator-cfnguard::lambda_inside_vpc_check'],
        "CDK's provider that strips the default security group's rules calls only the EC2 API, at deployment; placing it in the VPC it configures would add endpoints or NAT for no data it handles.",
      );
    }

    // The public tier exists to reach the internet: its default route to the internet gateway is the design.
    for (const subnet of this.subnetsOf('public')) {
      const route = subnet.node.tryFindChild('DefaultRoute');
      if (route) {
        acknowledgeEveryPack(
          route,
          ['NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW'],
          'Only the public tier (load balancers, NAT gateways) routes to the internet gateway; inbound from the internet its NACL admits the listener ports and the ephemeral range (stateless return traffic), and its security group admits only the listener ports.',
        );
      }
    }

    const tierCidrs = new Map<TierName, string[]>();
    for (const s of this.plan) tierCidrs.set(s.tier as TierName, [...(tierCidrs.get(s.tier as TierName) ?? []), s.cidr]);
    const officeCidrs = props.transitGateway?.officeCidrs ?? [];
    this.acls = new TierNetworkAcls(this, 'Acls', { vpc: this.vpc, vpcCidr: props.cidr, tierCidrs, ports, officeCidrs });
    this.securityGroups = new TierSecurityGroups(this, 'SecurityGroups', {
      vpc: this.vpc,
      vpcCidr: props.cidr,
      tiers: [...tierCidrs.keys()].filter((t): t is WorkloadTier => tierRow(t).kind === 'workload'),
      ports,
    });
    this.endpoints = new VpcEndpoints(this, 'Endpoints', {
      vpc: this.vpc,
      vpcCidr: props.cidr,
      organizationId: props.organizationId,
      interfaceEndpoints: props.interfaceEndpoints ?? ['ssm', 'ssmmessages', 'ec2messages', 'kms', 'logs', 'sts'],
    });
    this.logging = new VpcLogging(this, 'Logging', {
      vpc: this.vpc,
      logBucketArn: props.flowLogBucketArn,
      flowLogsToCloudWatch: props.flowLogsToCloudWatch,
      cloudWatchRetention: props.cloudWatchRetention,
      resolverQueryLogging: props.resolverQueryLogging,
    });
    if (props.firewall) {
      this.firewall = new EgressFirewall(this, 'Firewall', {
        vpc: this.vpc,
        vpcCidr: props.cidr,
        firewallSubnets: this.subnetsOf('firewall'),
        publicSubnets: this.subnetsOf('public'),
        internetGatewayId: this.vpc.internetGatewayId!,
        allowedDomains: props.firewall.allowedDomains,
        suricataRules: props.firewall.suricataRules,
        inboundPorts: ports.internet,
        alertLogBucketName: bucketNameOf(props.flowLogBucketArn),
      });
    }
    if (props.transitGateway) {
      this.transit = new TransitAttachment(this, 'Transit', {
        vpc: this.vpc,
        transitGatewayId: props.transitGateway.id,
        subnets: this.subnetsOf('transit'),
        routedSubnets: this.subnetsOf('app'),
        egressSubnets: nat === 'transit' ? requests.filter((t) => tierRow(t.name).routing === 'egress').flatMap((t) => this.subnetsOf(t.name as TierName)) : [],
        officeCidrs,
        customerGatewayIp: props.transitGateway.customerGatewayIp,
        customerGatewayAsn: props.transitGateway.customerGatewayAsn,
      });
    }
  }

  /** The subnets of one tier, in AZ order. */
  public subnetsOf(tier: TierName): ec2.ISubnet[] {
    return this.vpc.selectSubnets({ subnetGroupName: tier }).subnets;
  }
}

/** Hands `ec2.Vpc` the exact CIDRs of the plan instead of letting it split the range itself. */
class PlannedIpAddresses implements ec2.IIpAddresses {
  constructor(
    private readonly cidr: string,
    private readonly plan: readonly PlannedSubnet[],
    private readonly azs: readonly string[],
  ) {}

  public allocateVpcCidr(): ec2.VpcIpamOptions {
    return { cidrBlock: this.cidr };
  }

  public allocateSubnetsCidr(input: ec2.AllocateCidrRequest): ec2.SubnetIpamOptions {
    return {
      allocatedSubnets: input.requestedSubnets.map((r) => {
        const planned = this.plan.find((s) => s.tier === r.configuration.name && this.azs[s.azIndex] === r.availabilityZone);
        if (!planned) throw new Error(`no planned subnet for ${r.configuration.name} in ${r.availabilityZone}`);
        return { cidr: planned.cidr };
      }),
    };
  }
}

function bucketNameOf(arn: string): string | undefined {
  if (Token.isUnresolved(arn)) return undefined;
  return /^arn:[a-z-]+:s3:::([^/]+)$/.exec(arn)?.[1];
}

/** Every problem with the props at once, or the subnet plan. */
function validate(scope: Construct, props: TieredVpcProps, ports: TierPorts, requests: ReturnType<typeof tierRequests>): PlannedSubnet[] {
  const problems: string[] = [];
  const cidrOk = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(props.cidr);
  const prefix = cidrOk ? parseCidr(props.cidr).prefix : NaN;
  if (!cidrOk || prefix < 16 || prefix > 24) problems.push(`cidr: "${props.cidr}" is not an IPv4 CIDR from /16 to /24`);
  const azs = props.availabilityZones;
  if (azs.length < 2) problems.push(`availabilityZones: [${azs.join(', ')}] has ${azs.length} zone(s); a tiered VPC needs at least 2`);
  if (new Set(azs).size !== azs.length) problems.push(`availabilityZones: [${azs.join(', ')}] lists a zone twice`);
  for (const name of PORT_CLASSES) {
    for (const p of ports[name]) {
      if (!Number.isInteger(p) || p < 1 || p > 65535) problems.push(`ports.${name}: ${p} is not a TCP port (1-65535)`);
      else if (name !== 'admin' && ADMIN_ONLY_PORTS.includes(p)) {
        problems.push(`ports.${name}: ${p} is reserved for the admin tier (${ADMIN_ONLY_PORTS.slice(0, -1).join(', ')} and ${ADMIN_ONLY_PORTS.at(-1)} are only opened from admin subnets)`);
      }
    }
  }
  if (!Token.isUnresolved(props.organizationId) && !/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
    problems.push(`organizationId: "${props.organizationId}" is not an AWS Organizations ID (o-...)`);
  }
  if (props.natGateways === 'transit' && !props.transitGateway) {
    problems.push("natGateways: 'transit' routes egress through the transit gateway, but no transitGateway is given");
  }
  const transitId = props.transitGateway?.id;
  if (transitId !== undefined && !Token.isUnresolved(transitId) && !/^tgw-[0-9a-f]{8,17}$/.test(transitId)) {
    problems.push(`transitGateway.id: "${transitId}" is not a transit gateway ID (tgw-...)`);
  }
  for (const office of props.transitGateway?.officeCidrs ?? []) {
    if (!/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(office)) problems.push(`transitGateway.officeCidrs: "${office}" is not an IPv4 CIDR`);
    else if (cidrOk && cidrsOverlap(office, props.cidr)) problems.push(`transitGateway.officeCidrs: "${office}" overlaps the VPC CIDR ${props.cidr}`);
  }
  if (props.firewall && props.firewall.allowedDomains.length === 0) problems.push('firewall.allowedDomains: is empty; list at least one domain');
  const plan = cidrOk && azs.length >= 1 ? planSubnets(props.cidr, azs.length, requests) : undefined;
  if (plan && !plan.ok) problems.push(`cidr: "${props.cidr}" is too small for the tiers: ${plan.problem}`);
  throwIfProblems(scope, 'TieredVpc', problems);
  return plan && plan.ok ? [...plan.subnets] : [];
}
