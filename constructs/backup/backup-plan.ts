import { Arn, ArnFormat, Duration, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeNoFix, optOutProblems, recordOptOut, type OptOut } from '../core/opt-out';
import { throwIfProblems } from '../core/validation-error';

/** Secure defaults of {@link SecureBackupPlan} a caller may turn off, each with a reason. */
export interface SecureBackupPlanOptOuts {
  /** No copy to a second region (e.g. this plan's vault is itself the copy destination). */
  readonly crossRegionCopy?: OptOut;
}

/** Props for {@link SecureBackupPlan}. */
export interface SecureBackupPlanProps {
  /**
   * ARN of a backup vault in another region that receives a copy of every recovery point
   * (`arn:aws:backup:<region>:<account>:backup-vault:<name>`), e.g. the `vaultArn` of a SecureBackupPlan
   * deployed in the second region with `optOuts.crossRegionCopy`.
   * @default - none; required unless `optOuts.crossRegionCopy`
   * @see NIST 800-53 CP-6, CP-9 (business continuity)
   */
  readonly copyToVaultArn?: string;
  /**
   * Resources carrying this tag are backed up.
   * @default { key: 'Backup', value: 'true' }
   */
  readonly selectionTag?: { readonly key: string; readonly value: string };
  /**
   * How long daily recovery points are kept (at least 7 days).
   * @default Duration.days(35)
   */
  readonly dailyRetention?: Duration;
  /**
   * How long weekly recovery points (Sundays) are kept; at least as long as daily ones.
   * @default Duration.days(90)
   */
  readonly weeklyRetention?: Duration;
  /**
   * Vault lock mode. `governance`: the lock can be removed by principals allowed `backup:DeleteBackupVaultLockConfiguration`.
   * `compliance`: after a 3-day grace period nobody, not even the root user, can remove it or delete recovery points early.
   * @default 'governance'
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
   */
  readonly lockMode?: 'governance' | 'compliance';
  /**
   * Customer-managed KMS key encrypting the vault.
   * @default - a new key with yearly rotation, retained
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Secure defaults turned off on purpose; each is recorded in the template metadata.
   * @default - none
   */
  readonly optOuts?: SecureBackupPlanOptOuts;
}

/**
 * An AWS Backup vault and plan for the business-continuity requirement: daily and weekly backups of
 * tagged resources, kept in a locked, encrypted vault and copied to a second region.
 *
 * ```ts
 * const backups = new SecureBackupPlan(this, 'Backups', { copyToVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:product-copy' });
 * Tags.of(table).add('Backup', 'true');           // selected by tag
 * backups.addResource('Db', backup.BackupResource.fromRdsDatabaseInstance(db)); // or explicitly
 * ```
 *
 * Default settings:
 * - vault encrypted with a customer-managed key (rotation on); vault and key retained
 * - vault lock (governance mode) with minimum retention 7 days and maximum 365 days
 * - vault access policy denies deleting recovery points and shortening their lifecycle
 * - daily backup at 05:00 UTC kept 35 days; weekly (Sunday) backup kept 90 days
 * - every recovery point copied to `copyToVaultArn` with the same retention
 * - resources tagged `Backup=true` selected
 *
 * @see NIST 800-53 CP-9, CP-10 (RDSInBackupPlan and friends); Security Hub Backup.1
 */
export class SecureBackupPlan extends Construct {
  public readonly vault: backup.BackupVault;
  public readonly plan: backup.BackupPlan;
  public readonly encryptionKey: kms.IKey;
  /** ARN of the vault: pass it as `copyToVaultArn` to a plan in another region when this is the copy destination. */
  public readonly vaultArn: string;

  constructor(scope: Construct, id: string, props: SecureBackupPlanProps = {}) {
    super(scope, id);
    const daily = props.dailyRetention ?? Duration.days(35);
    const weekly = props.weeklyRetention ?? Duration.days(90);
    const lockMode = props.lockMode ?? 'governance';
    const tag = props.selectionTag ?? { key: 'Backup', value: 'true' };
    throwIfProblems('Invalid SecureBackupPlan props:', [
      ...optOutProblems(props.optOuts, ['crossRegionCopy']),
      ...copyTargetProblems(this, props),
      ...retentionProblems('dailyRetention', daily, 7),
      ...retentionProblems('weeklyRetention', weekly, Math.max(7, daysOf(daily) ?? 7)),
      ...(['governance', 'compliance'].includes(lockMode) ? [] : [`lockMode: "${lockMode}" is not a lock mode (allowed: governance, compliance)`]),
      ...(tag.key.trim() && tag.value.trim() ? [] : [`selectionTag: ${JSON.stringify(tag)} (allowed: a non-empty key and value)`]),
    ]);

    this.encryptionKey =
      props.encryptionKey ??
      new kms.Key(this, 'Key', { description: `Encrypts the backup vault of ${this.node.path}`, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    this.vault = new backup.BackupVault(this, 'Vault', {
      encryptionKey: this.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
      blockRecoveryPointDeletion: true,
      lockConfiguration: {
        minRetention: Duration.days(7),
        maxRetention: Duration.days(365),
        changeableFor: lockMode === 'compliance' ? Duration.days(3) : undefined,
      },
    });
    this.vaultArn = this.vault.backupVaultArn;

    const copyTarget = props.copyToVaultArn ? backup.BackupVault.fromBackupVaultArn(this, 'CopyTarget', props.copyToVaultArn) : undefined;
    const copyActions = (deleteAfter: Duration): backup.BackupPlanCopyActionProps[] =>
      copyTarget ? [{ destinationBackupVault: copyTarget, deleteAfter }] : [];
    this.plan = new backup.BackupPlan(this, 'Resource', {
      // Plan names are unique per account and region; the construct ID alone ('Resource') is not.
      backupPlanName: Names.uniqueResourceName(this, { maxLength: 50 }),
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'Daily',
          scheduleExpression: events.Schedule.cron({ hour: '5', minute: '0' }),
          deleteAfter: daily,
          copyActions: copyActions(daily),
        }),
        new backup.BackupPlanRule({
          ruleName: 'Weekly',
          scheduleExpression: events.Schedule.cron({ weekDay: 'SUN', hour: '5', minute: '0' }),
          deleteAfter: weekly,
          copyActions: copyActions(weekly),
        }),
      ],
    });
    if (props.optOuts?.crossRegionCopy) {
      recordOptOut(this.plan.node.defaultChild as backup.CfnBackupPlan, 'crossRegionCopy', props.optOuts.crossRegionCopy);
    }
    this.addResource('Tagged', backup.BackupResource.fromTag(tag.key, tag.value));
  }

  /** Backs up `resource` with this plan (a selection with its own service role). */
  public addResource(id: string, resource: backup.BackupResource): backup.BackupSelection {
    const selection = this.plan.addSelection(id, { resources: [resource] });
    const role = selection.grantPrincipal as iam.Role;
    acknowledgeNoFix(
      role.node.defaultChild as iam.CfnRole,
      ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]'],
      'AWS Backup service role: AWS maintains this policy as services gain backup support; it is assumable only by backup.amazonaws.com.',
    );
    return selection;
  }
}

function daysOf(d: Duration): number | undefined {
  const days = d.toDays({ integral: false });
  return Token.isUnresolved(days) ? undefined : days;
}

function retentionProblems(prop: string, value: Duration, min: number): string[] {
  const days = daysOf(value);
  if (days === undefined) return [];
  return Number.isInteger(days) && days >= min && days <= 365
    ? []
    : [`${prop}: ${days} days is not allowed (allowed: a whole number of days from ${min} to 365, the vault lock's range)`];
}

function copyTargetProblems(scope: Construct, props: SecureBackupPlanProps): string[] {
  if (props.optOuts?.crossRegionCopy) {
    return props.copyToVaultArn ? ['copyToVaultArn: given together with optOuts.crossRegionCopy (allowed: one or the other)'] : [];
  }
  if (!props.copyToVaultArn) {
    return ['copyToVaultArn: none given (allowed: the ARN of a backup vault in another region, or optOuts.crossRegionCopy with a reason)'];
  }
  if (Token.isUnresolved(props.copyToVaultArn)) return [];
  const arn = props.copyToVaultArn;
  const parts = /^arn:aws[\w-]*:backup:/.test(arn) ? Arn.split(arn, ArnFormat.COLON_RESOURCE_NAME) : undefined;
  const region = Stack.of(scope).region;
  if (!parts || parts.resource !== 'backup-vault' || !parts.region) {
    return [`copyToVaultArn: "${arn}" is not a backup vault ARN (allowed: arn:aws:backup:<region>:<account>:backup-vault:<name>)`];
  }
  if (!Token.isUnresolved(region) && parts.region === region) {
    return [`copyToVaultArn: "${arn}" is in this stack's region ${region} (allowed: a vault in another region)`];
  }
  return [];
}
