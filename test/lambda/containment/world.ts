/**
 * A small stateful model of one account and region for the containment tests: EC2 and IAM through
 * aws-sdk-client-mock, the other services through a fake `ServiceCalls`. Every call lands in `log`, in order,
 * and mutating calls change the state, so a second run sees what the first one did.
 */
import { createHash } from 'crypto';
import {
  CreateSecurityGroupCommand, CreateSnapshotCommand, CreateTagsCommand, DescribeInstanceAttributeCommand, DescribeInstancesCommand,
  DescribeSecurityGroupsCommand, DescribeSnapshotsCommand, EC2Client, GetConsoleOutputCommand, ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand, RevokeSecurityGroupEgressCommand, RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, ListAccessKeysCommand, PutRolePolicyCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import type { Deps } from '../../../lambda/containment';
import type { ServiceCalls } from '../../../lambda/containment/aws';

export const ACCOUNT = '333333333333';
export const REGION = 'eu-west-1';
export const WHERE = { account: ACCOUNT, region: REGION, functionName: 'acme-ir-containment' };
export const NOW = new Date('2026-12-01T10:00:00.000Z');

export const ec2 = mockClient(EC2Client);
export const iam = mockClient(IAMClient);

export interface Call {
  readonly api: string;
  readonly input: any;
  readonly region?: string;
}

const named = (name: string, message = name) => Object.assign(new Error(message), { name });

export function world(account: string = ACCOUNT) {
  const log: Call[] = [];
  const state = {
    instance: {
      InstanceId: 'i-0123456789abcdef0',
      VpcId: 'vpc-1',
      State: { Name: 'running' },
      Tags: [{ Key: 'Name', Value: 'web-1' }],
      SecurityGroups: [{ GroupId: 'sg-web' }],
      NetworkInterfaces: [
        { NetworkInterfaceId: 'eni-1', Groups: [{ GroupId: 'sg-web' }], PrivateIpAddress: '10.0.0.5', SubnetId: 'subnet-1' },
        { NetworkInterfaceId: 'eni-2', Groups: [{ GroupId: 'sg-web' }, { GroupId: 'sg-admin' }], PrivateIpAddress: '10.0.1.5', SubnetId: 'subnet-2' },
      ],
      BlockDeviceMappings: [
        { DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-root' } },
        { DeviceName: '/dev/xvdb', Ebs: { VolumeId: 'vol-data' } },
      ],
    } as any,
    instanceExists: true,
    terminationProtection: false,
    groups: [] as any[],
    snapshots: [] as any[],
    failSnapshotOf: new Set<string>(),
    failConsole: false,
    autoScalingGroup: 'web-asg' as string | undefined,
    targetGroups: [
      { TargetGroupArn: `arn:aws:elasticloadbalancing:eu-west-1:${account}:targetgroup/web/1`, VpcId: 'vpc-1', TargetType: 'instance', targets: [{ Id: 'i-0123456789abcdef0', Port: 80 }] },
      { TargetGroupArn: `arn:aws:elasticloadbalancing:eu-west-1:${account}:targetgroup/other/2`, VpcId: 'vpc-1', TargetType: 'instance', targets: [{ Id: 'i-0fffffffffffffff0', Port: 80 }] },
      { TargetGroupArn: `arn:aws:elasticloadbalancing:eu-west-1:${account}:targetgroup/ips/3`, VpcId: 'vpc-1', TargetType: 'ip', targets: [] },
    ],
    roles: { 'app-role': { Arn: `arn:aws:iam::${account}:role/app-role`, Path: '/', AssumeRolePolicyDocument: '{}' } } as Record<string, any>,
    rolePolicies: {} as Record<string, string>,
    users: { alice: [{ AccessKeyId: 'AKIA1', Status: 'Active' }, { AccessKeyId: 'AKIA2', Status: 'Inactive' }] } as Record<string, any[]>,
    functions: { 'payments-worker': { concurrency: undefined as number | undefined } } as Record<string, { concurrency?: number }>,
    buckets: { 'public-site': { policy: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}', block: undefined as any, owner: account } } as Record<string, any>,
    evidence: [] as any[],
  };
  const record = (api: string) => (input: any) => {
    log.push({ api, input });
  };

  ec2.reset();
  iam.reset();
  ec2.on(DescribeInstancesCommand).callsFake(async (input) => {
    record('DescribeInstances')(input);
    if (!state.instanceExists || input.InstanceIds[0] !== state.instance.InstanceId) throw named('InvalidInstanceID.NotFound');
    return { Reservations: [{ OwnerId: ACCOUNT, Instances: [structuredClone(state.instance)] }] };
  });
  ec2.on(DescribeInstanceAttributeCommand).callsFake(async (input) => {
    record('DescribeInstanceAttribute')(input);
    return { DisableApiTermination: { Value: state.terminationProtection } };
  });
  ec2.on(ModifyInstanceAttributeCommand).callsFake(async (input) => {
    record('ModifyInstanceAttribute')(input);
    state.terminationProtection = input.DisableApiTermination.Value;
    return {};
  });
  ec2.on(DescribeSecurityGroupsCommand).callsFake(async (input) => {
    record('DescribeSecurityGroups')(input);
    const found = input.GroupIds
      ? state.groups.filter((g) => input.GroupIds.includes(g.GroupId))
      : state.groups.filter((g) => g.VpcId === input.Filters.find((f: any) => f.Name === 'vpc-id').Values[0] && g.GroupName === input.Filters.find((f: any) => f.Name === 'group-name').Values[0]);
    return { SecurityGroups: structuredClone(found) };
  });
  ec2.on(CreateSecurityGroupCommand).callsFake(async (input) => {
    record('CreateSecurityGroup')(input);
    // A new group allows all outbound traffic until that rule is revoked.
    state.groups.push({ GroupId: 'sg-quarantine', GroupName: input.GroupName, VpcId: input.VpcId, IpPermissions: [], IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] });
    return { GroupId: 'sg-quarantine' };
  });
  ec2.on(RevokeSecurityGroupEgressCommand).callsFake(async (input) => {
    record('RevokeSecurityGroupEgress')(input);
    state.groups.find((g) => g.GroupId === input.GroupId).IpPermissionsEgress = [];
    return {};
  });
  ec2.on(RevokeSecurityGroupIngressCommand).callsFake(async (input) => {
    record('RevokeSecurityGroupIngress')(input);
    state.groups.find((g) => g.GroupId === input.GroupId).IpPermissions = [];
    return {};
  });
  ec2.on(ModifyNetworkInterfaceAttributeCommand).callsFake(async (input) => {
    record('ModifyNetworkInterfaceAttribute')(input);
    const eni = state.instance.NetworkInterfaces.find((n: any) => n.NetworkInterfaceId === input.NetworkInterfaceId);
    eni.Groups = input.Groups.map((GroupId: string) => ({ GroupId }));
    return {};
  });
  ec2.on(CreateTagsCommand).callsFake(async (input) => {
    record('CreateTags')(input);
    state.instance.Tags = [...state.instance.Tags.filter((t: any) => !input.Tags.some((n: any) => n.Key === t.Key)), ...input.Tags];
    return {};
  });
  ec2.on(DescribeSnapshotsCommand).callsFake(async (input) => {
    record('DescribeSnapshots')(input);
    const vol = input.Filters.find((f: any) => f.Name === 'volume-id').Values[0];
    const caseId = input.Filters.find((f: any) => f.Name === 'tag:incident-response:case').Values[0];
    return { Snapshots: state.snapshots.filter((s) => s.VolumeId === vol && s.caseId === caseId) };
  });
  ec2.on(CreateSnapshotCommand).callsFake(async (input) => {
    record('CreateSnapshot')(input);
    if (state.failSnapshotOf.has(input.VolumeId)) throw named('SnapshotCreationPerVolumeRateExceeded', 'The maximum per volume CreateSnapshot request rate has been exceeded');
    const SnapshotId = `snap-${input.VolumeId.slice(4)}`;
    state.snapshots.push({ SnapshotId, VolumeId: input.VolumeId, caseId: input.TagSpecifications[0].Tags[0].Value });
    return { SnapshotId };
  });
  ec2.on(GetConsoleOutputCommand).callsFake(async (input) => {
    record('GetConsoleOutput')(input);
    if (state.failConsole) throw named('UnauthorizedOperation');
    return { Output: Buffer.from('login: root\nminerd started').toString('base64') };
  });

  iam.on(GetRoleCommand).callsFake(async (input) => {
    record('GetRole')(input);
    const role = state.roles[input.RoleName];
    if (!role) throw named('NoSuchEntityException');
    return { Role: { RoleName: input.RoleName, ...role } };
  });
  iam.on(GetRolePolicyCommand).callsFake(async (input) => {
    record('GetRolePolicy')(input);
    const doc = state.rolePolicies[`${input.RoleName}/${input.PolicyName}`];
    if (!doc) throw named('NoSuchEntityException');
    return { PolicyDocument: encodeURIComponent(doc) };
  });
  iam.on(PutRolePolicyCommand).callsFake(async (input) => {
    record('PutRolePolicy')(input);
    state.rolePolicies[`${input.RoleName}/${input.PolicyName}`] = input.PolicyDocument;
    return {};
  });
  iam.on(ListAccessKeysCommand).callsFake(async (input) => {
    record('ListAccessKeys')(input);
    const keys = state.users[input.UserName];
    if (!keys) throw named('NoSuchEntityException');
    return { AccessKeyMetadata: structuredClone(keys) };
  });
  iam.on(UpdateAccessKeyCommand).callsFake(async (input) => {
    record('UpdateAccessKey')(input);
    state.users[input.UserName].find((k) => k.AccessKeyId === input.AccessKeyId).Status = input.Status;
    return {};
  });

  const calls: ServiceCalls = {
    async call(service, operation, input: any, region) {
      log.push({ api: operation, input, region });
      const b = state.buckets[input.Bucket];
      switch (`${service}.${operation}`) {
        case 'AutoScaling.DescribeAutoScalingInstances':
          return { AutoScalingInstances: state.autoScalingGroup ? [{ InstanceId: input.InstanceIds[0], AutoScalingGroupName: state.autoScalingGroup }] : [] };
        case 'AutoScaling.DetachInstances':
          state.autoScalingGroup = undefined;
          return {};
        case 'ElasticLoadBalancingV2.DescribeTargetGroups':
          return { TargetGroups: state.targetGroups.map(({ targets: _t, ...tg }) => tg) };
        case 'ElasticLoadBalancingV2.DescribeTargetHealth':
          return { TargetHealthDescriptions: state.targetGroups.find((t) => t.TargetGroupArn === input.TargetGroupArn)!.targets.map((Target) => ({ Target })) };
        case 'ElasticLoadBalancingV2.DeregisterTargets': {
          const tg = state.targetGroups.find((t) => t.TargetGroupArn === input.TargetGroupArn)!;
          tg.targets = tg.targets.filter((t) => !input.Targets.some((x: any) => x.Id === t.Id));
          return {};
        }
        case 'Lambda.GetFunction':
          if (!state.functions[input.FunctionName]) throw named('ResourceNotFoundException');
          return {
            Configuration: { FunctionName: input.FunctionName, Runtime: 'nodejs22.x', Role: `arn:aws:iam::${account}:role/payments` },
            Code: { RepositoryType: 'S3', Location: 'https://awslambda-eu-west-1-tasks.s3.eu-west-1.amazonaws.com/snapshots/payments?X-Amz-Signature=abc' },
          };
        case 'Lambda.GetFunctionConcurrency':
          return { ReservedConcurrentExecutions: state.functions[input.FunctionName].concurrency };
        case 'Lambda.PutFunctionConcurrency':
          state.functions[input.FunctionName].concurrency = input.ReservedConcurrentExecutions;
          return {};
        case 'S3.GetBucketPolicy':
          if (!b) throw named('NoSuchBucket');
          if (input.ExpectedBucketOwner !== b.owner) throw Object.assign(named('AccessDenied'), { $metadata: { httpStatusCode: 403 } });
          if (!b.policy) throw named('NoSuchBucketPolicy');
          return { Policy: b.policy };
        case 'S3.GetPublicAccessBlock':
          if (!b.block) throw named('NoSuchPublicAccessBlockConfiguration');
          return { PublicAccessBlockConfiguration: { ...b.block } };
        case 'S3.PutPublicAccessBlock':
          b.block = { ...input.PublicAccessBlockConfiguration };
          return {};
        case 'S3.PutObject':
          state.evidence.push({ ...input, region });
          return {};
        default:
          throw new Error(`unexpected call ${service}.${operation}`);
      }
    },
  };

  const deps: Deps = {
    ec2: new EC2Client({ region: REGION }),
    iam: new IAMClient({ region: REGION }),
    calls,
    evidenceBucket: 'acme-ir-evidence-222222222222-eu-west-1',
    evidenceKeyArn: 'arn:aws:kms:eu-west-1:222222222222:alias/acme/ir-evidence',
    evidenceRegion: 'eu-west-1',
    protectedRoles: ['LandingZoneBreakGlass', 'acme-*', 'cdk-*', 'stacksets-exec-*'],
    now: () => NOW,
    download: async () => new Uint8Array([0x50, 0x4b, 0x03, 0x04]),
  };
  return { log, state, deps };
}

/** Calls that change something (everything but Describe/Get/List). */
export function mutations(log: readonly Call[]): string[] {
  return log.filter((c) => !/^(Describe|Get|List)/.test(c.api)).map((c) => c.api);
}

export function sha256(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}
