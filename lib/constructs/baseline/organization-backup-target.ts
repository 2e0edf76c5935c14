import { CfnCondition, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BackupVault } from 'aws-cdk-lib/aws-backup';
import { CfnRole, ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Props for {@link OrganizationBackupTarget}. */
export interface OrganizationBackupTargetProps {
  /** Vault name the organization backup policy names (`target_backup_vault_name`, and its copy ARN). */
  readonly vaultName: string;
  /** Role name the policy names (`iam_role_arn`, `arn:aws:iam::$account:role/<name>`). */
  readonly roleName: string;
  /** Alias of the vault's key; under the landing zone's alias prefix, so the key guardrail protects it. */
  readonly keyAlias: string;
  /**
   * Condition true in the one region where the (global) role is created.
   * @default - the role is created wherever the construct is
   */
  readonly roleCondition?: CfnCondition;
  /**
   * Days a recovery point is kept; the vault lock's minimum retention is at most this.
   * @default 35
   */
  readonly retentionDays?: number;
}

/**
 * What an organization backup policy needs in each account and region it names: a backup vault of the
 * name the policy gives, and the IAM role AWS Backup assumes. A policy cannot create them: the vault must
 * exist in each region before the plan runs, and the role before the plan is first created.
 *
 * Default settings:
 * - vault encrypted with a customer-managed key (rotation on); vault and key retained
 * - recovery points cannot be deleted through the vault (`blockRecoveryPointDeletion`), vault lock in
 *   governance mode with a minimum retention of 7 days (or the retention, if shorter)
 * - role trusted only by `backup.amazonaws.com`, with AWS Backup's managed backup and restore policies
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
 *   ("the vault must exist in each specified AWS Region", "the IAM role must exist")
 * @see NIST 800-53 CP-9, Security Hub Backup.1
 */
export class OrganizationBackupTarget extends Construct {
  /** The vault the organization plan writes to (and the copy destination in the copy region). */
  public readonly vault: BackupVault;
  /** The customer-managed key encrypting the vault. */
  public readonly key: Key;

  constructor(scope: Construct, id: string, props: OrganizationBackupTargetProps) {
    super(scope, id);
    const retention = props.retentionDays ?? 35;
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the organization backup vault of this account and region',
      alias: props.keyAlias,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.vault = new BackupVault(this, 'Vault', {
      backupVaultName: props.vaultName,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
      blockRecoveryPointDeletion: true,
      lockConfiguration: { minRetention: Duration.days(Math.min(7, retention)) },
    });

    const role = new Role(this, 'Role', {
      roleName: props.roleName,
      assumedBy: new ServicePrincipal('backup.amazonaws.com'),
      description: 'Assumed by AWS Backup for the organization backup policy: backs up and restores the resources tagged for it',
      managedPolicies: [
        ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForBackup'),
        ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores'),
      ],
    });
    if (props.roleCondition) (role.node.defaultChild as CfnRole).cfnOptions.condition = props.roleCondition;
    for (const policy of ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores']) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`,
        reason: `The organization backup plan selects resources by tag across every service AWS Backup supports; AWS maintains ${policy} as that service's exact permissions (a hand-written copy would lag each new resource type), and only backup.amazonaws.com can assume the role`,
      });
    }
  }
}
