import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccountRootPrincipal, AnyPrincipal, ArnPrincipal, Effect, PolicyDocument, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { ValidationError } from '../../../constructs/core/validation-error';

/**
 * Key administration without data access: the account can manage the key but not use it. `kms:CreateGrant`
 * is left out on purpose (a grant would hand out Decrypt behind the key policy's back).
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias', 'kms:DescribeKey', 'kms:EnableKey', 'kms:EnableKeyRotation',
  'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListAliases', 'kms:ListGrants', 'kms:ListKeyPolicies',
  'kms:ListResourceTags', 'kms:PutKeyPolicy', 'kms:RevokeGrant', 'kms:TagResource', 'kms:UntagResource',
  'kms:UpdateKeyDescription', 'kms:DisableKey', 'kms:DisableKeyRotation', 'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

/** Actions that would destroy or reopen the archive; only the exempt principals may call them. */
export const KEY_PROTECTED_ACTIONS = ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DisableKeyRotation'];

export interface LogArchiveKeyProps {
  /** Alias of the key; must start with `aliasPrefix` so organization guardrails protect it. */
  readonly alias: string;
  /** Every landing-zone key alias starts with this prefix (e.g. `alias/acme/`). */
  readonly aliasPrefix: string;
  /** Organization ID (`o-...`): deliveries are admitted only on behalf of this organization. */
  readonly organizationId: string;
  /** ARNs of the trails that may encrypt log files with this key. @see CIS 3.5, Security Hub CloudTrail.2 */
  readonly trailArns: readonly string[];
  /** IAM role ARNs that may decrypt the archive (investigators, log readers). */
  readonly readerRoleArns: readonly string[];
  /** IAM role ARNs that may decrypt only through S3 (an external SIEM's reader role). @default [] */
  readonly viaS3ReaderRoleArns?: readonly string[];
  /** Principal ARN patterns allowed to change the key policy, disable or delete the key (break-glass, deployment). */
  readonly exemptPrincipalArnPatterns: readonly string[];
  /** Let AWS Config delivery channels of the organization encrypt with the key. @default true */
  readonly allowConfig?: boolean;
  /** Let vended-log delivery (`delivery.logs.amazonaws.com`: VPC flow logs, Route 53 resolver query logs) encrypt. @default true */
  readonly allowLogDelivery?: boolean;
  /** Let GuardDuty publishing destinations of the organization encrypt findings. @default true */
  readonly allowGuardDuty?: boolean;
  /** Let the organization's own principals (e.g. EC2 instance roles writing Session Manager logs) encrypt through S3. @default true */
  readonly allowOrganizationWritesViaS3?: boolean;
  /**
   * Account owning the key (the security-log account). Its own principals get no `kms:Decrypt` through S3:
   * only the readers decrypt there. @default - the stack's account
   */
  readonly keyAccountId?: string;
  /**
   * S3 replication of the buckets this key encrypts (`logging.replication`): the role decrypts, only through S3
   * and only for these buckets. Named in the key policy because its identity policy, in the replica region's
   * stack, cannot reference this key's ARN. @default - no replication
   */
  readonly replication?: { readonly roleArn: string; readonly sourceBucketNames: readonly string[] };
  /** Days before a deleted key is destroyed. @default 30 */
  readonly pendingWindowDays?: number;
}

/**
 * The log archive's customer-managed key: encrypt-only for the organization's log deliveries, decrypt only
 * for named reader roles, and guarded against policy changes, disabling and deletion.
 *
 * Default settings: symmetric, yearly rotation, RETAIN, 30-day deletion window, no `kms:*` for the account
 * root (administration only, no data use, no grants).
 *
 * @see CIS 3.5 (trail encrypted with a CMK), CIS 3.6 (rotation), Security Hub KMS.4
 */
export class LogArchiveKey extends Construct {
  public readonly key: Key;

  constructor(scope: Construct, id: string, props: LogArchiveKeyProps) {
    super(scope, id);
    if (!props.alias.startsWith(props.aliasPrefix)) {
      throw ValidationError.of(this, 'LogArchiveKey', [
        `alias "${props.alias}" does not start with the landing-zone key alias prefix "${props.aliasPrefix}" (guardrails protect keys by this prefix)`,
      ]);
    }
    if (props.readerRoleArns.length === 0) {
      throw ValidationError.of(this, 'LogArchiveKey', ['readerRoleArns is empty: nobody could read the archive (name at least one role)']);
    }
    this.key = new Key(this, 'Resource', {
      description: 'Log archive: CloudTrail, Config, flow logs, GuardDuty findings',
      enableKeyRotation: true,
      pendingWindow: Duration.days(props.pendingWindowDays ?? 30),
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new PolicyDocument({ statements: logArchiveKeyStatements({ ...props, keyAccountId: props.keyAccountId ?? Stack.of(this).account }) }),
    });
    this.key.addAlias(props.alias);
  }
}

/** The key policy, as statements (exported so tests evaluate exactly what is deployed). */
export function logArchiveKeyStatements(props: LogArchiveKeyProps & { readonly keyAccountId: string }): PolicyStatement[] {
  const org = { 'aws:SourceOrgID': props.organizationId };
  const statements = [
    new PolicyStatement({
      sid: 'KeyAdministrationWithoutDataAccess',
      principals: [new AccountRootPrincipal()],
      actions: KEY_ADMIN_ACTIONS,
      resources: ['*'],
    }),
    new PolicyStatement({
      sid: 'DenyKeyTamperingExceptExempt',
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: KEY_PROTECTED_ACTIONS,
      resources: ['*'],
      conditions: { ArnNotLike: { 'aws:PrincipalArn': [...props.exemptPrincipalArnPatterns] } },
    }),
    // CloudTrail: encrypt only for our trails; the encryption context names the trail (CloudTrail key policy docs).
    new PolicyStatement({
      sid: 'CloudTrailEncryptForOrganizationTrail',
      principals: [new ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceArn': [...props.trailArns] },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': props.trailArns.map(trailContextPattern) },
      },
    }),
    // Needed with an S3 Bucket Key and to validate the key when the trail is created or updated.
    new PolicyStatement({
      sid: 'CloudTrailDescribeAndBucketKey',
      principals: [new ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:DescribeKey', 'kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceArn': [...props.trailArns] } },
    }),
    new PolicyStatement({
      sid: 'ReadersDecrypt',
      principals: [new AccountRootPrincipal()],
      actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { ArnEquals: { 'aws:PrincipalArn': [...props.readerRoleArns] } },
    }),
  ];
  if (props.viaS3ReaderRoleArns && props.viaS3ReaderRoleArns.length > 0) {
    statements.push(
      new PolicyStatement({
        sid: 'ReadersDecryptViaS3',
        principals: [new AccountRootPrincipal()],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: { ArnEquals: { 'aws:PrincipalArn': [...props.viaS3ReaderRoleArns] }, StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } },
      }),
    );
  }
  if (props.replication) {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
    statements.push(
      new PolicyStatement({
        sid: 'ReplicationDecryptViaS3',
        principals: [new ArnPrincipal(props.replication.roleArn)],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringLike: {
            'kms:ViaService': 's3.*.amazonaws.com',
            'kms:EncryptionContext:aws:s3:arn': props.replication.sourceBucketNames.flatMap((n) => [`arn:aws:s3:::${n}`, `arn:aws:s3:::${n}/*`]),
          },
        },
      }),
    );
  }
  if (props.allowConfig ?? true) {
    statements.push(
      new PolicyStatement({
        sid: 'ConfigDeliveryForOrganization',
        principals: [new ServicePrincipal('config.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: org },
      }),
    );
  }
  if (props.allowLogDelivery ?? true) {
    statements.push(
      new PolicyStatement({
        sid: 'LogDeliveryForOrganization',
        principals: [new ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: org },
      }),
    );
  }
  if (props.allowGuardDuty ?? true) {
    statements.push(
      new PolicyStatement({
        sid: 'GuardDutyExportForOrganization',
        principals: [new ServicePrincipal('guardduty.amazonaws.com')],
        actions: ['kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: org },
      }),
    );
  }
  if (props.allowOrganizationWritesViaS3 ?? true) {
    // Encrypt-only (no Decrypt) for the organization's principals, and only when S3 calls KMS for them.
    statements.push(
      new PolicyStatement({
        sid: 'OrganizationPrincipalsEncryptViaS3',
        principals: [new AnyPrincipal()],
        actions: ['kms:GenerateDataKey'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:PrincipalOrgID': props.organizationId },
          StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' },
        },
      }),
    );
    // Multipart uploads (the SSM agent uploads session logs over 5 MiB in parts) need kms:Decrypt: S3 decrypts
    // the upload's data key for each part. Only for principals of other accounts of the organization, which
    // the bucket policies give no read access, so this cannot open the archive to anyone; the key's own
    // account is left out because its identity policies alone could otherwise read through S3.
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions
    statements.push(
      new PolicyStatement({
        sid: 'OrganizationPrincipalsMultipartViaS3',
        principals: [new AnyPrincipal()],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:PrincipalOrgID': props.organizationId },
          StringNotEquals: { 'aws:PrincipalAccount': props.keyAccountId },
          StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' },
        },
      }),
    );
  }
  return statements;
}

/** `arn:aws:cloudtrail:eu-west-1:111:trail/x` → `arn:aws:cloudtrail:*:111:trail/x` (a multi-region trail encrypts in every region). */
function trailContextPattern(trailArn: string): string {
  const parts = trailArn.split(':');
  if (parts.length < 6) return trailArn;
  parts[3] = '*';
  return parts.join(':');
}
