import { Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import { AccountPrincipal, AnyPrincipal, Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  type CfnBucket,
  BucketEncryption,
  type IBucket,
  ObjectLockRetention,
  ObjectOwnership,
  PartitionDateSource,
  StorageClass,
  TargetObjectKeyFormat,
} from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { throwIfProblems } from '../../../constructs/core/validation-error';
import { ELB_ACCESS_LOG_PREFIX } from '../../../constructs/web/secure-load-balancer';
import { type LogReplicationTarget, replicationConfiguration } from './log-replication';

/** Object Lock default retention. */
export interface LogObjectLock {
  /** GOVERNANCE: principals with `s3:BypassGovernanceRetention` can lift it; COMPLIANCE: nobody can, not even root. */
  readonly mode: 'GOVERNANCE' | 'COMPLIANCE';
  /** Days every new object version is locked. */
  readonly days: number;
}

/** Bucket actions that weaken the archive or destroy its contents; denied to all but the exempt principals. */
export const ARCHIVE_PROTECTED_BUCKET_ACTIONS = [
  's3:DeleteBucket', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutLifecycleConfiguration',
  's3:PutEncryptionConfiguration', 's3:PutBucketObjectLockConfiguration', 's3:PutBucketLogging', 's3:PutBucketVersioning',
  's3:PutBucketPublicAccessBlock', 's3:PutBucketOwnershipControls', 's3:PutBucketAcl', 's3:PutReplicationConfiguration',
  // Requester Pays makes every delivering service pay for its writes; CloudTrail then stops delivering.
  's3:PutBucketRequestPayment',
];
/** Object ACLs are not listed: BucketOwnerEnforced disables them, and `PutBucketOwnershipControls` is denied. */
export const ARCHIVE_PROTECTED_OBJECT_ACTIONS = ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention', 's3:PutObjectRetention'];

export interface LogArchiveBucketProps {
  /** Physical bucket name (a contract: other accounts deliver to it by name). */
  readonly bucketName: string;
  /** SSE-KMS key (with S3 Bucket Key); omit for SSE-S3, for sources that cannot write SSE-KMS. @default - SSE-S3 */
  readonly encryptionKey?: IKey;
  /** Object Lock default retention. Object Lock can only be turned on when the bucket is created. @default - no Object Lock */
  readonly objectLock?: LogObjectLock;
  /**
   * Why this bucket has no Object Lock, acknowledged on it for Control Tower CT.S3.PR.6 (one of
   * {@link WITHOUT_OBJECT_LOCK_BECAUSE}). Ignored when `objectLock` is set.
   * @default - the archive's reason: the config omits logging.objectLock
   */
  readonly withoutObjectLockBecause?: string;
  /** Days before objects move to S3 Glacier Instant Retrieval. @default - no transition */
  readonly transitionToGlacierDays?: number;
  /** Days before objects (and noncurrent versions) expire: personal data must not live forever. */
  readonly expirationDays: number;
  /** Bucket receiving this bucket's server access logs. @default - none (only for the access-log bucket itself) */
  readonly serverAccessLogsBucket?: IBucket;
  /** Principal ARN patterns exempt from the protective deny (break-glass, deployment role). */
  readonly exemptPrincipalArnPatterns: readonly string[];
  /** Replicate every new object version to a bucket in another region (`logging.replication`). @default - no replication */
  readonly replication?: LogReplicationTarget;
  /**
   * Why this bucket has no second-region copy, acknowledged for S3BucketReplicationEnabled. Ignored with `replication`.
   * @default - residency: logs and query results stay in the home region
   */
  readonly withoutReplicationBecause?: string;
}

/**
 * A log archive bucket: encrypted, versioned, private, TLS-only, retained, optionally Object-Locked, expiring
 * on schedule, and protected by a bucket policy that denies deletion and weakening to everyone but the exempt
 * principals. Deliveries are admitted with the `allow*` methods, each scoped to one organization.
 *
 * Default settings: Block Public Access (all), BucketOwnerEnforced, versioning, TLS 1.2+ only, RETAIN.
 *
 * @see CIS 2.1.1, 2.1.4, 3.4; Security Hub S3.5, S3.8, CloudTrail.7
 */
/** Why an archive bucket goes without Object Lock, by bucket role (Control Tower CT.S3.PR.6 acknowledgments). */
export const WITHOUT_OBJECT_LOCK_BECAUSE = {
  archiveConfiguredWithout:
    'The config omits logging.objectLock, so the operator chose no Object Lock (once on it can never be turned off); versioning, non-current versions kept as long as the logs, and the deny-delete bucket policy protect the logs instead.',
  serverAccessLogs:
    'S3 server access logging does not deliver to a destination bucket with an Object Lock default retention; versioning and the deny-delete bucket policy protect these access logs instead.',
  configHistory:
    'AWS Config delivers its history to this bucket, which is kept apart from the locked archive because Config does not deliver to an Object Lock bucket; versioning and the deny-delete bucket policy protect it.',
  loadBalancerLogs:
    'Load balancer access logs are operational records kept for the archive retention under versioning and the deny-delete bucket policy; the irreversible Object Lock decision (logging.objectLock) is taken for the CloudTrail archive, the evidence trail.',
  configHistoryReplica:
    'Replica of the Config history bucket, which has no Object Lock because AWS Config does not deliver to a locked bucket; the replica mirrors its source under versioning and the deny-delete bucket policy.',
  queryResults:
    'Athena query results are derived copies that expire after the configured results retention; a lock would keep them, and any personal data a query extracted, past that expiry.',
} as const;

export class LogArchiveBucket extends Construct {
  public readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: LogArchiveBucketProps) {
    super(scope, id);
    validate(this, props);
    const transitions = props.transitionToGlacierDays !== undefined && props.transitionToGlacierDays < props.expirationDays
      ? [{ storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(props.transitionToGlacierDays) }]
      : undefined;
    this.bucket = new Bucket(this, 'Resource', {
      bucketName: props.bucketName,
      encryption: props.encryptionKey ? BucketEncryption.KMS : BucketEncryption.S3_MANAGED,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: props.encryptionKey ? true : undefined,
      versioned: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      objectLockEnabled: props.objectLock ? true : undefined,
      objectLockDefaultRetention: props.objectLock
        ? props.objectLock.mode === 'COMPLIANCE'
          ? ObjectLockRetention.compliance(Duration.days(props.objectLock.days))
          : ObjectLockRetention.governance(Duration.days(props.objectLock.days))
        : undefined,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: props.serverAccessLogsBucket ? `${props.bucketName}/` : undefined,
      // Date-partitioned keys (<prefix><account>/<region>/<bucket>/yyyy/MM/dd/...), so Athena projects them by day.
      targetObjectKeyFormat: props.serverAccessLogsBucket ? TargetObjectKeyFormat.partitionedPrefix(PartitionDateSource.EVENT_TIME) : undefined,
      lifecycleRules: [
        {
          id: 'archive-retention',
          transitions,
          expiration: Duration.days(props.expirationDays),
          // An overwritten version is kept as long as the log itself: overwriting must not shorten retention.
          noncurrentVersionExpiration: Duration.days(props.expirationDays),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (!props.objectLock) {
      Validations.of(this.bucket).acknowledge({
        id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
        reason: props.withoutObjectLockBecause ?? WITHOUT_OBJECT_LOCK_BECAUSE.archiveConfiguredWithout,
      });
    }
    Validations.of(this.bucket).acknowledge({
      id: 'cdk-validator-cfnguard::s3_event_notifications_enabled_check',
      reason:
        'Nothing consumes per-object events of this bucket: its logs are read through Athena and watched by the freshness alarms; the SIEM subscription (logging.siem), the one consumer that needs them, turns on EventBridge delivery for the archive bucket when it is configured.',
    });
    if (props.replication) {
      (this.bucket.node.defaultChild as CfnBucket).replicationConfiguration = replicationConfiguration(props.replication);
    } else {
      Validations.of(this.bucket).acknowledge({
        id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
        reason: props.withoutReplicationBecause ?? 'Logs and query results stay in the home region by design (data residency); versioning, the deny-delete bucket policy and Object Lock where configured protect them instead of a second-region copy.',
      });
    }
    if (!props.encryptionKey) {
      Validations.of(this.bucket).acknowledge({
        id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
        reason: 'This bucket receives S3 server access logs or load balancer access logs, which AWS delivers only to SSE-S3 buckets; it stays encrypted at rest with SSE-S3.',
      });
    }
    if (!props.serverAccessLogsBucket) {
      Validations.of(this.bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason: 'This is the access-log bucket itself: logging its own accesses into itself would loop; CloudTrail data events cover it when enabled.',
      });
      Validations.of(this.bucket).acknowledge({
        id: 'NIST.800.53.R5-S3BucketLoggingEnabled',
        reason: 'This is the access-log bucket itself: logging its own accesses into itself would loop; CloudTrail data events cover it when enabled.',
      });
    }
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyDeletionAndWeakeningExceptExempt',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: [...ARCHIVE_PROTECTED_BUCKET_ACTIONS, ...ARCHIVE_PROTECTED_OBJECT_ACTIONS],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
        conditions: { ArnNotLike: { 'aws:PrincipalArn': [...props.exemptPrincipalArnPatterns] } },
      }),
    );
  }

  /**
   * The organization trail: `AWSLogs/<org-id>/*` (member accounts) and `AWSLogs/<management>/*` (the management
   * account's own events), only from the named trail. @see CloudTrail "Amazon S3 bucket policy for CloudTrail"
   */
  public allowOrganizationTrail(trailArn: string, organizationId: string, managementAccountId: string): void {
    const cloudtrail = new ServicePrincipal('cloudtrail.amazonaws.com');
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudTrailAclCheck',
        principals: [cloudtrail],
        actions: ['s3:GetBucketAcl'],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
      }),
    );
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudTrailWrite',
        principals: [cloudtrail],
        actions: ['s3:PutObject'],
        resources: [
          this.bucket.arnForObjects(`AWSLogs/${organizationId}/*`),
          this.bucket.arnForObjects(`AWSLogs/${managementAccountId}/*`),
        ],
        conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
      }),
    );
  }

  /**
   * AWS Config delivery channels of the organization, as the service principal (cross-account delivery) or as
   * the Config service-linked role. @see AWS Config "Permissions for the Amazon S3 Bucket"
   */
  public allowConfig(organizationId: string): void {
    const config = new ServicePrincipal('config.amazonaws.com');
    const org = { 'aws:SourceOrgID': organizationId };
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'ConfigBucketPermissionsCheck',
        principals: [config],
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: org },
      }),
    );
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'ConfigWrite',
        principals: [config],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('AWSLogs/*/Config/*')],
        conditions: { StringEquals: { ...org, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'ConfigServiceLinkedRoleWrite',
        principals: [new AnyPrincipal()],
        actions: ['s3:GetBucketAcl', 's3:ListBucket', 's3:PutObject'],
        // Each account's service-linked role writes only under its own account ID.
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('AWSLogs/${aws:PrincipalAccount}/Config/*')],
        conditions: {
          StringEquals: { 'aws:PrincipalOrgID': organizationId },
          ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig' },
        },
      }),
    );
  }

  /**
   * Vended-log delivery (`delivery.logs.amazonaws.com`): VPC flow logs and Route 53 Resolver query logs of
   * the organization. @see CloudWatch Logs "Logs sent to Amazon S3"
   */
  public allowLogDelivery(organizationId: string): void {
    const delivery = new ServicePrincipal('delivery.logs.amazonaws.com');
    const org = { 'aws:SourceOrgID': organizationId };
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'LogDeliveryAclCheck',
        principals: [delivery],
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: org },
      }),
    );
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'LogDeliveryWrite',
        principals: [delivery],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('AWSLogs/*')],
        conditions: { StringEquals: { ...org, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );
  }

  /** GuardDuty publishing destinations of the organization (findings under `guardduty/`). */
  public allowGuardDuty(organizationId: string): void {
    const guardduty = new ServicePrincipal('guardduty.amazonaws.com');
    const org = { 'aws:SourceOrgID': organizationId };
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'GuardDutyGetBucketLocation',
        principals: [guardduty],
        actions: ['s3:GetBucketLocation'],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: org },
      }),
    );
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'GuardDutyWrite',
        principals: [guardduty],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('guardduty/*')],
        conditions: { StringEquals: org },
      }),
    );
  }

  /**
   * The organization's own principals writing under `<prefix>/<their account ID>/` (Session Manager uploads
   * session logs with the instance role's credentials and checks the bucket's encryption first).
   */
  public allowOrganizationWrites(prefix: string, organizationId: string): void {
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: `OrganizationWrite${prefix.replace(/[^A-Za-z0-9]/g, '')}`,
        principals: [new AnyPrincipal()],
        // The SSM agent uploads with a bucket-owner-full-control ACL header, which needs s3:PutObjectAcl too.
        actions: ['s3:PutObject', 's3:PutObjectAcl'],
        // Each account writes only under its own account ID, so no account can overwrite another's logs.
        resources: [this.bucket.arnForObjects(`${prefix}/\${aws:PrincipalAccount}/*`)],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': organizationId } },
      }),
    );
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: `OrganizationEncryptionCheck${prefix.replace(/[^A-Za-z0-9]/g, '')}`,
        principals: [new AnyPrincipal()],
        actions: ['s3:GetEncryptionConfiguration'],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': organizationId } },
      }),
    );
  }

  /**
   * Elastic Load Balancing access logs for load balancers in `region` (the bucket's region: ELB delivers only
   * to a bucket in the load balancer's region), under `AWSLogs/<account>/` or `SecureLoadBalancer`'s
   * `elb/<construct address>/AWSLogs/<account>/`
   * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
   *
   * - Regions opened in or after August 2022 deliver as `logdelivery.elasticloadbalancing.amazonaws.com`:
   *   one statement for the whole organization, whatever its size: `aws:SourceOrgID` admits only this
   *   organization's load balancers and the `${aws:SourceAccount}` policy variable keeps each account under
   *   its own prefix.
   * - Regions opened before (those with a regional ELB account) deliver as that account, which sends no
   *   condition key naming the load balancer's owner: AWS leaves only the object key to tell accounts apart,
   *   so the statement lists `accountIds` (about 170 bytes each toward S3's 20 KB: give only the accounts
   *   that can run load balancers in the region, i.e. those with a VPC there).
   */
  public allowElbAccessLogs(region: string, accountIds: readonly string[], organizationId: string): void {
    const elbAccount = RegionInfo.get(region).elbv2Account;
    const prefixes = (account: string) => [this.bucket.arnForObjects(`AWSLogs/${account}/*`), this.bucket.arnForObjects(`${ELB_ACCESS_LOG_PREFIX}/*/AWSLogs/${account}/*`)];
    if (!elbAccount) {
      this.bucket.addToResourcePolicy(
        new PolicyStatement({
          sid: 'ElbAccessLogsWrite',
          principals: [new ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com')],
          actions: ['s3:PutObject'],
          resources: prefixes('${aws:SourceAccount}'),
          conditions: { StringEquals: { 'aws:SourceOrgID': organizationId } },
        }),
      );
      return;
    }
    if (accountIds.length === 0) return;
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'ElbAccessLogsWrite',
        principals: [new AccountPrincipal(elbAccount)],
        actions: ['s3:PutObject'],
        resources: accountIds.flatMap(prefixes),
      }),
    );
  }

  /**
   * Binds every delivery to its own account's prefixes, as AWS's documented delivery policies bind
   * `AWSLogs/<account>/` to `aws:SourceAccount`: a service writing for one account (the `aws:SourceAccount` it
   * sends) is denied everywhere but under that account's prefixes and the `shared` destinations (the
   * organization trail's `AWSLogs/<org-id>/`). One statement whatever the number of accounts: the account is the
   * `${aws:SourceAccount}` policy variable, which IAM resolves from the request like any global condition key
   * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html), and the statement
   * applies only when the key is present, so the variable always resolves. Requests without
   * `aws:SourceAccount` (identities, the Config service-linked role) are left to the allows.
   *
   * @param ownPrefixes key prefixes (without trailing `/*`) containing `${aws:SourceAccount}`
   * @param shared key prefixes any delivery may use (each still needs an allow of its own)
   */
  public bindPrefixesToSourceAccount(ownPrefixes: readonly string[], shared: readonly string[] = []): void {
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DeliveriesOnlyUnderTheirOwnAccount',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        notResources: [...ownPrefixes, ...shared].map((p) => this.bucket.arnForObjects(`${p}/*`)),
        conditions: { Null: { 'aws:SourceAccount': 'false' } },
      }),
    );
  }

  /**
   * Principals that create a log delivery to this bucket from another account (e.g. the network stacks'
   * deployment role creating a Route 53 Resolver query-logging configuration) check that the bucket exists
   * and is reachable with `s3:ListBucket`. Only the named roles of this organization, and no object access.
   */
  public allowDeliveryCreators(organizationId: string, creatorArnPatterns: readonly string[]): void {
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DeliveryCreatorsCheckBucket',
        principals: [new AnyPrincipal()],
        actions: ['s3:ListBucket', 's3:GetBucketAcl', 's3:GetBucketPolicy'],
        resources: [this.bucket.bucketArn],
        conditions: {
          StringEquals: { 'aws:PrincipalOrgID': organizationId },
          ArnLike: { 'aws:PrincipalArn': [...creatorArnPatterns] },
        },
      }),
    );
  }
}

function validate(scope: Construct, props: LogArchiveBucketProps): void {
  const problems: string[] = [];
  const days = (name: string, v: number | undefined) => {
    if (v !== undefined && !Token.isUnresolved(v) && (!Number.isInteger(v) || v < 1)) problems.push(`${name} ${v} is not a whole number of days ≥ 1`);
  };
  days('expirationDays', props.expirationDays);
  days('transitionToGlacierDays', props.transitionToGlacierDays);
  days('objectLock.days', props.objectLock?.days);
  if (props.objectLock && props.objectLock.days > props.expirationDays) {
    problems.push(`objectLock.days ${props.objectLock.days} exceeds expirationDays ${props.expirationDays} (locked objects cannot expire; allowed: objectLock.days ≤ expirationDays)`);
  }
  if (props.exemptPrincipalArnPatterns.length === 0) problems.push('exemptPrincipalArnPatterns is empty: nobody could ever update the bucket policy (name at least the deployment role)');
  throwIfProblems(scope, 'LogArchiveBucket', problems);
}
