import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { LogArchiveBucket, WITHOUT_OBJECT_LOCK_BECAUSE } from '../constructs/logging/log-archive-bucket';
import { LogFreshnessAlarms } from '../constructs/logging/log-freshness-alarms';
import { maxSilenceHours } from '../constructs/logging/log-source-catalogue';
import { SecurityAlarmTopic } from '../constructs/logging/security-alarm-topic';
import type { LandingZoneConfig } from '../config/schema';
import type { regionalLogArchiveNames } from '../names';

/** What a regional ELB log stack needs: its names, retention from the logging config, the accounts. */
export interface ElbLogArchiveStackProps extends StackProps {
  readonly logging: Pick<LandingZoneConfig['logging'], 'transitionToGlacierDays' | 'archiveRetentionDays'>;
  readonly names: ReturnType<typeof regionalLogArchiveNames>;
  /**
   * Accounts whose load balancers deliver here (their `AWSLogs/<account>/` prefixes), listed where the
   * region's ELB account delivers (regions opened before August 2022): the accounts with a VPC in the region.
   */
  readonly accountIds: readonly string[];
  /** Organization ID: where the ELB service principal delivers, it admits this organization's load balancers. */
  readonly organizationId: string;
  readonly exemptPrincipalArnPatterns: readonly string[];
  /**
   * Where the region's silence alarm goes: an alarm notifies only a topic of its own region, so each region has
   * the same security alarm topic (name, key alias) emailing the same security contact as the home region's.
   */
  readonly alarms: { readonly notificationEmail: string; readonly topicName: string; readonly keyAlias: string };
}

/**
 * Security-log account, each governed region other than the home region: the load balancer log bucket of that
 * region (ELB delivers only within its region) and the bucket receiving its server access logs. Both are the
 * same `LogArchiveBucket` as in the home region, with the same retention and protective deny, and the bucket's
 * silence alarm (`LOG_SOURCES` ElbAccessLogs). Athena in the home region reads the bucket (`elb_access_logs_<region>`).
 * The construct IDs are stateful contracts (the home stack's IDs): never rename them.
 */
export class ElbLogArchiveStack extends Stack {
  public readonly accessLogs: LogArchiveBucket;
  public readonly elbLogs: LogArchiveBucket;
  public readonly alarmTopic: SecurityAlarmTopic;
  public readonly freshness: LogFreshnessAlarms;

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
    this.elbLogs.allowElbAccessLogs(this.region, props.accountIds, props.organizationId);

    this.alarmTopic = new SecurityAlarmTopic(this, 'AlarmTopic', { topicName: props.alarms.topicName, keyAlias: props.alarms.keyAlias, email: props.alarms.notificationEmail });
    this.freshness = new LogFreshnessAlarms(this, 'Freshness', {
      topic: this.alarmTopic.topic,
      sources: [
        {
          id: `ElbAccessLogs-${this.region}`,
          description: `load balancer access logs of ${this.region}`,
          bucket: this.elbLogs.bucket,
          prefix: '',
          maxSilence: Duration.hours(maxSilenceHours('ElbAccessLogs')),
        },
      ],
    });
  }
}
