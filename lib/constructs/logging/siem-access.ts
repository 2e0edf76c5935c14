import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { AccountPrincipal, ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type Bucket, CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { throwIfProblems } from '../../../constructs/core/validation-error';

export interface SiemAccessProps {
  /** The archive bucket the SIEM reads. */
  readonly bucket: Bucket;
  /** The archive key: the SIEM role decrypts with it only through S3 (the key policy must admit the role, see `viaS3ReaderRoleArns`). */
  readonly archiveKey: IKey;
  /** AWS account of the external SIEM. */
  readonly siemAccountId: string;
  /** sts:ExternalId the SIEM sends. */
  readonly externalId: string;
  /** Key prefixes (ending in `/`) the SIEM reads and receives events for. */
  readonly prefixes: readonly string[];
  readonly roleName: string;
  readonly queueName: string;
  readonly keyAlias: string;
}

/**
 * Pull access for an external SIEM (the Splunk / Elastic "SQS-based S3" input pattern): the archive sends
 * object-created events to EventBridge, a rule forwards those under the configured prefixes to an encrypted
 * queue, and a read-only role, assumable only by the SIEM's account with the agreed external ID, receives the
 * messages and reads the named objects. Nothing is pushed out of the organization.
 *
 * Default settings: queue and dead-letter queue encrypted with a customer-managed key (rotation, RETAIN), TLS
 * only, 14-day retention; role with no write, no delete, decrypt only through S3 and SQS.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html (external ID)
 */
export class SiemAccess extends Construct {
  public readonly queue: Queue;
  public readonly role: Role;
  public readonly key: Key;

  constructor(scope: Construct, id: string, props: SiemAccessProps) {
    super(scope, id);
    const problems: string[] = [];
    if (props.prefixes.length === 0) problems.push('prefixes is empty (allowed: at least one key prefix ending in /)');
    for (const p of props.prefixes) if (!p.endsWith('/')) problems.push(`prefixes: "${p}" does not end in /`);
    throwIfProblems(this, 'SiemAccess', problems);
    const stack = Stack.of(this);

    // S3 delivers every event of the bucket to EventBridge; the rule below picks the configured prefixes.
    (props.bucket.node.defaultChild as CfnBucket).addPropertyOverride('NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled', true);

    this.key = new Key(this, 'Key', {
      description: 'SIEM: archive object-created events queue',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      alias: props.keyAlias,
    });
    // EventBridge encrypts the messages it sends to the queue.
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-troubleshooting.html#eb-sqs-encrypted
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'EventBridgeSendsToEncryptedQueue',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    const deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Resource', {
      queueName: props.queueName,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      visibilityTimeout: Duration.minutes(5),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 10 },
    });
    Validations.of(deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This is the dead-letter queue of the SIEM event queue; a dead-letter queue of its own would only move the same messages again.',
    });

    new Rule(this, 'ObjectCreated', {
      description: 'Archive objects created under the SIEM prefixes',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [props.bucket.bucketName] }, object: { key: props.prefixes.map((prefix) => ({ prefix })) } },
      },
      targets: [new SqsQueue(this.queue)],
    });

    this.role = new Role(this, 'Role', {
      roleName: props.roleName,
      description: 'External SIEM: reads archive events and the objects they name; no write, no delete',
      assumedBy: new AccountPrincipal(props.siemAccountId).withConditions({ StringEquals: { 'sts:ExternalId': props.externalId } }),
      maxSessionDuration: Duration.hours(1),
    });
    const objects = props.prefixes.map((p) => props.bucket.arnForObjects(`${p}*`));
    const policy = new ManagedPolicy(this, 'ReadPolicy', {
      roles: [this.role],
      statements: [
        new PolicyStatement({ sid: 'ReadEvents', actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], resources: [this.queue.queueArn] }),
        new PolicyStatement({ sid: 'DecryptEvents', actions: ['kms:Decrypt'], resources: [this.key.keyArn], conditions: { StringLike: { 'kms:ViaService': 'sqs.*.amazonaws.com' } } }),
        new PolicyStatement({ sid: 'ReadObjects', actions: ['s3:GetObject'], resources: objects }),
        new PolicyStatement({ sid: 'ListPrefixes', actions: ['s3:ListBucket'], resources: [props.bucket.bucketArn], conditions: { StringLike: { 's3:prefix': props.prefixes.map((p) => `${p}*`) } } }),
        new PolicyStatement({ sid: 'DecryptObjectsViaS3', actions: ['kms:Decrypt'], resources: [props.archiveKey.keyArn], conditions: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } } }),
      ],
    });
    const arn = stack.resolve(props.bucket.bucketArn);
    const shown = arn['Fn::GetAtt'] ? `<${arn['Fn::GetAtt'][0]}.Arn>` : String(arn);
    for (const p of props.prefixes) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${shown}/${p}*]`,
        reason: `The SIEM reads every log object under ${p} (the prefixes config names); object names are generated by the delivering services.`,
      });
    }
  }
}
