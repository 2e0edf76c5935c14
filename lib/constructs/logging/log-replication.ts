import { Stack, Validations } from 'aws-cdk-lib';
import { Effect, ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Why the archive and Config buckets have no second-region copy when `logging.replication` is omitted. */
export const REPLICATION_OFF_BECAUSE =
  'Replication to a second governed region of the home region group is available (logging.replication) and off by default: a second copy doubles storage and adds replication requests and cross-region transfer (about $0.02/GB), and whether logs may live in a second region is the operator\'s residency decision; versioning, the deny-delete bucket policy and Object Lock where configured protect the logs meanwhile.';

/** Why a replica bucket has no replication of its own. */
export const REPLICA_NOT_REPLICATED_BECAUSE =
  'This bucket is itself the second-region copy of a home-region log bucket (logging.replication); replicating the replica would only add a third copy outside the residency decision.';

/**
 * Where one source bucket replicates to. Same account on both sides (the security-log account), so the rule
 * carries no `Destination.Account` and no `AccessControlTranslation`: those exist to hand replicas to another
 * account's owner (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-change-owner.html), and
 * with BucketOwnerEnforced on both buckets the owner is already the bucket owner.
 */
export interface LogReplicationTarget {
  /** Role S3 assumes to replicate (`LogReplicationRole`, by ARN: it lives in the replica stack). */
  readonly roleArn: string;
  /** Destination bucket ARN (by name: it lives in another region's stack). */
  readonly destinationBucketArn: string;
  /**
   * Key S3 encrypts replicas with: the destination key's alias ARN. `ReplicaKmsKeyID` takes a key ARN or an
   * alias ARN (https://docs.aws.amazon.com/AmazonS3/latest/API/API_EncryptionConfiguration.html); a fully
   * qualified alias ARN names the account, so it cannot resolve in the requester's account, the risk AWS warns
   * of for bare aliases, and it keeps the other region's key ARN (a token) out of this stack.
   */
  readonly replicaKmsKeyId: string;
}

/**
 * One V2 rule replicating every new object version (empty-prefix `Filter`), SSE-KMS objects included
 * (`SourceSelectionCriteria.SseKmsEncryptedObjects`), delete markers not replicated: a delete on the source
 * must never reach the copy kept for when the source is lost.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-add-config.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
 */
export function replicationConfiguration(target: LogReplicationTarget): CfnBucket.ReplicationConfigurationProperty {
  return {
    role: target.roleArn,
    rules: [
      {
        id: 'replicate-to-governed-region',
        status: 'Enabled',
        priority: 1,
        filter: { prefix: '' },
        deleteMarkerReplication: { status: 'Disabled' },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
        destination: { bucket: target.destinationBucketArn, encryptionConfiguration: { replicaKmsKeyId: target.replicaKmsKeyId } },
      },
    ],
  };
}

/** One source bucket and its replica, as the replication role sees them. */
export interface ReplicatedBucket {
  /** Source bucket name (home region). */
  readonly sourceBucketName: string;
  /** Destination bucket (this stack's region). */
  readonly destination: IBucket;
}

export interface LogReplicationGrants {
  /** Source/destination pairs. */
  readonly buckets: readonly ReplicatedBucket[];
  /** Key of the replicas (this region): the role encrypts with it only through S3, for the replica buckets. */
  readonly destinationKey: IKey;
}

/** S3 actions on the source bucket: read the configuration, list. */
export const REPLICATION_SOURCE_BUCKET_ACTIONS = ['s3:GetReplicationConfiguration', 's3:ListBucket'];
/** S3 actions on source object versions: the version with its ACL, tags, and Object Lock retention and legal hold. */
export const REPLICATION_SOURCE_OBJECT_ACTIONS = [
  's3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging', 's3:GetObjectRetention', 's3:GetObjectLegalHold',
];
/** S3 actions on destination objects. No `s3:ObjectOwnerOverrideToBucketOwner`: that is for cross-account owner override only. */
export const REPLICATION_DESTINATION_OBJECT_ACTIONS = ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'];

/**
 * The role S3 assumes to replicate the archive and Config buckets: the documented least-privilege set and
 * nothing else (https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html;
 * Object Lock: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html#object-lock-managing-replication).
 * Decrypting with the source key is granted by that key's own policy, which names this role: the source key's
 * ARN is a token of the home region's stack and cannot be referenced from this region.
 *
 * Default settings: trusted by `s3.amazonaws.com` from this account only; KMS use only through S3 in this region
 * and only for the replica buckets' encryption context.
 */
export class LogReplicationRole extends Construct {
  public readonly role: Role;

  /** @param roleName physical name (the source buckets' replication configurations and key policy name it) */
  constructor(scope: Construct, id: string, roleName: string) {
    super(scope, id);
    this.role = new Role(this, 'Resource', {
      roleName,
      assumedBy: new ServicePrincipal('s3.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: 'S3 replication of the log archive and Config buckets to the replica region',
    });
  }

  /**
   * The permissions, once the replicas and their key exist: a managed policy attached to the role (not listed
   * on it), so the key policy can name the role while this policy names the key without a dependency cycle.
   */
  public allow(grants: LogReplicationGrants): ManagedPolicy {
    const stack = Stack.of(this);
    const policy = new ManagedPolicy(this, 'Policy', { statements: replicationRoleStatements({ ...grants, region: stack.region }) });
    policy.attachToRole(this.role);
    const findings = grants.buckets.flatMap((b) => [
      `Resource::arn:aws:s3:::${b.sourceBucketName}/*`,
      `Resource::<${stack.getLogicalId(b.destination.node.defaultChild as CfnBucket)}.Arn>/*`,
    ]);
    for (const finding of findings) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason: 'Replication copies every object version of this one bucket, whatever its key: the actions are the documented replication set (no read of content beyond replication, no delete), on this bucket only.',
      });
    }
    return policy;
  }
}

/** The role's statements (exported so tests evaluate exactly what is deployed). */
export function replicationRoleStatements(props: LogReplicationGrants & { readonly region: string }): PolicyStatement[] {
  const source = (name: string) => `arn:aws:s3:::${name}`;
  return [
    new PolicyStatement({
      sid: 'SourceBuckets',
      actions: REPLICATION_SOURCE_BUCKET_ACTIONS,
      resources: props.buckets.map((b) => source(b.sourceBucketName)),
    }),
    new PolicyStatement({
      sid: 'SourceObjectVersions',
      actions: REPLICATION_SOURCE_OBJECT_ACTIONS,
      resources: props.buckets.map((b) => `${source(b.sourceBucketName)}/*`),
    }),
    new PolicyStatement({
      sid: 'DestinationObjects',
      actions: REPLICATION_DESTINATION_OBJECT_ACTIONS,
      resources: props.buckets.map((b) => b.destination.arnForObjects('*')),
    }),
    // With an S3 Bucket Key the encryption context is the bucket ARN, without it the object ARN: both admitted.
    new PolicyStatement({
      sid: 'EncryptReplicasViaS3',
      effect: Effect.ALLOW,
      actions: ['kms:Encrypt'],
      resources: [props.destinationKey.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `s3.${props.region}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': props.buckets.flatMap((b) => [b.destination.bucketArn, b.destination.arnForObjects('*')]) },
      },
    }),
  ];
}

/**
 * S3 server access logs of the replica buckets, into the region's access-log bucket (another stack's, so its
 * policy is extended here, as the evidence bucket's is): only for those buckets of this account.
 */
export function allowReplicaAccessLogs(accessLogBucket: IBucket, replicaBucketNames: readonly string[], account: string): void {
  accessLogBucket.addToResourcePolicy(
    new PolicyStatement({
      sid: 'LogReplicaAccessLogs',
      principals: [new ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: replicaBucketNames.map((n) => accessLogBucket.arnForObjects(`${n}/*`)),
      conditions: { ArnLike: { 'aws:SourceArn': replicaBucketNames.map((n) => `arn:aws:s3:::${n}`) }, StringEquals: { 'aws:SourceAccount': account } },
    }),
  );
}
