import { Annotations, RemovalPolicy } from 'aws-cdk-lib';
import { AnyPrincipal, ArnPrincipal, Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Bucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LogArchiveBucket } from '../logging/log-archive-bucket';

/** Metadata every evidence object carries (`x-amz-meta-*`); the containment handler sets them, S3 cannot require them. */
export const EVIDENCE_METADATA_KEYS = ['case-id', 'finding-id', 'collector', 'sha256'] as const;

/** Props for {@link EvidenceBucket}. */
export interface EvidenceBucketProps {
  /** Physical bucket name (a contract: member-account handlers write to it by name). */
  readonly bucketName: string;
  /** Alias of the bucket's own key. */
  readonly keyAlias: string;
  /** Alias ARN of that key, as the handlers name it in `SSEKMSKeyId` (key IDs are unknown before deploy). */
  readonly keyAliasArn: string;
  /** Organization ID: writers must belong to it (`aws:PrincipalOrgID`). */
  readonly organizationId: string;
  /** ARN pattern of the containment handler roles in member accounts, the only writers. */
  readonly writerRoleArnPattern: string;
  /** ARN of the incident-response role, the only reader. */
  readonly readerRoleArn: string;
  /**
   * Days each object version is locked in COMPLIANCE mode (nobody, root included, can delete or shorten it);
   * objects expire the same day the lock ends, never before.
   * @see NIST 800-53 AU-9, AU-11
   */
  readonly retentionDays: number;
  /** Bucket receiving the server access logs (the archive's access-log bucket). */
  readonly serverAccessLogsBucket: IBucket;
  /** Principal ARN patterns exempt from the protective deny (break-glass, deployment role). */
  readonly exemptPrincipalArnPatterns: readonly string[];
}

/**
 * The incident evidence repository: a {@link LogArchiveBucket} (versioned, private, TLS-only, retained,
 * access-logged, deny-delete) with Object Lock COMPLIANCE, its own customer-managed key, and policies that let
 * only the member accounts' containment roles write and only the incident-response role read.
 *
 * Enforced by S3 and KMS: writer and reader identity, organization, SSE-KMS with this key. Guaranteed only by the
 * handler: the `case-id`, `finding-id`, `collector` and `sha256` metadata (no policy condition key reads
 * `x-amz-meta-*`); S3 verifies the SHA-256 it is sent (`x-amz-checksum-sha256`) and rejects a body that differs.
 *
 * Default settings: Object Lock COMPLIANCE, key rotation on, key and bucket RETAIN, no expiry before the lock ends.
 */
export class EvidenceBucket extends Construct {
  /** The bucket. Its policy already names every writer and reader: do not grant through it. */
  public readonly bucket: Bucket;
  /** The bucket's own key. */
  public readonly key: Key;

  constructor(scope: Construct, id: string, props: EvidenceBucketProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      alias: props.keyAlias,
      description: 'Encrypts incident-response evidence',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const archive = new LogArchiveBucket(this, 'Bucket', {
      bucketName: props.bucketName,
      encryptionKey: this.key,
      objectLock: { mode: 'COMPLIANCE', days: props.retentionDays },
      expirationDays: props.retentionDays,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      exemptPrincipalArnPatterns: props.exemptPrincipalArnPatterns,
    });
    this.bucket = archive.bucket;
    Annotations.of(this.bucket).acknowledgeWarning(
      '@aws-cdk/aws-s3:accessLogsPolicyNotAdded',
      'The access-log bucket lives in the log-archive stack; allowEvidenceAccessLogs adds this bucket to its policy there',
    );
    const bucket = this.bucket;
    const objects = bucket.arnForObjects('*');
    const writers = { 'aws:PrincipalOrgID': props.organizationId };
    const writerArn = { 'aws:PrincipalArn': props.writerRoleArnPattern };

    bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'ContainmentRolesWriteEvidence',
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [objects],
        conditions: { StringEquals: writers, ArnLike: writerArn },
      }),
    );
    bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyWritesByAnyoneElse',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [objects],
        conditions: { ArnNotLike: writerArn },
      }),
    );
    // The bucket default encrypts with this key anyway; naming another key in the request is refused.
    bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyWritesNotUnderEvidenceKey',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [objects],
        conditions: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': [this.key.keyArn, props.keyAliasArn] } },
      }),
    );
    bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'IncidentResponseRoleReads',
        principals: [new ArnPrincipal(`arn:aws:iam::${bucket.stack.account}:root`)],
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectRetention', 's3:GetObjectAttributes', 's3:ListBucket', 's3:ListBucketVersions'],
        resources: [bucket.bucketArn, objects],
        conditions: { ArnEquals: { 'aws:PrincipalArn': props.readerRoleArn } },
      }),
    );
    bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyReadsByAnyoneElse',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [objects],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': props.readerRoleArn } },
      }),
    );

    // Key: writers encrypt only through S3; the reader decrypts only through S3. Account root keeps administration (CDK default).
    const viaS3 = { 'kms:ViaService': `s3.${bucket.stack.region}.amazonaws.com` };
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'ContainmentRolesEncryptEvidenceViaS3',
        principals: [new AnyPrincipal()],
        actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
        resources: ['*'],
        conditions: { StringEquals: { ...writers, ...viaS3 }, ArnLike: writerArn },
      }),
    );
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'IncidentResponseRoleDecryptsViaS3',
        principals: [new ArnPrincipal(`arn:aws:iam::${bucket.stack.account}:root`)],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: viaS3, ArnEquals: { 'aws:PrincipalArn': props.readerRoleArn } },
      }),
    );
  }
}

/**
 * Admits the evidence bucket's server access logs to the archive's access-log bucket (another stack, same account
 * and region), as S3's logging service delivers them: principal `logging.s3.amazonaws.com`, source bucket ARN and
 * account, under the prefix `<evidence bucket>/`.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
export function allowEvidenceAccessLogs(accessLogBucket: IBucket, evidenceBucketName: string, account: string): void {
  accessLogBucket.addToResourcePolicy(
    new PolicyStatement({
      sid: 'IncidentEvidenceAccessLogs',
      principals: [new ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [accessLogBucket.arnForObjects(`${evidenceBucketName}/*`)],
      conditions: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${evidenceBucketName}` }, StringEquals: { 'aws:SourceAccount': account } },
    }),
  );
}
