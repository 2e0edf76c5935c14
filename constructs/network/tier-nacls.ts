/**
 * One network ACL per tier, derived from the tier table (`tier-table.ts`): which peer may open connections
 * to which tier on which ports. NACLs are stateless, so every tier also admits return traffic on ephemeral
 * ports; that range is split around 3389 so no rule from anywhere covers RDP (CIS 5.2, Security Hub EC2.21).
 */
import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { throwIfProblems } from '../core/validation-error';
import {
  DEFAULT_TIER_PORTS,
  destinationsOf,
  TIER_TABLES,
  tierRow,
  type Peer,
  type PortRef,
  type TierName,
  type TierPorts,
  type TierRouting,
  type TierTables,
} from './tier-table';

/** Default quota of rules per direction per network ACL (adjustable to 40 through Service Quotas). */
export const NACL_RULES_PER_DIRECTION = 20;

// Kept importable from here: the package index and existing callers take them from this module.
export { DEFAULT_TIER_PORTS, type Peer, type TierPorts } from './tier-table';

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
const portsOf = (ref: PortRef, peer: Peer, direction: TierRule['direction'], p: TierPorts): TierRule[] =>
  ref === 'ephemeral' ? ephemeral(peer, direction) : ports(peer, direction, p[ref]);

/**
 * What a workload tier opens to 0.0.0.0/0 by its routing. An isolated tier has no internet route: its 443
 * reaches only the S3 and DynamoDB gateway endpoints, whose addresses are public.
 */
const INTERNET_EGRESS: Record<Exclude<TierRouting, 'infrastructure'>, (p: TierPorts) => readonly number[]> = {
  public: (p) => p.internet,
  egress: (p) => p.internet,
  isolated: () => [443],
};

/**
 * The rules of one tier's NACL given which tiers exist, derived from the tier table.
 *
 * A workload tier admits, in this order: every adjacency row leading to it (from sources that exist), a
 * deny from the VPC on the ports of each exclusive row, and return traffic from anywhere. Its egress is
 * per destination class (the destination's own NACL decides what it admits), which keeps the entry count
 * inside CloudFormation's limits: return traffic, the internet ports its routing allows, then to the VPC
 * the ports of every row it is a source of. An infrastructure tier's rules are its forwarding rules.
 */
export function tierRules(
  tier: TierName | string,
  present: ReadonlySet<TierName | string>,
  p: TierPorts,
  hasOffice: boolean,
  tables: TierTables = TIER_TABLES,
): TierRule[] {
  const exists = (peer: Peer) => (peer === 'office' ? hasOffice : typeof peer === 'object' ? present.has(peer.tier) : true);
  const row = tierRow(tier, tables);
  if (row.kind === 'infrastructure' || row.routing === 'infrastructure') {
    return (row.forwarding ?? []).filter((r) => exists(r.peer)).flatMap((r) => portsOf(r.ports, r.peer, r.direction, p));
  }
  const inbound = tables.adjacency.filter((a) => exists(a.from) && destinationsOf(a, present, tables).includes(tier));
  // `vpc` rows are sent by every workload tier; a tier never needs a rule to reach itself.
  const outbound = tables.adjacency.filter(
    (a) => (a.from === 'vpc' || (typeof a.from === 'object' && a.from.tier === tier)) && destinationsOf(a, present, tables).some((d) => d !== tier),
  );
  return [
    ...inbound.flatMap((a) => ports(a.from, 'ingress', p[a.ports])),
    ...inbound.filter((a) => a.exclusive).flatMap((a) => ports('vpc', 'ingress', p[a.ports]).map((r) => ({ ...r, action: 'deny' as const }))),
    ...ephemeral('internet', 'ingress'),
    ...ephemeral('internet', 'egress'),
    ...ports('internet', 'egress', INTERNET_EGRESS[row.routing](p)),
    ...ports('vpc', 'egress', outbound.flatMap((a) => p[a.ports])),
  ];
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
    return tierCidrs.get(peer.tier as TierName) ?? [];
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
    // the tier table (tier-table.ts) and tested entry by entry.
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
