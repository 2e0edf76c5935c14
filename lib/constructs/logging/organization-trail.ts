import { ArnFormat, Aws, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import { CfnTrail } from 'aws-cdk-lib/aws-cloudtrail';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface OrganizationTrailProps {
  /** Trail name (a contract: guardrails protect the trail by ARN). */
  readonly trailName: string;
  /** Archive bucket in the log account (created beforehand, with a policy admitting this trail). */
  readonly bucketName: string;
  /**
   * Archive key, by key or alias ARN: CloudTrail's `KMSKeyId` accepts an alias ARN, which a stack in another
   * account can compute before the key exists.
   */
  readonly kmsKeyArn: string;
  /** Name of the CloudWatch Logs group the trail streams to. */
  readonly logGroupName: string;
  /** Key encrypting the log group (same account and region; its policy must admit CloudWatch Logs). */
  readonly logGroupKey: IKey;
  /** Retention of the log group. */
  readonly logRetention: RetentionDays;
  /**
   * S3 object-level (data) events to record: writes of every bucket (CIS 3.8), and reads of every bucket (CIS 3.9)
   * or only of the named buckets.
   * @default - none
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
   */
  readonly s3DataEvents?: { readonly write: boolean; readonly read: 'all' | 'none' | { readonly buckets: readonly string[] } };
}

/**
 * The organization trail: every account, every region, global service events, all management events, log file
 * validation, SSE-KMS with the archive key, and a KMS-encrypted CloudWatch Logs group for the CIS metric filters.
 * Create it in the management account (or a delegated CloudTrail administrator) with trusted access enabled.
 *
 * Default settings: organization + multi-region, read and write management events, no data events unless `s3DataEvents`, RETAIN log group.
 *
 * @see CIS 3.1, 3.2, 3.5, 3.8/3.9; Security Hub CloudTrail.1, CloudTrail.2, CloudTrail.4, CloudTrail.5
 */
export class OrganizationTrail extends Construct {
  public readonly trail: CfnTrail;
  public readonly logGroup: LogGroup;
  /** The trail's ARN, known before deploy. */
  public readonly trailArn: string;

  constructor(scope: Construct, id: string, props: OrganizationTrailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.trailArn = stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: props.trailName });
    this.logGroup = new LogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName,
      encryptionKey: props.logGroupKey,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudTrail assumes this role to write to the log group (only for this trail: confused-deputy guard).
    const role = new Role(this, 'CloudWatchLogsRole', {
      assumedBy: new ServicePrincipal('cloudtrail.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceArn': this.trailArn } },
      }),
      description: `CloudTrail delivery of ${props.trailName} to ${props.logGroupName}`,
    });
    const logStreams = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${props.logGroupName}:log-stream:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const policy = new ManagedPolicy(this, 'CloudWatchLogsPolicy', {
      roles: [role],
      statements: [new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logStreams] })],
    });
    // The finding names the resource when the ARN is concrete; in an environment-agnostic stack it cannot, and
    // this policy holds only this one statement, so the rule-level acknowledgment is just as narrow.
    Validations.of(policy).acknowledge({
      id: Token.isUnresolved(logStreams) ? 'AwsSolutions-IAM5' : `AwsSolutions-IAM5[Resource::${logStreams}]`,
      reason: 'CloudTrail names its log streams itself (account and region); the wildcard is confined to the streams of this one trail log group.',
    });
    const selectors: CfnTrail.AdvancedEventSelectorProperty[] = [
      { name: 'All management events', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] },
    ];
    selectors.push(...s3DataEventSelectors(props.s3DataEvents ?? { write: false, read: 'none' }));
    this.trail = new CfnTrail(this, 'Resource', {
      trailName: props.trailName,
      isLogging: true,
      isOrganizationTrail: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      s3BucketName: props.bucketName,
      kmsKeyId: props.kmsKeyArn,
      cloudWatchLogsLogGroupArn: this.logGroup.logGroupArn,
      cloudWatchLogsRoleArn: role.roleArn,
      advancedEventSelectors: selectors,
    });
    // CloudTrail validates delivery when the trail is created: the role's policy must exist first.
    this.trail.node.addDependency(policy);
  }
}

/**
 * Advanced event selectors for S3 object-level events. `readOnly` splits reads from writes; `resources.ARN`
 * `StartsWith` `arn:<partition>:s3:::<bucket>/` scopes reads to named buckets. Reads and writes of every bucket
 * fold into one selector.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
 */
export function s3DataEventSelectors(scope: NonNullable<OrganizationTrailProps['s3DataEvents']>): CfnTrail.AdvancedEventSelectorProperty[] {
  const objects: CfnTrail.AdvancedFieldSelectorProperty[] = [
    { field: 'eventCategory', equalTo: ['Data'] },
    { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
  ];
  if (scope.write && scope.read === 'all') return [{ name: 'S3 object-level reads and writes, every bucket', fieldSelectors: objects }];
  const out: CfnTrail.AdvancedEventSelectorProperty[] = [];
  if (scope.write) out.push({ name: 'S3 object-level writes, every bucket', fieldSelectors: [...objects, { field: 'readOnly', equalTo: ['false'] }] });
  if (scope.read === 'all') out.push({ name: 'S3 object-level reads, every bucket', fieldSelectors: [...objects, { field: 'readOnly', equalTo: ['true'] }] });
  else if (scope.read !== 'none' && scope.read.buckets.length > 0) {
    out.push({
      name: 'S3 object-level reads, landing-zone log buckets',
      fieldSelectors: [
        ...objects,
        { field: 'readOnly', equalTo: ['true'] },
        { field: 'resources.ARN', startsWith: scope.read.buckets.map((b) => `arn:${Aws.PARTITION}:s3:::${b}/`) },
      ],
    });
  }
  return out;
}
