import { Annotations, Stack, type StackProps } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { LogArchiveBucket, WITHOUT_OBJECT_LOCK_BECAUSE } from '../constructs/logging/log-archive-bucket';
import { LogReplicaKey } from '../constructs/logging/log-replica-key';
import { LogReplicationRole, REPLICA_NOT_REPLICATED_BECAUSE } from '../constructs/logging/log-replication';
import type { LandingZoneConfig } from '../config/schema';
import type { logReplicaNames } from '../names';

/** What the replica stack needs: the logging slice, its names, the source buckets, the region's access-log bucket. */
export interface LogReplicaStackProps extends StackProps {
  readonly logging: Pick<LandingZoneConfig['logging'], 'transitionToGlacierDays' | 'archiveRetentionDays' | 'objectLock'>;
  readonly names: ReturnType<typeof logReplicaNames>;
  /** Home-region buckets replicated here. */
  readonly sources: { readonly archiveBucketName: string; readonly configBucketName: string };
  /** The region's access-log bucket (`ElbLogArchiveStack`, by name): S3 logs only to a bucket of the source's region. */
  readonly accessLogBucketName: string;
  /** Roles that read the replicas (the investigator role). */
  readonly readerRoleArns: readonly string[];
  readonly exemptPrincipalArnPatterns: readonly string[];
}

/**
 * Security-log account, `logging.replication.region`: the replicas of the log archive (Object Lock in the same
 * mode and days: S3 replicates into an Object Lock bucket only when the destination has it enabled,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html#object-lock-managing-replication)
 * and of the Config bucket, their key, and the role S3 replicates as. The same `LogArchiveBucket` as the
 * sources, so encryption, TLS, retention, lifecycle and the protective deny are the sources'.
 * The construct IDs are stateful contracts: never rename them.
 */
export class LogReplicaStack extends Stack {
  public readonly key: LogReplicaKey;
  public readonly archiveReplica: LogArchiveBucket;
  public readonly configReplica: LogArchiveBucket;
  public readonly replicationRole: LogReplicationRole;

  constructor(scope: Construct, id: string, props: LogReplicaStackProps) {
    super(scope, id, props);
    const { names, logging } = props;
    const retention = { transitionToGlacierDays: logging.transitionToGlacierDays, expirationDays: logging.archiveRetentionDays };
    const exemptPrincipalArnPatterns = props.exemptPrincipalArnPatterns;
    const serverAccessLogsBucket = Bucket.fromBucketName(this, 'AccessLogBucket', props.accessLogBucketName);
    // The role first (a key policy may name only principals that exist), its permissions last (they name the key).
    this.replicationRole = new LogReplicationRole(this, 'ReplicationRole', names.replicationRoleName);
    this.key = new LogReplicaKey(this, 'ReplicaKey', {
      alias: names.keyAlias,
      replicationRoleArn: this.replicationRole.role.roleArn,
      replicaBucketNames: [names.archiveReplicaBucketName, names.configReplicaBucketName],
      readerRoleArns: props.readerRoleArns,
      exemptPrincipalArnPatterns,
    });
    this.archiveReplica = new LogArchiveBucket(this, 'ArchiveReplicaBucket', {
      bucketName: names.archiveReplicaBucketName,
      encryptionKey: this.key.key,
      objectLock: logging.objectLock,
      ...retention,
      serverAccessLogsBucket,
      exemptPrincipalArnPatterns,
      withoutReplicationBecause: REPLICA_NOT_REPLICATED_BECAUSE,
    });
    this.configReplica = new LogArchiveBucket(this, 'ConfigReplicaBucket', {
      bucketName: names.configReplicaBucketName,
      encryptionKey: this.key.key,
      withoutObjectLockBecause: WITHOUT_OBJECT_LOCK_BECAUSE.configHistoryReplica,
      ...retention,
      serverAccessLogsBucket,
      exemptPrincipalArnPatterns,
      withoutReplicationBecause: REPLICA_NOT_REPLICATED_BECAUSE,
    });
    for (const replica of [this.archiveReplica, this.configReplica]) {
      Annotations.of(replica.bucket).acknowledgeWarning(
        '@aws-cdk/aws-s3:accessLogsPolicyNotAdded',
        "The region's access-log bucket lives in its ELB log stack; allowReplicaAccessLogs adds this bucket to its policy there",
      );
    }
    this.replicationRole.allow({
      buckets: [
        { sourceBucketName: props.sources.archiveBucketName, destination: this.archiveReplica.bucket },
        { sourceBucketName: props.sources.configBucketName, destination: this.configReplica.bucket },
      ],
      destinationKey: this.key.key,
    });
  }
}
