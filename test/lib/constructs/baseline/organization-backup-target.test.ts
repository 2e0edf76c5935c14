/** The vault and role the organization backup policy names, in the baseline of every account and region. */
import { Template } from 'aws-cdk-lib/assertions';
import { organizationBackupNames } from '../../../../lib/names';
import { buildApp, defaultConfig } from '../../../helpers';

const config = defaultConfig();
const names = organizationBackupNames(config);
const { lz } = buildApp(config, { checks: false });
const templates = [lz.baseline.accountBaselineTemplate, ...lz.managementBaseline].map((s) => Template.fromStack(s));

describe('OrganizationBackupTarget in the StackSet and the management account stacks', () => {
  test.each(templates.map((t, i) => [i === 0 ? 'StackSet template' : `management stack ${i}`, t]))(
    '%s: the vault the policy names, encrypted with a retained, rotating customer-managed key, retained and locked',
    (_where, t) => {
      const vault = Object.values<any>((t as Template).findResources('AWS::Backup::BackupVault'))[0];
      expect(vault.Properties.BackupVaultName).toBe(names.vaultName);
      expect(vault.Properties.EncryptionKeyArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^OrganizationBackupKey/), 'Arn'] });
      expect(vault.Properties.LockConfiguration).toEqual({ MinRetentionDays: 7 });
      expect(vault.DeletionPolicy).toBe('Retain');
      const key = Object.entries<any>((t as Template).findResources('AWS::KMS::Key')).find(([id]) => id.startsWith('OrganizationBackupKey'))![1];
      expect([key.DeletionPolicy, key.Properties.EnableKeyRotation]).toEqual(['Retain', true]);
      (t as Template).hasResourceProperties('AWS::KMS::Alias', { AliasName: names.keyAlias });
    },
  );

  test('the role AWS Backup assumes exists once per account (home region), trusted only by backup.amazonaws.com', () => {
    for (const t of templates) {
      const role = Object.values<any>(t.findResources('AWS::IAM::Role')).find((r) => r.Properties.RoleName === names.roleName);
      expect(role.Condition).toBe('IsHomeRegion');
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' } },
      ]);
      expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toMatch(/service-role\/AWSBackupServiceRolePolicyForBackup.*service-role\/AWSBackupServiceRolePolicyForRestores/);
    }
  });
});
