import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeNoFix } from '../core/opt-out';
import { proactiveControlId } from '../core/proactive-controls';
import { throwIfProblems } from '../core/validation-error';

/** Props for {@link AccessLogsBucket}. */
export interface AccessLogsBucketProps {
  /**
   * How long log objects are kept before they expire.
   * @default Duration.days(365)
   * @see NIST 800-53 AU-11 (audit record retention)
   */
  readonly retention?: Duration;
  /**
   * Enable object ACLs (ownership `BucketOwnerPreferred`), needed only by CloudFront standard (legacy)
   * logging, which grants its log-delivery account access through an ACL.
   * @default false (ACLs disabled, ownership `BucketOwnerEnforced`)
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html
   */
  readonly allowLogDeliveryAcls?: boolean;
}

/**
 * A bucket that receives access logs: S3 server access logs, load balancer access logs and CloudFront
 * standard logs. Used by the other constructs when the caller passes no log bucket of its own (pass the
 * log archive's bucket instead where the service can write cross-account).
 *
 * ```ts
 * const logs = new AccessLogsBucket(this, 'AccessLogs');
 * new SecureBucket(this, 'Data', { serverAccessLogsBucket: logs.bucket });
 * ```
 *
 * Default settings: SSE-S3 encryption (the only default encryption S3 server access logging and ELB
 * access logging deliver to), versioning, Block Public Access, TLS-only bucket policy, ACLs disabled,
 * logs expire after 365 days (old versions after 30), `RemovalPolicy.RETAIN`.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html (SSE-S3 only)
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html (SSE-S3 only)
 */
export class AccessLogsBucket extends Construct {
  /**
   * The log bucket (SSE-S3). Pass it as `serverAccessLogsBucket` or `accessLogsBucket` to the constructs
   * that log, or grant log readers through it.
   */
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AccessLogsBucketProps = {}) {
    super(scope, id);
    const retention = props.retention ?? Duration.days(365);
    const days = Token.isUnresolved(retention.toDays({ integral: false })) ? undefined : retention.toDays({ integral: false });
    throwIfProblems(this, 'AccessLogsBucket', [
      ...(days !== undefined && (days < 1 || !Number.isInteger(days))
        ? [`retention: ${days} days is not allowed (allowed: a whole number of days, at least 1)`]
        : []),
    ]);
    this.bucket = new s3.Bucket(this, 'Resource', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: props.allowLogDeliveryAcls ? s3.ObjectOwnership.BUCKET_OWNER_PREFERRED : s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        {
          id: 'expire-logs',
          expiration: retention,
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNoFix(
      this.bucket.node.defaultChild as s3.CfnBucket,
      ['AwsSolutions-S1', 'NIST.800.53.R5-S3BucketLoggingEnabled'],
      'This bucket is the access-log destination; logging its own access would need another log bucket without end.',
    );
    acknowledgeNoFix(
      this.bucket.node.defaultChild as s3.CfnBucket,
      ['NIST.800.53.R5-S3DefaultEncryptionKMS'],
      'S3 server access logging and ELB access logging deliver only to buckets whose default encryption is SSE-S3.',
    );
    acknowledgeNoFix(
      this.bucket.node.defaultChild as s3.CfnBucket,
      ['NIST.800.53.R5-S3BucketReplicationEnabled'],
      'Replication needs a destination bucket in a second region that this construct cannot create; logs stay versioned here for their retention.',
    );
    acknowledgeNoFix(
      this.bucket.node.defaultChild as s3.CfnBucket,
      [proactiveControlId('s3_bucket_object_lock_enabled_check')],
      "These are one application's access logs for troubleshooting, expired after their retention; versioning keeps an overwritten or deleted log for 30 days. The organization's audit records under Object Lock are the landing zone's log archive, not this bucket.",
    );
    acknowledgeNoFix(
      this.bucket.node.defaultChild as s3.CfnBucket,
      [proactiveControlId('s3_event_notifications_enabled_check')],
      'Nothing consumes per-object events of an access-log bucket: the logs are read when investigating, and ELB, CloudFront and S3 write many small objects an hour that events would only repeat.',
    );
    if (props.allowLogDeliveryAcls) {
      acknowledgeNoFix(
        this.bucket.node.defaultChild as s3.CfnBucket,
        [proactiveControlId('s3_bucket_acl_prohibited_check')],
        'allowLogDeliveryAcls: CloudFront standard logging to S3 writes through an ACL grant to the awslogsdelivery account, so AWS requires ACLs on (BucketOwnerPreferred) on its destination bucket; the bucket still blocks all public access.',
      );
    }
  }
}
