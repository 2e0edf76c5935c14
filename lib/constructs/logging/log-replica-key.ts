import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccountRootPrincipal, AnyPrincipal, ArnPrincipal, Effect, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { KEY_ADMIN_ACTIONS, KEY_PROTECTED_ACTIONS } from './log-archive-key';

export interface LogReplicaKeyProps {
  /** Alias (under the landing-zone prefix, so the guardrails protect it); the source rules name its alias ARN. */
  readonly alias: string;
  /** Role S3 replicates as: encrypts, only through S3 in this region, for the replica buckets. */
  readonly replicationRoleArn: string;
  /** Replica bucket names (the encryption context S3 sends names them). */
  readonly replicaBucketNames: readonly string[];
  /** Roles that read the replicas (the investigator role, as for the archive). */
  readonly readerRoleArns: readonly string[];
  /** Principal ARN patterns allowed to change the key policy, disable or delete the key. */
  readonly exemptPrincipalArnPatterns: readonly string[];
}

/**
 * The replicas' customer-managed key, in the replica region: encrypt for the replication role, decrypt for the
 * readers, administration without data access for the account, guarded like the archive key.
 *
 * Default settings: symmetric, yearly rotation, RETAIN, 30-day deletion window.
 * @see CIS 3.6 (rotation), Security Hub KMS.4
 */
export class LogReplicaKey extends Construct {
  public readonly key: Key;

  constructor(scope: Construct, id: string, props: LogReplicaKeyProps) {
    super(scope, id);
    this.key = new Key(this, 'Resource', {
      description: 'Replicas of the log archive and Config buckets',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new PolicyDocument({ statements: logReplicaKeyStatements(props) }),
    });
    this.key.addAlias(props.alias);
  }
}

/** The key policy, as statements (exported so tests evaluate exactly what is deployed). */
export function logReplicaKeyStatements(props: LogReplicaKeyProps): PolicyStatement[] {
  const context = props.replicaBucketNames.flatMap((n) => [`arn:aws:s3:::${n}`, `arn:aws:s3:::${n}/*`]);
  return [
    new PolicyStatement({ sid: 'KeyAdministrationWithoutDataAccess', principals: [new AccountRootPrincipal()], actions: KEY_ADMIN_ACTIONS, resources: ['*'] }),
    new PolicyStatement({
      sid: 'DenyKeyTamperingExceptExempt',
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: KEY_PROTECTED_ACTIONS,
      resources: ['*'],
      conditions: { ArnNotLike: { 'aws:PrincipalArn': [...props.exemptPrincipalArnPatterns] } },
    }),
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
    new PolicyStatement({
      sid: 'ReplicationEncryptViaS3',
      principals: [new ArnPrincipal(props.replicationRoleArn)],
      actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com', 'kms:EncryptionContext:aws:s3:arn': context } },
    }),
    new PolicyStatement({
      sid: 'ReadersDecrypt',
      principals: [new AccountRootPrincipal()],
      actions: ['kms:Decrypt', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: { ArnEquals: { 'aws:PrincipalArn': [...props.readerRoleArns] } },
    }),
  ];
}
