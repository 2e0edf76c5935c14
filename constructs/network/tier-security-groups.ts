/**
 * A security group per workload tier, ready for workloads: ingress follows the same adjacency rows as the
 * tier NACLs (`tier-table.ts`), but by security group reference, so only members of the adjacent tier's
 * group get in.
 */
import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { ADMIN_ONLY_PORTS, destinationsOf, TIER_TABLES, type PortClass, type TierPorts, type TierTables, type WorkloadTier } from './tier-table';

/** Props for {@link TierSecurityGroups}. */
export interface TierSecurityGroupsProps {
  readonly vpc: ec2.IVpc;
  readonly vpcCidr: string;
  /** The workload tiers present. */
  readonly tiers: readonly WorkloadTier[];
  readonly ports: TierPorts;
}

/** One security group ingress rule before it is bound to groups: `to`'s group admits `from` on `ports`. */
export interface TierGroupRule<T extends string = WorkloadTier> {
  readonly to: T;
  /** A tier's group, the VPC CIDR or any IPv4 address. */
  readonly from: { readonly tier: T } | 'vpc' | 'internet';
  readonly ports: PortClass;
  readonly why: string;
}

/**
 * The security group rules of the workload tiers present, from the adjacency rows, in the order they are
 * added (rows in table order, destinations in `tiers` order). Rows the groups cannot express are skipped.
 */
export function tierGroupRules<T extends string = WorkloadTier>(tiers: readonly T[], tables: TierTables = TIER_TABLES): TierGroupRule<T>[] {
  const present = new Set<string>(tiers);
  return tables.adjacency.flatMap((row) => {
    const from = row.from;
    if (row.securityGroup === false || from === 'office' || (typeof from === 'object' && !present.has(from.tier))) return [];
    const destinations = destinationsOf(row, present, tables);
    return tiers
      .filter((t) => destinations.includes(t))
      .map((to) => ({ to, from: from as TierGroupRule<T>['from'], ports: row.ports, why: row.why }));
  });
}

/**
 * Default settings (the adjacency rows): public admits the internet on `ports.internet` (load balancers); app admits the public
 * group on `ports.app`; data tiers admit the app group on `ports.data`; monitoring admits the VPC on
 * `ports.monitoring`; every tier but admin admits the admin group on `ports.admin`; admin admits nothing.
 * Outbound is open: routes and NACLs bound where traffic can go.
 */
export class TierSecurityGroups extends Construct {
  /**
   * The security group of each workload tier present, by tier name. Put a workload in its tier's group
   * (`groups.get('app')`) so the adjacent tiers' members reach it on the tier ports.
   */
  public readonly groups = new Map<WorkloadTier, ec2.SecurityGroup>();

  constructor(scope: Construct, id: string, props: TierSecurityGroupsProps) {
    super(scope, id);
    for (const tier of props.tiers) {
      this.groups.set(
        tier,
        new ec2.SecurityGroup(this, tier, { vpc: props.vpc, description: `Workloads of the ${tier} tier`, allowAllOutbound: true }),
      );
    }
    const p = props.ports;
    for (const rule of tierGroupRules(props.tiers)) {
      const group = this.groups.get(rule.to)!;
      const from = rule.from;
      const peer = from === 'internet' ? ec2.Peer.anyIpv4() : from === 'vpc' ? ec2.Peer.ipv4(props.vpcCidr) : this.groups.get(from.tier)!;
      for (const port of new Set(p[rule.ports])) group.addIngressRule(peer, ec2.Port.tcp(port), rule.why);
    }

    const publicGroup = this.groups.get('public');
    if (publicGroup) {
      Validations.of(publicGroup).acknowledge({
        id: 'AwsSolutions-EC23',
        reason: `The public tier's group is for internet-facing load balancers and admits only ports ${p.internet.join(', ')} from the internet; ${ADMIN_ONLY_PORTS.join('/')} are rejected by the TieredVpc props check.`,
      });
    }
  }
}
