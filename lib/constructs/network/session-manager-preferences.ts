import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { throwIfProblems } from '../../../constructs/core/validation-error';

/** Name of the document Session Manager reads its account-and-region preferences from. */
export const SESSION_PREFERENCES_DOCUMENT = 'SSM-SessionManagerRunShell';

/** Props for {@link SessionManagerPreferences}. */
export interface SessionManagerPreferencesProps {
  /** Bucket receiving every session's log (e.g. the log archive; it must have default encryption). */
  readonly logBucketName: string;
  /** Key prefix of the session logs, without a trailing slash. @default 'ssm-session-logs' */
  readonly logPrefix?: string;
  /** Minutes of inactivity before a session ends (1-60). @default 20 */
  readonly idleSessionTimeoutMinutes?: number;
  /** Longest session in minutes (1-1440). @default 480 */
  readonly maxSessionDurationMinutes?: number;
  /** Alias of the session encryption key. @default - no alias */
  readonly keyAlias?: string;
}

/**
 * The account-and-region Session Manager preferences: every session encrypted with a customer-managed
 * key, logged to S3 (encrypted upload required) and closed when idle.
 *
 * There is one `SSM-SessionManagerRunShell` per account and region: create this construct once per
 * (account, region), however many VPCs share it, and delete a console-created document before the first
 * deploy (CloudFormation cannot adopt it).
 *
 * Default settings: KMS key with rotation (RETAIN); S3 logging with `s3EncryptionEnabled`; no CloudWatch
 * streaming; Run As off (sessions run as ssm-user); idle timeout 20 minutes; maximum 8 hours.
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-schema.html
 */
export class SessionManagerPreferences extends Construct {
  /** Encrypts session data between the client and the instance. */
  public readonly key: kms.Key;
  public readonly document: ssm.CfnDocument;
  public readonly logPrefix: string;

  constructor(scope: Construct, id: string, props: SessionManagerPreferencesProps) {
    super(scope, id);
    const idle = props.idleSessionTimeoutMinutes ?? 20;
    const max = props.maxSessionDurationMinutes ?? 480;
    const problems: string[] = [];
    if (!Number.isInteger(idle) || idle < 1 || idle > 60) problems.push(`idleSessionTimeoutMinutes: ${idle} is not a whole number from 1 to 60`);
    if (!Number.isInteger(max) || max < 1 || max > 1440) problems.push(`maxSessionDurationMinutes: ${max} is not a whole number from 1 to 1440`);
    throwIfProblems(this, 'SessionManagerPreferences', problems);
    this.logPrefix = props.logPrefix ?? 'ssm-session-logs';

    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts Session Manager session data',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      alias: props.keyAlias,
    });
    this.document = new ssm.CfnDocument(this, 'Resource', {
      name: SESSION_PREFERENCES_DOCUMENT,
      documentType: 'Session',
      documentFormat: 'JSON',
      // The name is fixed, so an update must add a version rather than replace the document.
      updateMethod: 'NewVersion',
      content: {
        schemaVersion: '1.0',
        description: 'Session Manager preferences: encrypted, logged to the archive, idle timeout',
        sessionType: 'Standard_Stream',
        inputs: {
          s3BucketName: props.logBucketName,
          s3KeyPrefix: this.logPrefix,
          s3EncryptionEnabled: true,
          cloudWatchLogGroupName: '',
          cloudWatchEncryptionEnabled: true,
          cloudWatchStreamingEnabled: false,
          kmsKeyId: this.key.keyId,
          runAsEnabled: false,
          runAsDefaultUser: '',
          idleSessionTimeout: String(idle),
          maxSessionDuration: String(max),
          shellProfile: { linux: '', windows: '' },
        },
      },
    });
  }
}
