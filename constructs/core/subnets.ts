import type * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * Problems with placing compute in `subnetGroupName`: the group must exist in `vpc` and must not be public
 * (app-tier compute never gets a route from the internet). Empty when the group is fine.
 */
export function privateSubnetGroupProblems(vpc: ec2.IVpc, subnetGroupName: string): string[] {
  let ids: string[];
  try {
    ids = vpc.selectSubnets({ subnetGroupName }).subnetIds;
  } catch {
    return [`subnetGroupName: the VPC has no subnet group "${subnetGroupName}" (allowed: a private subnet group of the VPC, e.g. app)`];
  }
  const publicIds = new Set(vpc.publicSubnets.map((s) => s.subnetId));
  return ids.some((id) => publicIds.has(id)) ? [`subnetGroupName: "${subnetGroupName}" is a public subnet group (allowed: a private tier such as app)`] : [];
}
