import {
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  CreateTagsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  GetConsoleOutputCommand,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type Instance,
} from '@aws-sdk/client-ec2';
import { attempt, ContainmentInputError, putEvidence, putRecord, type Deps, type Run } from './context';

/** The quarantine group's name (one per VPC) and the tag keys the action sets. */
export const QUARANTINE_GROUP_NAME = 'incident-response-quarantine';
export const CASE_TAG = 'incident-response:case';
export const STATUS_TAG = 'incident-response:status';

async function describe(deps: Deps, instanceId: string): Promise<Instance | undefined> {
  const out = await deps.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  return out.Reservations?.[0]?.Instances?.[0];
}

function summary(i: Instance) {
  return {
    instanceId: i.InstanceId,
    state: i.State?.Name,
    vpcId: i.VpcId,
    tags: i.Tags ?? [],
    securityGroups: i.SecurityGroups ?? [],
    networkInterfaces: (i.NetworkInterfaces ?? []).map((n) => ({
      id: n.NetworkInterfaceId,
      groups: (n.Groups ?? []).map((g) => g.GroupId),
      privateIp: n.PrivateIpAddress,
      publicIp: n.Association?.PublicIp,
      subnetId: n.SubnetId,
    })),
    volumes: (i.BlockDeviceMappings ?? []).map((b) => ({ device: b.DeviceName, volumeId: b.Ebs?.VolumeId })),
    iamInstanceProfile: i.IamInstanceProfile?.Arn,
  };
}

/** The VPC's quarantine group, created if missing, with every rule removed (a new group allows all egress). */
async function quarantineGroup(run: Run, deps: Deps, vpcId: string): Promise<string> {
  const find = () => deps.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: [QUARANTINE_GROUP_NAME] }] }));
  let group = (await find()).SecurityGroups?.[0];
  if (!group) {
    const created = await deps.ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: QUARANTINE_GROUP_NAME,
        Description: 'Incident response quarantine: no inbound, no outbound',
        VpcId: vpcId,
        TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: CASE_TAG, Value: run.caseId }] }],
      }),
    );
    run.changes.push(`CreateSecurityGroup ${created.GroupId}`);
    group = (await deps.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [created.GroupId!] }))).SecurityGroups?.[0] ?? { GroupId: created.GroupId };
  }
  const groupId = group.GroupId!;
  if (group.IpPermissionsEgress?.length) {
    await deps.ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: group.IpPermissionsEgress }));
    run.changes.push(`RevokeSecurityGroupEgress ${groupId}`);
  }
  if (group.IpPermissions?.length) {
    await deps.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: group.IpPermissions }));
    run.changes.push(`RevokeSecurityGroupIngress ${groupId}`);
  }
  return groupId;
}

async function detachFromAutoScaling(run: Run, deps: Deps, instanceId: string): Promise<void> {
  const out = await deps.calls.call('AutoScaling', 'DescribeAutoScalingInstances', { InstanceIds: [instanceId] });
  const groupName = out.AutoScalingInstances?.[0]?.AutoScalingGroupName as string | undefined;
  if (!groupName) return;
  // Keep the desired capacity: the group launches a replacement, so the service stays up while this one is examined.
  await deps.calls.call('AutoScaling', 'DetachInstances', { InstanceIds: [instanceId], AutoScalingGroupName: groupName, ShouldDecrementDesiredCapacity: false });
  run.changes.push(`DetachInstances ${groupName}`);
}

async function deregisterFromTargetGroups(run: Run, deps: Deps, instance: Instance): Promise<void> {
  let marker: string | undefined;
  do {
    const page = await deps.calls.call('ElasticLoadBalancingV2', 'DescribeTargetGroups', marker ? { Marker: marker } : {});
    for (const tg of page.TargetGroups ?? []) {
      if (tg.VpcId !== instance.VpcId || tg.TargetType !== 'instance') continue;
      const health = await deps.calls.call('ElasticLoadBalancingV2', 'DescribeTargetHealth', { TargetGroupArn: tg.TargetGroupArn });
      const targets = (health.TargetHealthDescriptions ?? []).map((d: any) => d.Target).filter((t: any) => t?.Id === instance.InstanceId);
      if (targets.length === 0) continue;
      await deps.calls.call('ElasticLoadBalancingV2', 'DeregisterTargets', { TargetGroupArn: tg.TargetGroupArn, Targets: targets });
      run.changes.push(`DeregisterTargets ${tg.TargetGroupArn}`);
    }
    marker = page.NextMarker;
  } while (marker);
}

async function snapshotVolumes(run: Run, deps: Deps, instance: Instance): Promise<Array<{ volumeId: string; snapshotId?: string }>> {
  const result: Array<{ volumeId: string; snapshotId?: string }> = [];
  for (const mapping of instance.BlockDeviceMappings ?? []) {
    const volumeId = mapping.Ebs?.VolumeId;
    if (!volumeId) continue;
    const snapshotId = await attempt(run, `snapshot ${volumeId}`, async () => {
      const existing = await deps.ec2.send(
        new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'volume-id', Values: [volumeId] }, { Name: `tag:${CASE_TAG}`, Values: [run.caseId] }] }),
      );
      if (existing.Snapshots?.[0]?.SnapshotId) return existing.Snapshots[0].SnapshotId;
      const snap = await deps.ec2.send(
        new CreateSnapshotCommand({
          VolumeId: volumeId,
          Description: `Incident ${run.caseId}: ${instance.InstanceId} ${mapping.DeviceName}`,
          TagSpecifications: [{ ResourceType: 'snapshot', Tags: [{ Key: CASE_TAG, Value: run.caseId }, { Key: 'incident-response:instance', Value: instance.InstanceId! }] }],
        }),
      );
      run.changes.push(`CreateSnapshot ${volumeId} ${snap.SnapshotId}`);
      return snap.SnapshotId;
    });
    result.push({ volumeId, snapshotId });
  }
  return result;
}

/**
 * Isolates an instance, in the order AWS's EC2 incident-response guidance gives: termination protection (so
 * nobody destroys the evidence), out of its Auto Scaling group (which would otherwise replace and terminate it)
 * and its target groups, onto the quarantine group on every ENI, tagged; then every volume snapshotted and the
 * console output kept. Snapshot and console failures are recorded; the instance stays isolated.
 */
export async function isolateEc2Instance(run: Run, deps: Deps): Promise<void> {
  const instanceId = run.resourceId;
  if (!/^i-[0-9a-f]{8,17}$/.test(instanceId)) throw new ContainmentInputError(`resourceId: "${instanceId}" is not an EC2 instance ID (i- and 8 or 17 hex digits)`);
  const instance = await describe(deps, instanceId).catch((e) => {
    if (e?.name === 'InvalidInstanceID.NotFound' || e?.name === 'InvalidInstanceID.Malformed') return undefined;
    throw e;
  });
  if (!instance) throw new ContainmentInputError(`resourceId: instance ${instanceId} does not exist in account ${run.account}, region ${run.region}`);
  if (!instance.VpcId) throw new ContainmentInputError(`resourceId: instance ${instanceId} is not in a VPC; only VPC instances can be isolated by security group`);
  const before = summary(instance);

  const protection = await deps.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'disableApiTermination' }));
  if (protection.DisableApiTermination?.Value !== true) {
    await deps.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, DisableApiTermination: { Value: true } }));
    run.changes.push('ModifyInstanceAttribute DisableApiTermination=true');
  }
  await attempt(run, 'detach from Auto Scaling group', () => detachFromAutoScaling(run, deps, instanceId));
  await attempt(run, 'deregister from target groups', () => deregisterFromTargetGroups(run, deps, instance));
  const groupId = await quarantineGroup(run, deps, instance.VpcId);
  for (const eni of instance.NetworkInterfaces ?? []) {
    const groups = (eni.Groups ?? []).map((g) => g.GroupId);
    if (groups.length === 1 && groups[0] === groupId) continue;
    await deps.ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: eni.NetworkInterfaceId, Groups: [groupId] }));
    run.changes.push(`ModifyNetworkInterfaceAttribute ${eni.NetworkInterfaceId} Groups=${groupId}`);
  }
  const tagged = (instance.Tags ?? []).some((t) => t.Key === CASE_TAG && t.Value === run.caseId);
  if (!tagged) {
    await deps.ec2.send(new CreateTagsCommand({ Resources: [instanceId], Tags: [{ Key: CASE_TAG, Value: run.caseId }, { Key: STATUS_TAG, Value: 'isolated' }] }));
    run.changes.push(`CreateTags ${CASE_TAG}=${run.caseId}`);
  }
  const snapshots = await snapshotVolumes(run, deps, instance);
  const console = await attempt(run, 'console output', async () => (await deps.ec2.send(new GetConsoleOutputCommand({ InstanceId: instanceId, Latest: true }))).Output);
  if (console) await putEvidence(run, deps, 'console-output.txt', Buffer.from(console, 'base64'), 'text/plain');
  const afterInstance = await attempt(run, 'describe after', () => describe(deps, instanceId));
  await putRecord(run, deps, before, afterInstance ? summary(afterInstance) : undefined, { quarantineGroupId: groupId, snapshots });
}
