/**
 * What a VPC records: flow logs of ALL traffic to the log archive bucket (optionally also to CloudWatch
 * Logs) and Route 53 Resolver query logs to the same bucket.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import { Construct } from 'constructs';
import { allowLogsToEncrypt } from '../core/logs-key';
import { newKeyWithServiceGrantsOnly } from '../core/kms-grants';

/**
 * Fields of every flow log record, in order: the same list as the log archive's Athena table
 * (`lib/constructs/logging/log-tables.ts`, `-` becomes `_`; `region` is left out because the S3 key and the
 * table's partition carry it). Objects land under the default `AWSLogs/<account>/vpcflowlogs/<region>/yyyy/MM/dd/`.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html#flow-logs-fields
 */
export const FLOW_LOG_FIELDS = [
  'version',
  'account-id',
  'interface-id',
  'srcaddr',
  'dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'bytes',
  'start',
  'end',
  'action',
  'log-status',
  'vpc-id',
  'subnet-id',
  'instance-id',
  'tcp-flags',
  'type',
  'pkt-srcaddr',
  'pkt-dstaddr',
  'az-id',
  'flow-direction',
  'traffic-path',
] as const;

/** The flow log `LogFormat` string built from {@link FLOW_LOG_FIELDS}. */
export const FLOW_LOG_FORMAT = FLOW_LOG_FIELDS.map((f) => `\${${f}}`).join(' ');

/** Props for {@link VpcLogging}. */
export interface VpcLoggingProps {
  readonly vpc: ec2.IVpc;
  /**
   * ARN of the S3 bucket (the log archive) receiving flow logs and resolver query logs. Its policy must
   * admit `delivery.logs.amazonaws.com` for this account.
   * @see CIS AWS Foundations 3.7, Security Hub EC2.6
   */
  readonly logBucketArn: string;
  /** Also send flow logs to a KMS-encrypted CloudWatch Logs group. @default false */
  readonly flowLogsToCloudWatch?: boolean;
  /** Retention of the CloudWatch Logs group. @default logs.RetentionDays.ONE_YEAR */
  readonly cloudWatchRetention?: logs.RetentionDays;
  /** Log DNS queries of the VPC with Route 53 Resolver query logging to the bucket. @default true */
  readonly resolverQueryLogging?: boolean;
}

/**
 * Flow logs and DNS query logs of one VPC.
 *
 * Default settings: flow logs of ALL traffic, 10-minute aggregation, plain text with the
 * {@link FLOW_LOG_FORMAT} fields, to the bucket; resolver query logging on; no CloudWatch copy.
 */
export class VpcLogging extends Construct {
  /** The flow log of ALL traffic to the archive bucket (L1). */
  public readonly flowLog: ec2.CfnFlowLog;
  /**
   * The KMS-encrypted CloudWatch Logs group the flow logs are copied to when `flowLogsToCloudWatch` is on;
   * undefined otherwise. Add metric filters or subscriptions on it.
   */
  public readonly logGroup?: logs.LogGroup;
  /**
   * The Resolver query logging config writing the VPC's DNS queries to the bucket; undefined when
   * `resolverQueryLogging` is off. Associate more VPCs with its `attrId`.
   */
  public readonly queryLogConfig?: route53resolver.CfnResolverQueryLoggingConfig;

  constructor(scope: Construct, id: string, props: VpcLoggingProps) {
    super(scope, id);
    const vpcId = props.vpc.vpcId;
    this.flowLog = new ec2.CfnFlowLog(this, 'ToArchive', {
      resourceId: vpcId,
      resourceType: 'VPC',
      trafficType: 'ALL',
      logDestinationType: 's3',
      logDestination: props.logBucketArn,
      logFormat: FLOW_LOG_FORMAT,
      maxAggregationInterval: 600,
      destinationOptions: { FileFormat: 'plain-text', HiveCompatiblePartitions: false, PerHourPartition: false },
    });

    if (props.flowLogsToCloudWatch) {
      const stack = Stack.of(this);
      const key = newKeyWithServiceGrantsOnly(this, 'LogGroupKey', {
        description: `Encrypts the flow log group of ${this.node.path}`,
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      const logGroup = new logs.LogGroup(this, 'LogGroup', {
        encryptionKey: key,
        retention: props.cloudWatchRetention ?? logs.RetentionDays.ONE_YEAR,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      // CloudWatch Logs encrypts with the key only for log groups of this account and region.
      allowLogsToEncrypt(key);
      // The delivery role's permissions live in a customer-managed policy scoped to this one log group.
      const role = new iam.Role(this, 'DeliveryRole', {
        assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
        }),
        description: 'VPC flow logs delivery to one CloudWatch Logs group',
      });
      new iam.ManagedPolicy(this, 'DeliveryPolicy', {
        roles: [role],
        statements: [
          new iam.PolicyStatement({
            actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
            resources: [logGroup.logGroupArn],
          }),
        ],
      });
      new ec2.CfnFlowLog(this, 'ToCloudWatch', {
        resourceId: vpcId,
        resourceType: 'VPC',
        trafficType: 'ALL',
        logDestinationType: 'cloud-watch-logs',
        logDestination: logGroup.logGroupArn,
        deliverLogsPermissionArn: role.roleArn,
        logFormat: FLOW_LOG_FORMAT,
        maxAggregationInterval: 600,
      });
      this.logGroup = logGroup;
    }

    if (props.resolverQueryLogging ?? true) {
      this.queryLogConfig = new route53resolver.CfnResolverQueryLoggingConfig(this, 'QueryLogging', {
        destinationArn: props.logBucketArn,
      });
      new route53resolver.CfnResolverQueryLoggingConfigAssociation(this, 'QueryLoggingAssociation', {
        resolverQueryLogConfigId: this.queryLogConfig.attrId,
        resourceId: vpcId,
      });
    }
  }
}
