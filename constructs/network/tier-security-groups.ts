/**
 * A security group per workload tier, ready for workloads: ingress follows the same adjacency as the
 * tier NACLs, but by security group reference, so only members of the adjacent tier's group get in.
 */
import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { TierPorts } from './tier-nacls';
import type { WorkloadTier } from './tiers';

/** Props for {@link TierSecurityGroups}. */
export interface TierSecurityGroupsProps {
  readonly vpc: ec2.IVpc;
  readonly vpcCidr: string;
  /** The workload tiers present. */
  readonly tiers: readonly WorkloadTier[];
  readonly ports: TierPorts;
}

/**
 * Default settings: public admits the internet on `ports.internet` (load balancers); app admits the public
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
    const allow = (to: WorkloadTier, from: ec2.IPeer | WorkloadTier, ports: readonly number[], why: string) => {
      const group = this.groups.get(to);
      const peer = typeof from === 'string' ? this.groups.get(from) : from;
      if (!group || !peer) return;
      for (const p of new Set(ports)) group.addIngressRule(peer, ec2.Port.tcp(p), why);
    };
    const p = props.ports;
    allow('public', ec2.Peer.anyIpv4(), p.internet, 'internet to load balancers');
    allow('app', 'public', p.app, 'public tier to app tier');
    allow('data', 'app', p.data, 'app tier to data tier');
    allow('protected-data', 'app', p.data, 'app tier to protected-data tier');
    allow('monitoring', ec2.Peer.ipv4(props.vpcCidr), p.monitoring, 'every tier to monitoring');
    for (const tier of props.tiers) if (tier !== 'admin') allow(tier, 'admin', p.admin, 'admin tier to manage hosts');

    const publicGroup = this.groups.get('public');
    if (publicGroup) {
      Validations.of(publicGroup).acknowledge({
        id: 'AwsSolutions-EC23',
        reason: `The public tier's group is for internet-facing load balancers and admits only ports ${p.internet.join(', ')} from the internet; ${[22, 3389].join('/')} are rejected by the TieredVpc props check.`,
      });
    }
  }
}
