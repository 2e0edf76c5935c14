import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SessionManagerPreferences } from '../../../../lib/constructs/network/session-manager-preferences';
import { SsmBastion } from '../../../../lib/constructs/network/ssm-bastion';

function build() {
  const stack = new Stack(new App(), 'Bastion', { env: { account: '333333333333', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    subnetConfiguration: [{ name: 'admin', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 27 }],
  });
  const prefs = new SessionManagerPreferences(stack, 'Prefs', { logBucketName: 'acme-log-archive', logPrefix: 'ssm-session-logs/333333333333' });
  const bastion = new SsmBastion(stack, 'Bastion', {
    vpc,
    sessionKey: prefs.key,
    sessionLogs: {
      bucketName: 'acme-log-archive',
      prefix: 'ssm-session-logs/333333333333',
      keyAliasArn: 'arn:aws:kms:eu-west-1:222222222222:alias/acme/log-archive',
    },
  });
  return { stack, bastion, template: Template.fromStack(stack) };
}

describe('SsmBastion', () => {
  const { stack, bastion, template } = build();

  test('has no inbound rule, no key pair, and only HTTPS outbound', () => {
    const groups = Object.values<any>(template.findResources('AWS::EC2::SecurityGroup'));
    expect(groups).toHaveLength(1);
    expect(groups[0].Properties.SecurityGroupIngress).toBeUndefined();
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    expect(groups[0].Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' })]);
    template.hasResourceProperties('AWS::EC2::Instance', { KeyName: Match.absent() });
  });

  test('requires IMDSv2 and encrypts its root volume', () => {
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' } },
    });
    template.hasResourceProperties('AWS::EC2::Instance', {
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: 10 } }],
      DisableApiTermination: true,
    });
  });

  // Control Tower CT.EC2.PR.8 and CT.EC2.PR.10: https://docs.aws.amazon.com/controltower/latest/userguide/ec2-rules.html
  test('has no public address on its interface and its launch template keeps detailed monitoring on', () => {
    template.hasResourceProperties('AWS::EC2::Instance', { NetworkInterfaces: [{ DeviceIndex: '0', AssociatePublicIpAddress: false }], Monitoring: true });
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: { Monitoring: { Enabled: true } } });
  });

  test('runs the current Amazon Linux 2023, resolved by CloudFormation at deploy time (no synth-time lookup)', () => {
    const parameters = Object.values<any>(template.toJSON().Parameters ?? {});
    expect(parameters).toContainEqual({
      Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
      Default: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64',
    });
    // A context lookup would leave a missing-context entry for the CLI to resolve with credentials.
    expect(stack.node.root.node.metadata.filter((m) => m.type === 'aws:cdk:missing-context')).toEqual([]);
  });

  test('its role has the SSM agent baseline plus exactly the session permissions', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.arrayWith([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] }]),
    });
    const policy = Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy'))[0].Properties.PolicyDocument.Statement;
    expect(policy.map((s: any) => [s.Sid, s.Action])).toEqual([
      ['DecryptSessions', 'kms:Decrypt'],
      ['PutSessionLogs', ['s3:PutObject', 's3:PutObjectAcl']],
      ['CheckBucketEncryption', 's3:GetEncryptionConfiguration'],
      // Decrypt: multipart uploads of sessions over 5 MiB (the archive's key policy allows it only through S3).
      ['EncryptSessionLogs', ['kms:GenerateDataKey', 'kms:Decrypt']],
    ]);
    expect(flat(policy[1].Resource)).toBe('arn:aws:s3:::acme-log-archive/ssm-session-logs/333333333333/*');
    expect(flat(policy[3].Resource)).toBe('arn:aws:kms:eu-west-1:222222222222:key/*');
    expect(policy[3]).toMatchObject({
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/acme/log-archive' } },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
    expect(bastion.policy).toBeDefined();
  });

  test('a malformed key alias ARN names the prop', () => {
    const stack2 = new Stack(new App(), 'S');
    const vpc = new ec2.Vpc(stack2, 'Vpc', { subnetConfiguration: [{ name: 'admin', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    expect(
      () => new SsmBastion(stack2, 'B', { vpc, sessionLogs: { bucketName: 'b', prefix: 'p', keyAliasArn: 'alias/acme/log-archive' } }),
    ).toThrow(/sessionLogs\.keyAliasArn: "alias\/acme\/log-archive" is not a KMS alias ARN/);
  });
});

/** An ARN as CloudFormation will see it in the aws partition. */
function flat(value: any): string {
  if (typeof value === 'string') return value;
  return value['Fn::Join'][1].map((part: any) => (typeof part === 'string' ? part : 'aws')).join('');
}
