/** The vault and role the organization backup policy names, in the baseline of every account and region. */
import { Template } from 'aws-cdk-lib/assertions';
import { organizationBackupNames } from '../../../../lib/names';
import { buildApp, defaultConfig, templateOf } from '../../../helpers';
import { harness } from '../../guardrails/org-policy-harness';

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

describe('the guardrail SCPs let AWS Backup do the organization plan\'s work with the baseline role', () => {
  const PROD = '333333333333';
  const backupRole = `arn:aws:iam::${PROD}:role/${names.roleName}`;
  const scps = harness(config, templateOf('organization', config).toJSON(), backupRole);
  // Service Authorization Reference (resource ARNs per action): https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html,
  // .../list_amazonec2.html, .../list_amazondynamodb.html, .../list_amazonrds.html
  const work: Array<[string, string, string]> = [
    ['ec2:CreateSnapshot', `arn:aws:ec2:eu-west-1:${PROD}:volume/vol-0123456789abcdef0`, 'eu-west-1'],
    ['dynamodb:CreateBackup', `arn:aws:dynamodb:eu-west-1:${PROD}:table/orders`, 'eu-west-1'],
    ['rds:CreateDBSnapshot', `arn:aws:rds:eu-west-1:${PROD}:db:orders`, 'eu-west-1'],
    ['backup:CopyIntoBackupVault', `arn:aws:backup:eu-central-1:${PROD}:backup-vault:${names.vaultName}`, 'eu-central-1'],
  ];
  test.each(work)('%s on %s (region %s) is not denied', async (action, resource, region) => {
    expect(await scps.decide({ what: action, action, resource, region, expected: 'Allowed' })).toBe('Allowed');
  });
});
