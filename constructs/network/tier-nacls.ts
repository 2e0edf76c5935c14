/**
 * One network ACL per tier, written from an explicit adjacency table: which peer may open connections to
 * which tier on which ports. NACLs are stateless, so every tier also admits return traffic on ephemeral
 * ports; that range is split around 3389 so no rule from anywhere covers RDP (CIS 5.2, Security Hub EC2.21).
 */
import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { throwIfProblems } from '../core/validation-error';
import type { TierName } from './tiers';
import { SECURE_DATABASE_PORTS } from '../core/ports';

/** Default quota of rules per direction per network ACL (adjustable to 40 through Service Quotas). */
export const NACL_RULES_PER_DIRECTION = 20;

/** Ports each kind of flow uses. */
export interface TierPorts {
  /** Ports the internet reaches the public tier on, and private tiers reach the internet on. @default [443, 80] */
  readonly internet: readonly number[];
  /** Ports the public tier (load balancers) reaches the app tier on. @default [443, 8080] */
  readonly app: readonly number[];
  /** Ports the app tier reaches the data tiers on. @default [5433, 3307] (SecureDatabase's defaults) */
  readonly data: readonly number[];
  /** Ports the admin tier reaches every other tier on; the only source of 22/3389. @default [22, 3389] */
  readonly admin: readonly number[];
  /** Ports every tier reaches the monitoring tier (collectors, interface endpoints) on. @default [443] */
  readonly monitoring: readonly number[];
}

export const DEFAULT_TIER_PORTS: TierPorts = {
  internet: [443, 80],
  app: [443, 8080],
  // The ports SecureDatabase listens on by default, so the two constructs work together unchanged.
  data: [SECURE_DATABASE_PORTS.postgres, SECURE_DATABASE_PORTS.mysql],
  admin: [22, 3389],
  monitoring: [443],
};

/** Who is on the other end of a rule: a tier's subnets, the whole VPC, the internet, or the office networks. */
export type Peer = { readonly tier: TierName } | 'vpc' | 'internet' | 'office';

/** One logical NACL rule before it is expanded to CIDRs. */
export interface TierRule {
  readonly direction: 'ingress' | 'egress';
  readonly peer: Peer;
  readonly from: number;
  readonly to: number;
  /** Deny entries close what a later, broader allow (the ephemeral returns) would open. @default 'allow' */
  readonly action?: 'allow' | 'deny';
}

/** Ephemeral ports (AWS recommends 1024-65535 to cover every client OS), split around RDP. */
export const EPHEMERAL_RANGES: ReadonlyArray<readonly [number, number]> = [
  [1024, 3388],
  [3390, 65535],
];

const ports = (peer: Peer, direction: TierRule['direction'], list: readonly number[]): TierRule[] =>
  [...new Set(list)].sort((a, b) => a - b).map((p) => ({ direction, peer, from: p, to: p }));
const ephemeral = (peer: Peer, direction: TierRule['direction']): TierRule[] =>
  direction === 'ingress'
    ? EPHEMERAL_RANGES.map(([from, to]) => ({ direction, peer, from, to }))
    : [{ direction, peer, from: 1024, to: 65535 }];

/**
 * The adjacency table: the rules of one tier's NACL given which tiers exist.
 * Ingress follows the adjacency exactly; egress is per destination class (the destination's own
 * NACL decides what it admits), which keeps the entry count inside CloudFormation's limits.
 */
export function tierRules(tier: TierName, present: ReadonlySet<TierName>, p: TierPorts, hasOffice: boolean): TierRule[] {
  const fromAdmin = present.has('admin') && tier !== 'admin' ? ports({ tier: 'admin' }, 'ingress', p.admin) : [];
  const returns = [...ephemeral('internet', 'ingress'), ...ephemeral('internet', 'egress')];
  const dataTiers = (['data', 'protected-data'] as const).filter((t) => present.has(t));
  switch (tier) {
    case 'public':
      return [
        ...ports('internet', 'ingress', p.internet),
        ...fromAdmin,
        ...returns,
        ...ports('internet', 'egress', p.internet),
        ...ports('vpc', 'egress', [...p.app, ...p.monitoring]),
      ];
    case 'app':
      return [
        ...(present.has('public') ? ports({ tier: 'public' }, 'ingress', p.app) : []),
        ...(hasOffice ? ports('office', 'ingress', p.app) : []),
        ...fromAdmin,
        ...returns,
        ...ports('internet', 'egress', p.internet),
        ...ports('vpc', 'egress', [...(dataTiers.length > 0 ? p.data : []), ...p.monitoring]),
      ];
    case 'data':
    case 'protected-data':
      // 443 to anywhere reaches the S3 and DynamoDB gateway endpoints; the route table has no internet route.
      // The data ports lie inside the ephemeral range the return rules admit from anywhere: after the app
      // tier's allows, deny them from the rest of the VPC so only the app tier reaches the databases.
      return [
        ...ports({ tier: 'app' }, 'ingress', p.data),
        ...fromAdmin,
        ...ports('vpc', 'ingress', p.data).map((r) => ({ ...r, action: 'deny' as const })),
        ...returns,
        ...ports('internet', 'egress', [443]),
        ...ports('vpc', 'egress', p.monitoring),
      ];
    case 'admin':
      // Session Manager needs no inbound rule: the agent connects out.
      return [...returns, ...ports('internet', 'egress', p.internet), ...ports('vpc', 'egress', [...p.admin, ...p.monitoring])];
    case 'monitoring':
      return [...ports('vpc', 'ingress', p.monitoring), ...fromAdmin, ...returns, ...ports('internet', 'egress', p.internet)];
    case 'firewall':
      // Firewall endpoints forward internet flows both ways; the public tier's NACL still filters them.
      return [...ports('internet', 'ingress', p.internet), ...returns, ...ports('internet', 'egress', p.internet)];
    case 'transit':
      // Office networks reach the app tier; the VPC answers on ephemeral ports.
      return [
        ...(hasOffice ? ports('office', 'ingress', p.app) : []),
        ...ephemeral('vpc', 'ingress'),
        ...ports('vpc', 'egress', p.app),
        ...(hasOffice ? ephemeral('office', 'egress') : []),
      ];
  }
}

/** One NACL entry as CloudFormation will see it. */
export interface TierEntry {
  readonly rule: TierRule;
  readonly cidr: string;
}

/** The entries of one tier's NACL: its rules with each peer expanded to CIDRs. */
export function tierEntries(
  tier: TierName,
  tierCidrs: ReadonlyMap<TierName, readonly string[]>,
  vpcCidr: string,
  ports: TierPorts = DEFAULT_TIER_PORTS,
  officeCidrs: readonly string[] = [],
): TierEntry[] {
  const cidrsOf = (peer: Peer): readonly string[] => {
    if (peer === 'vpc') return [vpcCidr];
    if (peer === 'internet') return ['0.0.0.0/0'];
    if (peer === 'office') return officeCidrs;
    return tierCidrs.get(peer.tier) ?? [];
  };
  return tierRules(tier, new Set(tierCidrs.keys()), ports, officeCidrs.length > 0).flatMap((rule) =>
    cidrsOf(rule.peer).map((cidr) => ({ rule, cidr })),
  );
}

/** Problems with the NACL rule counts (a NACL holds at most 20 rules per direction), one per tier and direction. */
export function naclQuotaProblems(
  tierCidrs: ReadonlyMap<TierName, readonly string[]>,
  vpcCidr: string,
  ports: TierPorts = DEFAULT_TIER_PORTS,
  officeCidrs: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  for (const tier of tierCidrs.keys()) {
    const entries = tierEntries(tier, tierCidrs, vpcCidr, ports, officeCidrs);
    for (const direction of ['ingress', 'egress'] as const) {
      const count = entries.filter((e) => e.rule.direction === direction).length;
      if (count > NACL_RULES_PER_DIRECTION) {
        problems.push(
          `the ${tier} tier's network ACL needs ${count} ${direction} rules but a NACL allows ${NACL_RULES_PER_DIRECTION}; use fewer ports, AZs or office CIDRs`,
        );
      }
    }
  }
  return problems;
}

/** Props for {@link TierNetworkAcls}. */
export interface TierNetworkAclsProps {
  readonly vpc: ec2.IVpc;
  /** IPv4 CIDR of the VPC. */
  readonly vpcCidr: string;
  /** Subnet CIDRs of every tier, by tier name (tiers absent here get no NACL). */
  readonly tierCidrs: ReadonlyMap<TierName, readonly string[]>;
  /** Ports of each kind of flow. @default DEFAULT_TIER_PORTS */
  readonly ports?: TierPorts;
  /** Office networks reaching the app tier through the transit gateway. @default [] */
  readonly officeCidrs?: readonly string[];
}

/**
 * A network ACL per tier, associated with every subnet of the tier.
 *
 * Default settings: ingress only from the adjacent tiers on their ports; 22/3389 only from admin subnets;
 * return traffic on 1024-3388 and 3390-65535. Entry construct IDs carry the rule number, so changing a port
 * updates an entry in place instead of racing a replacement for the same number.
 */
export class TierNetworkAcls extends Construct {
  /** The NACL of each tier present, by tier name (`acls.get('data')`); associated with every subnet of the tier. */
  public readonly acls = new Map<TierName, ec2.NetworkAcl>();

  constructor(scope: Construct, id: string, props: TierNetworkAclsProps) {
    super(scope, id);
    const portsOf = props.ports ?? DEFAULT_TIER_PORTS;
    const office = props.officeCidrs ?? [];
    const present = new Set(props.tierCidrs.keys());
    const quota = naclQuotaProblems(props.tierCidrs, props.vpcCidr, portsOf, office);
    throwIfProblems(this, 'TierNetworkAcls', quota.map((p) => `ports: ${p}`));
    // AwsSolutions-VPC3 only asks that NACLs be deliberate: these are the tier boundaries, generated from
    // the adjacency table above and tested entry by entry.
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-VPC3',
      reason: 'These NACLs are the deliberate tier boundary of the TieredVpc, generated from the tier adjacency table and tested per tier.',
    });
    for (const tier of present) {
      const acl = new ec2.NetworkAcl(this, tier, { vpc: props.vpc, subnetSelection: { subnetGroupName: tier } });
      this.acls.set(tier, acl);
      const counters = { ingress: 100, egress: 100 };
      for (const { rule, cidr } of tierEntries(tier, props.tierCidrs, props.vpcCidr, portsOf, office)) {
        const ruleNumber = counters[rule.direction];
        counters[rule.direction] += 10;
        acl.addEntry(`${rule.direction === 'ingress' ? 'In' : 'Out'}${ruleNumber}`, {
          ruleNumber,
          cidr: ec2.AclCidr.ipv4(cidr),
          traffic: rule.from === rule.to ? ec2.AclTraffic.tcpPort(rule.from) : ec2.AclTraffic.tcpPortRange(rule.from, rule.to),
          direction: rule.direction === 'ingress' ? ec2.TrafficDirection.INGRESS : ec2.TrafficDirection.EGRESS,
          ruleAction: rule.action === 'deny' ? ec2.Action.DENY : ec2.Action.ALLOW,
        });
      }
    }
  }
}
