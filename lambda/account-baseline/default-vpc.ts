/**
 * Removes the region's default VPC when nothing is in it (CIS 3.7 / Security Hub EC2.6: a default VPC has no
 * flow logs; CIS 5.5 / EC2.2: its default security group admits its own members). The SCP statement
 * `DenyDefaultVpc` stops anyone recreating it, so removal is once per account and region.
 *
 * "Nothing in it" is what AWS documents as blocking `DeleteVpc` ("terminate all instances running in the VPC,
 * delete all security groups associated with the VPC (except the default one), delete all route tables
 * associated with the VPC (except the default one), and so on"), checked before anything is touched:
 * - any network interface (instances, NAT gateways, interface endpoints, load balancers, Lambda, RDS, transit
 *   gateway attachments all have one);
 * - a VPC endpoint (gateway endpoints have no interface), a peering connection that is not gone, an attached
 *   virtual private gateway;
 * - a security group other than `default`, a route table other than the main one, a subnet someone added
 *   (not `DefaultForAz`): signs the VPC is in use even when nothing runs in it now.
 * Any of these: the VPC is kept, and the result says why (response data and a log line); the stack does not fail.
 * Otherwise: internet gateways detached and deleted, then the default subnets, then the VPC.
 *
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteVpc.html
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/delete-default-vpc.html
 */
import {
  DeleteInternetGatewayCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeInternetGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  DescribeVpnGatewaysCommand,
  DetachInternetGatewayCommand,
  type EC2Client,
  type Filter,
} from '@aws-sdk/client-ec2';
import { withRetries } from '../shared/retry';

/** What happened, as the custom resource reports it (`Fn::GetAtt` on `Result`, `VpcId`, `Reason`, `Deleted`). */
export interface DefaultVpcOutcome extends Record<string, string> {
  /** `none` (no default VPC: nothing to do), `deleted`, or `kept` (not empty; see `Reason`). */
  readonly Result: 'none' | 'deleted' | 'kept';
  readonly VpcId: string;
  readonly Reason: string;
  /** IDs deleted, in order (comma-separated). */
  readonly Deleted: string;
}

/** Peering states in which a connection still exists. */
const GONE_PEERING = new Set(['deleted', 'rejected', 'failed', 'expired']);

/** Every item of a paginated Describe call (filters can return empty pages with a NextToken). */
async function all<T>(page: (token?: string) => Promise<{ items?: T[]; next?: string }>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const r = await withRetries(() => page(token));
    items.push(...(r.items ?? []));
    token = r.next;
  } while (token);
  return items;
}

/** Why the VPC cannot be removed safely, or [] when it is empty. */
export async function blockers(ec2: EC2Client, vpcId: string): Promise<string[]> {
  const byVpc: Filter[] = [{ Name: 'vpc-id', Values: [vpcId] }];
  const [enis, endpoints, requested, accepted, groups, tables, subnets, vgws] = await Promise.all([
    all((t) => ec2.send(new DescribeNetworkInterfacesCommand({ Filters: byVpc, NextToken: t })).then((r) => ({ items: r.NetworkInterfaces, next: r.NextToken }))),
    all((t) => ec2.send(new DescribeVpcEndpointsCommand({ Filters: byVpc, NextToken: t })).then((r) => ({ items: r.VpcEndpoints, next: r.NextToken }))),
    all((t) =>
      ec2
        .send(new DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name: 'requester-vpc-info.vpc-id', Values: [vpcId] }], NextToken: t }))
        .then((r) => ({ items: r.VpcPeeringConnections, next: r.NextToken })),
    ),
    all((t) =>
      ec2
        .send(new DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name: 'accepter-vpc-info.vpc-id', Values: [vpcId] }], NextToken: t }))
        .then((r) => ({ items: r.VpcPeeringConnections, next: r.NextToken })),
    ),
    all((t) => ec2.send(new DescribeSecurityGroupsCommand({ Filters: byVpc, NextToken: t })).then((r) => ({ items: r.SecurityGroups, next: r.NextToken }))),
    all((t) => ec2.send(new DescribeRouteTablesCommand({ Filters: byVpc, NextToken: t })).then((r) => ({ items: r.RouteTables, next: r.NextToken }))),
    all((t) => ec2.send(new DescribeSubnetsCommand({ Filters: byVpc, NextToken: t })).then((r) => ({ items: r.Subnets, next: r.NextToken }))),
    withRetries(() => ec2.send(new DescribeVpnGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] }))).then((r) => r.VpnGateways ?? []),
  ]);
  const found: string[] = [];
  const say = (what: string, ids: Array<string | undefined>) => {
    if (ids.length) found.push(`${ids.length} ${what} (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', ...' : ''})`);
  };
  say('network interface(s)', enis.map((e) => e.NetworkInterfaceId));
  say('VPC endpoint(s)', endpoints.filter((e) => e.State?.toLowerCase() !== 'deleted').map((e) => e.VpcEndpointId));
  say('peering connection(s)', [...requested, ...accepted].filter((p) => !GONE_PEERING.has(p.Status?.Code ?? '')).map((p) => p.VpcPeeringConnectionId));
  say('security group(s) other than default', groups.filter((g) => g.GroupName !== 'default').map((g) => g.GroupId));
  say('route table(s) other than the main one', tables.filter((t) => !(t.Associations ?? []).some((a) => a.Main)).map((t) => t.RouteTableId));
  say('subnet(s) not created with the default VPC', subnets.filter((s) => !s.DefaultForAz).map((s) => s.SubnetId));
  say('virtual private gateway(s)', vgws.filter((g) => (g.VpcAttachments ?? []).some((a) => a.VpcId === vpcId && a.State !== 'detached')).map((g) => g.VpnGatewayId));
  return found;
}

/** Removes the caller's region's default VPC if it is empty; idempotent (no default VPC: nothing to do). */
export async function removeDefaultVpc(ec2: EC2Client): Promise<DefaultVpcOutcome> {
  const vpcs = await all((t) =>
    ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }], NextToken: t })).then((r) => ({ items: r.Vpcs, next: r.NextToken })),
  );
  // The filter is the service's; the check on IsDefault is ours: never delete a VPC that is not the default one.
  const vpc = vpcs.find((v) => v.IsDefault === true && v.VpcId);
  if (!vpc) return { Result: 'none', VpcId: '', Reason: 'no default VPC in this region', Deleted: '' };
  const vpcId = vpc.VpcId!;

  const found = await blockers(ec2, vpcId);
  if (found.length) return { Result: 'kept', VpcId: vpcId, Reason: `default VPC not empty: ${found.join('; ')}`, Deleted: '' };

  const deleted: string[] = [];
  try {
    const igws = await all((t) =>
      ec2
        .send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }], NextToken: t }))
        .then((r) => ({ items: r.InternetGateways, next: r.NextToken })),
    );
    for (const igw of igws) {
      const id = igw.InternetGatewayId!;
      await withRetries(() => ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: id, VpcId: vpcId })));
      await withRetries(() => ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: id })));
      deleted.push(id);
    }
    const subnets = await all((t) =>
      ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }], NextToken: t })).then((r) => ({ items: r.Subnets, next: r.NextToken })),
    );
    for (const s of subnets) {
      await withRetries(() => ec2.send(new DeleteSubnetCommand({ SubnetId: s.SubnetId! })));
      deleted.push(s.SubnetId!);
    }
    await withRetries(() => ec2.send(new DeleteVpcCommand({ VpcId: vpcId })));
    deleted.push(vpcId);
    return { Result: 'deleted', VpcId: vpcId, Reason: 'default VPC was empty', Deleted: deleted.join(',') };
  } catch (e) {
    // Something was launched into it between the check and the delete: keep what is left and say so.
    if ((e as Error).name !== 'DependencyViolation') throw e;
    return { Result: 'kept', VpcId: vpcId, Reason: `default VPC became non-empty while being removed: ${(e as Error).message}`, Deleted: deleted.join(',') };
  }
}
