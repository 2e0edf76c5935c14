import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { LogArchiveBucket, WITHOUT_OBJECT_LOCK_BECAUSE } from '../constructs/logging/log-archive-bucket';
import type { LandingZoneConfig } from '../config/schema';
import type { regionalLogArchiveNames } from '../names';

/** What a regional ELB log stack needs: its names, retention from the logging config, the accounts. */
export interface ElbLogArchiveStackProps extends StackProps {
  readonly logging: Pick<LandingZoneConfig['logging'], 'transitionToGlacierDays' | 'archiveRetentionDays'>;
  readonly names: ReturnType<typeof regionalLogArchiveNames>;
  /** Accounts whose load balancers deliver here (their `AWSLogs/<account>/` prefixes). */
  readonly accountIds: readonly string[];
  readonly exemptPrincipalArnPatterns: readonly string[];
}

/**
 * Security-log account, each governed region other than the home region: the load balancer log bucket of that
 * region (ELB delivers only within its region) and the bucket receiving its server access logs. Both are the
 * same `LogArchiveBucket` as in the home region, with the same retention and protective deny.
 * The construct IDs are stateful contracts (the home stack's IDs): never rename them.
 */
export class ElbLogArchiveStack extends Stack {
  public readonly accessLogs: LogArchiveBucket;
  public readonly elbLogs: LogArchiveBucket;

  constructor(scope: Construct, id: string, props: ElbLogArchiveStackProps) {
    super(scope, id, props);
    const retention = { transitionToGlacierDays: props.logging.transitionToGlacierDays, expirationDays: props.logging.archiveRetentionDays };
    const exemptPrincipalArnPatterns = props.exemptPrincipalArnPatterns;
    // Server access logging targets must use SSE-S3 and sit in the source bucket's region.
    this.accessLogs = new LogArchiveBucket(this, 'AccessLogBucket', {
      bucketName: props.names.accessLogBucketName,
      withoutObjectLockBecause: WITHOUT_OBJECT_LOCK_BECAUSE.serverAccessLogs,
      ...retention,
      exemptPrincipalArnPatterns,
    });
    // Load balancer access logs support SSE-S3 only.
    this.elbLogs = new LogArchiveBucket(this, 'ElbLogBucket', {
      bucketName: props.names.elbLogBucketName,
      withoutObjectLockBecause: WITHOUT_OBJECT_LOCK_BECAUSE.loadBalancerLogs,
      ...retention,
      serverAccessLogsBucket: this.accessLogs.bucket,
      exemptPrincipalArnPatterns,
    });
    this.elbLogs.allowElbAccessLogs(this.region, props.accountIds);
  }
}
