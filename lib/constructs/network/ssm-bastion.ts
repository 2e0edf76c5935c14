import { Aspects, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { ValidationError } from '../../../constructs/core/validation-error';

/** Props for {@link SsmBastion}. */
export interface SsmBastionProps {
  readonly vpc: ec2.IVpc;
  /** Where the bastion runs. @default - the `admin` subnet group */
  readonly subnets?: ec2.SubnetSelection;
  /** @default t4g.micro (Graviton; the AMI follows the instance's CPU type) */
  readonly instanceType?: ec2.InstanceType;
  /** Root volume size (encrypted gp3). @default 10 */
  readonly volumeSizeGiB?: number;
  /**
   * KMS key that encrypts session data (the Session Manager preferences' `kmsKeyId`): the bastion may
   * decrypt with it. @default - sessions are encrypted by TLS only
   */
  readonly sessionKey?: kms.IKey;
  /**
   * Where Session Manager uploads session logs: the bastion role may write there and nowhere else.
   * @default - no S3 session logs
   */
  readonly sessionLogs?: {
    /** Bucket name, e.g. the log archive. */
    readonly bucketName: string;
    /** Key prefix, without a trailing slash. */
    readonly prefix: string;
    /** ARN of the alias of the bucket's KMS key (`arn:aws:kms:region:account:alias/...`). */
    readonly keyAliasArn: string;
  };
}

/**
 * A bastion reachable only through AWS Systems Manager Session Manager.
 *
 * Default settings: admin tier; no key pair; a security group with no inbound rule and HTTPS-only
 * egress (SSM, S3, KMS); IMDSv2 required (hop limit 1 via CDK default); encrypted gp3 root volume;
 * Amazon Linux 2023 from the public SSM parameter, resolved by CloudFormation at deploy time (no synth-time
 * lookup, the instance is replaced onto the current AMI when the parameter moves); termination protection;
 * detailed monitoring.
 * @see Security Hub EC2.8 (IMDSv2), EC2.3/EC2.7 (EBS encryption), CIS 5.2-5.4
 */
export class SsmBastion extends Construct {
  public readonly instance: ec2.Instance;
  public readonly role: iam.Role;
  /** Permissions beyond the SSM agent baseline: session decryption and session log upload. */
  public readonly policy?: iam.ManagedPolicy;
  public readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: SsmBastionProps) {
    super(scope, id);
    const volumeSize = props.volumeSizeGiB ?? 10;
    if (!Number.isInteger(volumeSize) || volumeSize < 8 || volumeSize > 16384) {
      throw ValidationError.of(this, 'SsmBastion', [`volumeSizeGiB: ${volumeSize} is not a whole number from 8 to 16384`]);
    }
    const instanceType = props.instanceType ?? new ec2.InstanceType('t4g.micro');

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'SSM-only bastion: Session Manager agent and session log upload',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
      reason:
        'AmazonSSMManagedInstanceCore is the AWS-maintained minimum for the SSM agent (ssm, ssmmessages, ec2messages); a copy would miss the permissions AWS adds when the agent changes.',
    });
    const statements: iam.PolicyStatement[] = [];
    if (props.sessionKey) {
      statements.push(new iam.PolicyStatement({ sid: 'DecryptSessions', actions: ['kms:Decrypt'], resources: [props.sessionKey.keyArn] }));
    }
    const logStatements = props.sessionLogs ? this.sessionLogStatements(props.sessionLogs) : undefined;
    statements.push(...(logStatements?.statements ?? []));
    if (statements.length > 0) {
      // A customer-managed policy, not the role's inline default policy: reviewable on its own (NIST AC-6).
      this.policy = new iam.ManagedPolicy(this, 'SessionPolicy', {
        description: 'SSM-only bastion: decrypt sessions, upload session logs to the archive',
        roles: [this.role],
        statements,
      });
      for (const ack of logStatements?.acknowledgments ?? []) Validations.of(this.policy).acknowledge(ack);
    }

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'SSM-only bastion: no inbound, HTTPS outbound',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'Session Manager, S3 and KMS over HTTPS');

    this.instance = new ec2.Instance(this, 'Resource', {
      vpc: props.vpc,
      vpcSubnets: props.subnets ?? { subnetGroupName: 'admin' },
      instanceType,
      // AWS's own "kernel-default" parameter (latestAmazonLinux2023() would pin CDK's idea of the latest
      // kernel); cachedInContext: false makes it a CloudFormation SSM parameter, read at deploy time.
      machineImage: new ec2.AmazonLinux2023ImageSsmParameter({
        cachedInContext: false,
        kernel: ec2.AmazonLinux2023Kernel.DEFAULT,
        cpuType: cpuTypeOf(instanceType),
      }),
      role: this.role,
      securityGroup: this.securityGroup,
      requireImdsv2: true,
      // Explicitly no public address: CDK then writes the primary interface under NetworkInterfaces, where
      // Control Tower CT.EC2.PR.8 reads AssociatePublicIpAddress (the admin tier has no internet route anyway).
      associatePublicIpAddress: false,
      detailedMonitoring: true,
      disableApiTermination: true,
      ebsOptimized: true,
      blockDevices: [
        { deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(volumeSize, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }) },
      ],
    });
    // The launch template CDK adds (in an aspect) to require IMDSv2 states the same detailed monitoring as the
    // instance (CT.EC2.PR.10); the instance is already billed for it, so this costs nothing more.
    Aspects.of(this.instance).add({
      visit(node) {
        if (node instanceof ec2.CfnLaunchTemplate) node.addPropertyOverride('LaunchTemplateData.Monitoring.Enabled', true);
      },
    });
    Validations.of(this.instance).acknowledge({
      id: 'NIST.800.53.R5-EC2InstancesInVPC',
      reason:
        'The bastion is in the VPC: its primary network interface names the admin-tier subnet under NetworkInterfaces (written there so that AssociatePublicIpAddress: false is explicit), where this rule, which reads only the top-level SubnetId, does not look.',
    });
    Validations.of(this.instance).acknowledge({
      id: 'cdk-validator-cfnguard::ec2_instance_nitro_encryption_in_transit_check',
      reason: `The bastion (${instanceType.toString()}) carries only Session Manager sessions, which travel over TLS to the SSM endpoints (and are KMS-encrypted too when a session key is given); it exchanges no traffic with other instances, which is what Nitro in-transit encryption (c6i, m6i and like types, several times the price) would protect.`,
    });
  }

  /** Session Manager uploads session logs with the instance's credentials, so the role writes them. */
  private sessionLogStatements(logs: NonNullable<SsmBastionProps['sessionLogs']>) {
    const m = /^arn:[a-z-]+:kms:([a-z0-9-]+):(\d{12}):(alias\/[\w/-]+)$/.exec(logs.keyAliasArn);
    if (!m) {
      throw ValidationError.of(this, 'SsmBastion', [
        `sessionLogs.keyAliasArn: "${logs.keyAliasArn}" is not a KMS alias ARN (arn:aws:kms:region:account:alias/name)`,
      ]);
    }
    const [, region, account, aliasName] = m;
    const partition = Stack.of(this).partition;
    // cdk-nag prints an unresolved partition as <AWS::Partition>; finding IDs must match it exactly.
    const shown = Token.isUnresolved(partition) ? '<AWS::Partition>' : partition;
    const objects = `${logs.bucketName}/${logs.prefix}/*`;
    return {
      statements: [
        // The agent uploads with a bucket-owner-full-control ACL header, which needs s3:PutObjectAcl too.
        new iam.PolicyStatement({
          sid: 'PutSessionLogs',
          actions: ['s3:PutObject', 's3:PutObjectAcl'],
          resources: [`arn:${partition}:s3:::${objects}`],
        }),
        new iam.PolicyStatement({
          sid: 'CheckBucketEncryption',
          actions: ['s3:GetEncryptionConfiguration'],
          resources: [`arn:${partition}:s3:::${logs.bucketName}`],
        }),
        // The archive key's ID is unknown outside its account; its alias is not. kms:ResourceAliases narrows
        // the grant to exactly the key carrying that alias in that account. Sessions over 5 MiB are uploaded
        // in parts, and a multipart upload to an SSE-KMS bucket needs kms:Decrypt as well as GenerateDataKey
        // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions); the
        // role cannot read the archive, whose policy grants it no GetObject.
        new iam.PolicyStatement({
          sid: 'EncryptSessionLogs',
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [`arn:${partition}:kms:${region}:${account}:key/*`],
          conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': aliasName } },
        }),
      ],
      acknowledgments: [
        {
          id: `AwsSolutions-IAM5[Resource::arn:${shown}:s3:::${objects}]`,
          reason: 'Session Manager writes one object per session under the session-log prefix; object names are session IDs, unknown in advance.',
        },
        {
          id: `AwsSolutions-IAM5[Resource::arn:${shown}:kms:${region}:${account}:key/*]`,
          reason: 'The log archive key ID is not known in this account; the kms:ResourceAliases condition narrows the grant to the one key with the archive alias.',
        },
      ],
    };
  }
}

function cpuTypeOf(instanceType: ec2.InstanceType): ec2.AmazonLinuxCpuType {
  return instanceType.architecture === ec2.InstanceArchitecture.ARM_64 ? ec2.AmazonLinuxCpuType.ARM_64 : ec2.AmazonLinuxCpuType.X86_64;
}
