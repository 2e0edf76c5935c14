import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AccountPrincipal } from 'aws-cdk-lib/aws-iam';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { AthenaInvestigation } from '../constructs/logging/athena-investigation';
import { LogArchiveBucket, WITHOUT_OBJECT_LOCK_BECAUSE } from '../constructs/logging/log-archive-bucket';
import { LogArchiveKey } from '../constructs/logging/log-archive-key';
import { REPLICATION_OFF_BECAUSE } from '../constructs/logging/log-replication';
import { addSilenceMetrics, LogFreshnessAlarms, type LogSource } from '../constructs/logging/log-freshness-alarms';
import { maxSilenceHours } from '../constructs/logging/log-source-catalogue';
import type { RequestLogTablesProps } from '../constructs/logging/request-log-tables';
import { SecurityAlarmTopic } from '../constructs/logging/security-alarm-topic';
import { SiemAccess } from '../constructs/logging/siem-access';
import type { LandingZoneConfig } from '../config/schema';

/** What the log-archive stack needs: names computed by lib/names.ts plus the logging slice of config. */
export interface LogArchiveStackProps extends StackProps {
  readonly logging: LandingZoneConfig['logging'];
  readonly organizationId: string;
  readonly managementAccountId: string;
  /** Accounts with IDs (partitions of the Athena tables, ELB log prefixes). */
  readonly accountIds: readonly string[];
  /**
   * Accounts whose load balancers deliver to the home region's ELB bucket, where the region's ELB account
   * delivers (regions opened before August 2022) and the policy must list them.
   * @default - accountIds
   */
  readonly elbLogAccountIds?: readonly string[];
  readonly governedRegions: readonly string[];
  readonly names: {
    readonly bucketName: string;
    readonly configBucketName: string;
    readonly accessLogBucketName: string;
    readonly sseS3BucketName: string;
    readonly athenaResultsBucketName: string;
    readonly keyAlias: string;
    readonly keyAliasPrefix: string;
    readonly keyArnParameterName: string;
    readonly investigatorRoleName: string;
    readonly investigatorRoleArn: string;
    readonly glueDatabaseName: string;
    readonly cloudTrailTableName: string;
    readonly flowLogTableName: string;
    readonly resolverTableName: string;
    readonly guardDutyTableName: string;
    readonly firewallTableName: string;
    readonly elbTableName: string;
    readonly s3AccessLogTableName: string;
    readonly sessionLogTableName: string;
    readonly athenaWorkGroupName: string;
    readonly trailArn: string;
    readonly alarmTopicName: string;
    readonly alarmKeyAlias: string;
    readonly siemRoleName: string;
    readonly siemRoleArn: string;
    readonly siemQueueName: string;
    readonly siemKeyAlias: string;
  };
  readonly exemptPrincipalArnPatterns: readonly string[];
  /**
   * Replicas of the archive and Config buckets (`logging.replication`, `logReplicaNames`), whose stack deploys
   * first: the role and the destination buckets must exist before the source rules name them. @default - none
   */
  readonly replication?: {
    readonly roleArn: string;
    readonly archiveReplicaBucketName: string;
    readonly configReplicaBucketName: string;
    readonly keyAliasArn: string;
  };
  /** Accounts with VPCs: their flow logs (and Resolver query logs and firewall alerts where on) are watched for silence. */
  readonly networkAccounts: ReadonlyArray<{ readonly accountId: string; readonly resolverQueryLogging: boolean; readonly firewall?: boolean }>;
  /** The ELB log buckets of the other governed regions (`regionalLogArchiveNames`): Athena tables read them from here. @default - none */
  readonly regionalElbLogs?: ReadonlyArray<{ readonly region: string; readonly elbLogBucketName: string; readonly accessLogBucketName: string }>;
  /** Security contact emailed by the log-silence alarms (the same address as the CIS alarms). */
  readonly notificationEmail: string;
  /** Roles that create deliveries to the archive from other accounts (Resolver query logging): `s3:ListBucket` on it. */
  readonly deliveryCreatorArnPatterns: readonly string[];
}

/** Session Manager session logs prefix in the archive (workload accounts' SSM preferences point here). */
export const SESSION_LOGS_PREFIX = 'ssm-session-logs';
/** GuardDuty publishing destination prefix: findings land under `guardduty/AWSLogs/<account>/GuardDuty/<region>/`. */
export const GUARDDUTY_EXPORT_PREFIX = 'guardduty';

/**
 * Security-log account, home region: the archive every account delivers to, and Athena to investigate it.
 * The construct IDs below are stateful contracts: never rename them.
 */
export class LogArchiveStack extends Stack {
  public readonly key: LogArchiveKey;
  public readonly archive: LogArchiveBucket;
  public readonly configArchive: LogArchiveBucket;
  public readonly accessLogs: LogArchiveBucket;
  public readonly elbLogs: LogArchiveBucket;
  public readonly athena: AthenaInvestigation;
  public readonly alarmTopic: SecurityAlarmTopic;
  public readonly freshness: LogFreshnessAlarms;
  public readonly siem?: SiemAccess;

  constructor(scope: Construct, id: string, props: LogArchiveStackProps) {
    super(scope, id, props);
    const { logging, names, organizationId } = props;
    const exempt = props.exemptPrincipalArnPatterns;
    const retention = { transitionToGlacierDays: logging.transitionToGlacierDays, expirationDays: logging.archiveRetentionDays };

    this.key = new LogArchiveKey(this, 'ArchiveKey', {
      alias: names.keyAlias,
      aliasPrefix: names.keyAliasPrefix,
      organizationId,
      trailArns: [names.trailArn],
      readerRoleArns: [names.investigatorRoleArn],
      viaS3ReaderRoleArns: logging.siem ? [names.siemRoleArn] : [],
      exemptPrincipalArnPatterns: exempt,
      replication: props.replication && { roleArn: props.replication.roleArn, sourceBucketNames: [names.bucketName, names.configBucketName] },
    });
    const replicateTo = (bucketName: string) =>
      props.replication && { roleArn: props.replication.roleArn, destinationBucketArn: `arn:aws:s3:::${bucketName}`, replicaKmsKeyId: props.replication.keyAliasArn };
    const withoutReplicationBecause = props.replication ? undefined : REPLICATION_OFF_BECAUSE;

    // Some APIs (e.g. GuardDuty publishing destinations) take a key ARN, not an alias ARN.
    new StringParameter(this, 'ArchiveKeyArnParameter', {
      parameterName: names.keyArnParameterName,
      stringValue: this.key.key.keyArn,
      description: 'ARN of the log archive KMS key (alias ' + names.keyAlias + ')',
    });

    // Server access logging targets must use SSE-S3 (S3 does not deliver access logs to SSE-KMS buckets).
    this.accessLogs = new LogArchiveBucket(this, 'AccessLogBucket', {
      bucketName: names.accessLogBucketName,
      withoutObjectLockBecause: WITHOUT_OBJECT_LOCK_BECAUSE.serverAccessLogs,
      ...retention,
      exemptPrincipalArnPatterns: exempt,
    });

    this.archive = new LogArchiveBucket(this, 'ArchiveBucket', {
      bucketName: names.bucketName,
      encryptionKey: this.key.key,
      objectLock: logging.objectLock,
      ...retention,
      serverAccessLogsBucket: this.accessLogs.bucket,
      exemptPrincipalArnPatterns: exempt,
      replication: replicateTo(props.replication?.archiveReplicaBucketName ?? ''),
      withoutReplicationBecause,
    });
    this.archive.allowOrganizationTrail(names.trailArn, organizationId, props.managementAccountId);
    this.archive.allowLogDelivery(organizationId);
    this.archive.allowGuardDuty(organizationId);
    this.archive.allowOrganizationWrites(SESSION_LOGS_PREFIX, organizationId);
    this.archive.allowDeliveryCreators(organizationId, props.deliveryCreatorArnPatterns);
    // Flow logs, Resolver query logs and GuardDuty exports of one account cannot land under another's prefix.
    this.archive.bindPrefixesToSourceAccount(['AWSLogs/${aws:SourceAccount}', `${GUARDDUTY_EXPORT_PREFIX}/AWSLogs/\${aws:SourceAccount}`], [`AWSLogs/${organizationId}`]);

    // AWS Config cannot deliver to a bucket with Object Lock, so its history has its own (unlocked) bucket.
    this.configArchive = new LogArchiveBucket(this, 'ConfigBucket', {
      bucketName: names.configBucketName,
      withoutObjectLockBecause: WITHOUT_OBJECT_LOCK_BECAUSE.configHistory,
      encryptionKey: this.key.key,
      ...retention,
      serverAccessLogsBucket: this.accessLogs.bucket,
      exemptPrincipalArnPatterns: exempt,
      replication: replicateTo(props.replication?.configReplicaBucketName ?? ''),
      withoutReplicationBecause,
    });
    this.configArchive.allowConfig(organizationId);
    this.configArchive.bindPrefixesToSourceAccount(['AWSLogs/${aws:SourceAccount}']);

    // Load balancer access logs support SSE-S3 only.
    this.elbLogs = new LogArchiveBucket(this, 'ElbLogBucket', {
      bucketName: names.sseS3BucketName,
      withoutObjectLockBecause: WITHOUT_OBJECT_LOCK_BECAUSE.loadBalancerLogs,
      ...retention,
      serverAccessLogsBucket: this.accessLogs.bucket,
      exemptPrincipalArnPatterns: exempt,
    });
    this.elbLogs.allowElbAccessLogs(this.region, props.elbLogAccountIds ?? props.accountIds, props.organizationId);

    this.alarmTopic = new SecurityAlarmTopic(this, 'AlarmTopic', { topicName: names.alarmTopicName, keyAlias: names.alarmKeyAlias, email: props.notificationEmail });
    this.freshness = new LogFreshnessAlarms(this, 'Freshness', { sources: this.logSources(props), topic: this.alarmTopic.topic });

    if (logging.siem) {
      this.siem = new SiemAccess(this, 'Siem', {
        bucket: this.archive.bucket,
        archiveKey: this.key.key,
        siemAccountId: logging.siem.accountId,
        externalId: logging.siem.externalId,
        prefixes: logging.siem.prefixes,
        roleName: names.siemRoleName,
        queueName: names.siemQueueName,
        keyAlias: names.siemKeyAlias,
      });
    }

    this.athena = new AthenaInvestigation(this, 'Athena', {
      databaseName: names.glueDatabaseName,
      cloudTrailTableName: names.cloudTrailTableName,
      flowLogTableName: names.flowLogTableName,
      workGroupName: names.athenaWorkGroupName,
      archiveBucket: this.archive.bucket,
      archiveKey: this.key.key,
      organizationId,
      // Global service events (IAM, STS, Organizations) are recorded in us-east-1.
      cloudTrailRegions: [...new Set([...props.governedRegions, 'us-east-1'])],
      flowLogRegions: props.governedRegions,
      resultsBucketName: names.athenaResultsBucketName,
      resultsExpirationDays: logging.athena.resultsExpirationDays,
      bytesScannedCutoffGb: logging.athena.bytesScannedCutoffGb,
      serverAccessLogsBucket: this.accessLogs.bucket,
      exemptPrincipalArnPatterns: exempt,
      investigatorRoleName: names.investigatorRoleName,
      investigatorTrustedBy: new AccountPrincipal(this.account),
      additionalReadPrefixes: [GUARDDUTY_EXPORT_PREFIX, SESSION_LOGS_PREFIX],
      // GuardDuty's delegated administrator is the security-log account: its detector exports every finding.
      sourceTables: {
        guardDutyAdminAccountId: this.account,
        guardDutyPrefix: GUARDDUTY_EXPORT_PREFIX,
        regions: props.governedRegions,
        names: { resolver: names.resolverTableName, guardDuty: names.guardDutyTableName, firewall: names.firewallTableName },
      },
      requestTables: this.requestTables(props),
    });
  }

  /** ALB tables per region, S3 access-log tables per logged bucket, the session-log table. */
  private requestTables(props: LogArchiveStackProps): Omit<RequestLogTablesProps, 'databaseName' | 'startDay'> {
    const { names } = props;
    const regional = props.regionalElbLogs ?? [];
    const suffix = (region: string) => region.replace(/-/g, '_');
    const access = (purpose: string, bucketName: string, region = this.region, accessLogBucketName = names.accessLogBucketName) => ({
      bucketName, region, accessLogBucketName, tableName: `${names.s3AccessLogTableName}_${purpose}`,
    });
    return {
      account: this.account,
      elbBuckets: [
        { region: this.region, bucketName: names.sseS3BucketName, tableName: names.elbTableName },
        ...regional.map((r) => ({ region: r.region, bucketName: r.elbLogBucketName, tableName: `${names.elbTableName}_${suffix(r.region)}` })),
      ],
      // The archive first: the saved query reads its table.
      accessLogged: [
        access('archive', names.bucketName),
        access('config', names.configBucketName),
        access('elb', names.sseS3BucketName),
        access('results', names.athenaResultsBucketName),
        ...regional.map((r) => access(`elb_${suffix(r.region)}`, r.elbLogBucketName, r.region, r.accessLogBucketName)),
      ],
      sessionLogs: { bucketName: names.bucketName, prefix: SESSION_LOGS_PREFIX, tableName: names.sessionLogTableName },
    };
  }

  /**
   * Each source's prefix, with its longest normal silence from `LOG_SOURCES` (session logs are not periodic:
   * see the table). The other regions' ELB buckets are watched by their own stacks.
   */
  private logSources(props: LogArchiveStackProps): LogSource[] {
    const silence = (id: string) => Duration.hours(maxSilenceHours(id));
    const archive = this.archive.bucket;
    // S3 access logs keys: <source bucket>/<account>/<region>/<source bucket>/yyyy/MM/dd/ (date-partitioned).
    const accessPrefix = (bucketName: string) => `${bucketName}/${this.account}/${this.region}/${bucketName}/`;
    const sources: LogSource[] = [
      { id: 'CloudTrail', description: 'organization trail log files', bucket: archive, prefix: `AWSLogs/${props.organizationId}/`, maxSilence: silence('CloudTrail') },
      { id: 'Config', description: 'AWS Config history or snapshots', bucket: this.configArchive.bucket, prefix: 'AWSLogs/', maxSilence: silence('Config') },
      { id: 'GuardDutyExport', description: 'exported GuardDuty findings', bucket: archive, prefix: `${GUARDDUTY_EXPORT_PREFIX}/`, maxSilence: silence('GuardDutyExport') },
      { id: 'ArchiveAccessLogs', description: 'server access logs of the archive', bucket: this.accessLogs.bucket, prefix: `${props.names.bucketName}/`, maxSilence: silence('ArchiveAccessLogs') },
      { id: 'ConfigAccessLogs', description: 'server access logs of the Config bucket', bucket: this.accessLogs.bucket, prefix: accessPrefix(props.names.configBucketName), maxSilence: silence('ConfigAccessLogs') },
      { id: `ElbAccessLogs-${this.region}`, description: `load balancer access logs of ${this.region}`, bucket: this.elbLogs.bucket, prefix: '', maxSilence: silence('ElbAccessLogs') },
    ];
    // Per network account, the sources' metrics filters stay on the archive here; their alarms live in the
    // log-silence shard stacks (lib/stacks/log-silence-stack.ts), so this stack's size does not grow with the VPCs.
    addSilenceMetrics(accountLogSources(props.networkAccounts, archive));
    return sources;
  }
}

/** A network account's log sources watched for silence: flow logs, and Resolver query logs and firewall alerts where on. */
export type NetworkAccount = { readonly accountId: string; readonly resolverQueryLogging: boolean; readonly firewall?: boolean };

/**
 * The per-account log sources of the archive (one set per network account), the same IDs and prefixes for the
 * metrics filters on the bucket (this stack) and the alarms (the log-silence shard stacks).
 */
export function accountLogSources(accounts: readonly NetworkAccount[], archive: LogSource['bucket']): LogSource[] {
  const silence = (id: string) => Duration.hours(maxSilenceHours(id));
  return accounts.flatMap(({ accountId, resolverQueryLogging, firewall }) => [
    { id: `FlowLogs-${accountId}`, description: `VPC flow logs of ${accountId}`, bucket: archive, prefix: `AWSLogs/${accountId}/vpcflowlogs/`, maxSilence: silence('FlowLogs') },
    ...(resolverQueryLogging
      ? [{ id: `ResolverQueryLogs-${accountId}`, description: `Resolver query logs of ${accountId}`, bucket: archive, prefix: `AWSLogs/${accountId}/vpcdnsquerylogs/`, maxSilence: silence('ResolverQueryLogs') }]
      : []),
    ...(firewall
      ? [{ id: `FirewallAlerts-${accountId}`, description: `Network Firewall alerts of ${accountId}`, bucket: archive, prefix: `AWSLogs/${accountId}/network-firewall/alert/`, maxSilence: silence('FirewallAlerts') }]
      : []),
  ]);
}
