/**
 * What each management policy enforces, read from the synthesized organization template (attributes and values
 * as the syntax pages document them: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_declarative_syntax.html,
 * .../orgs_manage_policies_ai-opt-out_syntax.html, .../orgs_manage_policies_example-tag-policies.html,
 * .../orgs_manage_policies_backup_syntax.html), and how config changes it.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { backupPolicyDocument, ec2DeclarativeDocument } from '../../../../lib/constructs/organization/management-policy-documents';
import { organizationBackupNames } from '../../../../lib/names';
import { buildApp, defaultConfig, defaultRawConfig, parseRaw, templateOf } from '../../../helpers';

const config = defaultConfig();
const org = templateOf('organization').toJSON();
const policy = (type: string) => Object.values<any>(org.Resources).find((r) => r.Type === 'AWS::Organizations::Policy' && r.Properties.Type === type);
const backupNames = organizationBackupNames(config);

describe('the management policies of the default config', () => {
  test('every one attaches to the organization root (so the management account is covered too) after the types are enabled', () => {
    for (const type of ['DECLARATIVE_POLICY_EC2', 'AISERVICES_OPT_OUT_POLICY', 'TAG_POLICY', 'BACKUP_POLICY']) {
      const p = policy(type);
      expect([type, p.Properties.TargetIds]).toEqual([type, [config.organization.rootId]]);
      expect(p.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^PolicyTypes/)]));
    }
  });

  test('EC2: IMDSv2 required by default (hop limit 2), serial console off, no new public AMIs, no public snapshots; VPC BPA left to accounts', () => {
    const a = policy('DECLARATIVE_POLICY_EC2').Properties.Content.ec2_attributes;
    expect(a.instance_metadata_defaults).toMatchObject({ http_tokens: { '@@assign': 'required' }, http_put_response_hop_limit: { '@@assign': '2' } });
    expect(a.serial_console_access).toEqual({ status: { '@@assign': 'disabled' } });
    expect(a.image_block_public_access).toEqual({ state: { '@@assign': 'block_new_sharing' } });
    expect(a.snapshot_block_public_access).toEqual({ state: { '@@assign': 'block_all_sharing' } });
    expect(a.vpc_block_public_access).toBeUndefined();
  });

  test('EC2: config can set VPC Block Public Access organization-wide, with exclusions allowed for the public tiers', () => {
    const a = ec2DeclarativeDocument({ ...config.organization.policies.ec2, vpcBlockPublicAccess: 'block_ingress' }).ec2_attributes as any;
    expect(a.vpc_block_public_access).toEqual({ internet_gateway_block: { mode: { '@@assign': 'block_ingress' }, exclusions_allowed: { '@@assign': 'enabled' } } });
  });

  test('AI services: default opted out, and no child policy may opt back in', () => {
    const s = policy('AISERVICES_OPT_OUT_POLICY').Properties.Content.services;
    expect(s.default.opt_out_policy).toEqual({ '@@operators_allowed_for_child_policies': ['@@none'], '@@assign': 'optOut' });
    expect(s['@@operators_allowed_for_child_policies']).toEqual(['@@none']);
  });

  test('tags: DataClassification with its capitalization and four values, enforced on buckets, tables and databases', () => {
    expect(policy('TAG_POLICY').Properties.Content.tags).toEqual({
      dataclassification: {
        tag_key: { '@@assign': 'DataClassification' },
        tag_value: { '@@assign': ['public', 'internal', 'confidential', 'personal'] },
        enforced_for: { '@@assign': ['s3:bucket', 'dynamodb:table', 'rds:db'] },
      },
    });
  });

  test('backup: a daily plan in every governed region for tagged resources, into the baseline vault, copied to the other region', () => {
    const plans = policy('BACKUP_POLICY').Properties.Content.plans;
    const vault = (r: string) => `arn:aws:backup:${r}:$account:backup-vault:${backupNames.vaultName}`;
    const home = plans[backupNames.planName];
    const copy = plans[`${backupNames.planName}-eu-central-1`];
    expect(home.regions).toEqual({ '@@assign': ['eu-west-1'] });
    expect(copy.regions).toEqual({ '@@assign': ['eu-central-1'] });
    expect(Object.keys(home.rules.daily.copy_actions)).toEqual([vault('eu-central-1')]);
    expect(Object.keys(copy.rules.daily.copy_actions)).toEqual([vault('eu-west-1')]);
    for (const p of [home, copy]) {
      expect(p.rules.daily.target_backup_vault_name).toEqual({ '@@assign': backupNames.vaultName });
      expect(p.rules.daily.lifecycle).toEqual({ delete_after_days: { '@@assign': '35' } });
      expect(p.selections.tags.backup).toEqual({
        iam_role_arn: { '@@assign': `arn:aws:iam::$account:role/${backupNames.roleName}` },
        tag_key: { '@@assign': 'backup' },
        tag_value: { '@@assign': ['daily'] },
      });
    }
  });

  test('backup with three regions: the two outside the copy region copy to it, the copy region copies home', () => {
    const doc = backupPolicyDocument(config.organization.policies.backup, {
      ...backupNames,
      homeRegion: 'eu-west-1',
      governedRegions: ['eu-west-1', 'eu-central-1', 'eu-north-1'],
    }) as any;
    expect(doc.plans[backupNames.planName].regions['@@assign']).toEqual(['eu-west-1', 'eu-north-1']);
    expect(Object.keys(doc.plans[backupNames.planName].rules.daily.copy_actions)[0]).toMatch(/:eu-central-1:/);
    expect(Object.keys(doc.plans[`${backupNames.planName}-eu-central-1`].rules.daily.copy_actions)[0]).toMatch(/:eu-west-1:/);
  });
});

describe('management policies by config', () => {
  test('a policy turned off is not declared and its type not enabled; targets are OUs when config names them', () => {
    const raw = defaultRawConfig();
    raw.organization.policies = { aiServicesOptOut: { enabled: false }, tags: { targets: ['Workloads/Prod', 'Workloads/Dev'] } };
    const t = Template.fromStack(buildApp(parseRaw(raw), { checks: false }).lz.organization).toJSON();
    const policies = Object.values<any>(t.Resources).filter((r) => r.Type === 'AWS::Organizations::Policy');
    expect(policies.some((p) => p.Properties.Type === 'AISERVICES_OPT_OUT_POLICY')).toBe(false);
    const types = Object.values<any>(t.Resources).find((r) => r.Type === 'Custom::OrganizationPolicyTypes').Properties.PolicyTypes;
    expect(types).not.toContain('AISERVICES_OPT_OUT_POLICY');
    const tags = policies.find((p) => p.Properties.Type === 'TAG_POLICY');
    const ouNames = tags.Properties.TargetIds.map((id: any) => t.Resources[id['Fn::GetAtt'][0]].Properties.Name);
    expect(ouNames).toEqual(['Prod', 'Dev']);
  });
});
