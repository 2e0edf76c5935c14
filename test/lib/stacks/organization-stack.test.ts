import * as fs from 'fs';
import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildApp, defaultAssemblyDir, defaultRawConfig, parseRaw, templateOf } from '../../helpers';

describe('the organization stack (default config)', () => {
  const t = templateOf('organization');

  test('declares the OUs, the member accounts with an email (not the management account) and no adopted ones', () => {
    t.resourceCountIs('AWS::Organizations::OrganizationalUnit', 5);
    t.resourceCountIs('AWS::Organizations::Account', 3);
    expect(Object.values(t.findResources('AWS::Organizations::Account')).map((r) => r.Properties.AccountName)).toEqual(['security-log', 'prod', 'dev']);
    t.resourceCountIs('Custom::AccountPlacement', 0);
    t.resourceCountIs('Custom::AWS', 0);
    t.hasResourceProperties('Custom::OrganizationPolicyTypes', { RootId: 'r-a1b2', PolicyTypes: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY', 'DECLARATIVE_POLICY_EC2', 'AISERVICES_OPT_OUT_POLICY', 'TAG_POLICY', 'BACKUP_POLICY'] });
  });

  test('the policies wait for their policy types to be enabled on the root', () => {
    const [scpId] = Object.keys(t.findResources('AWS::Organizations::Policy'));
    expect(t.toJSON().Resources[scpId].DependsOn).toEqual(expect.arrayContaining([Object.keys(t.findResources('Custom::OrganizationPolicyTypes'))[0]]));
  });

  test('attaches four guardrail SCPs to the root (with FullAWSAccess, the five a root may hold), the prod and sandbox sets to their OUs, and the data-perimeter RCP to the root', () => {
    const scps = t.findResources('AWS::Organizations::Policy', { Properties: { Type: 'SERVICE_CONTROL_POLICY' } });
    expect(Object.values(scps).map((r) => r.Properties.Name)).toEqual([
      'acme-scp-identity-regions',
      'acme-scp-security-services',
      'acme-scp-log-delivery',
      'acme-scp-data-protection',
      'acme-scp-prod',
      'acme-scp-sandbox',
    ]);
    for (const r of Object.values(scps).slice(0, 4)) expect(r.Properties.TargetIds).toEqual(['r-a1b2']);
    for (const r of Object.values(scps).slice(4)) expect(r.Properties.TargetIds).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^OrganizationalUnits/), 'Id'] }]);
    t.hasResourceProperties('AWS::Organizations::Policy', { Type: 'RESOURCE_CONTROL_POLICY', Name: 'acme-rcp-data-perimeter', TargetIds: ['r-a1b2'] });
  });

  test('registers the security-log account as delegated admin of the six default services (Resource Explorer for the organization view)', () => {
    expect(Object.values(t.findResources('Custom::DelegatedAdmin')).map((r) => r.Properties.Service)).toEqual([
      'guardduty',
      'securityhub',
      'inspector2',
      'config',
      'access-analyzer',
      'resource-explorer',
    ]);
    t.hasResourceProperties('AWS::SecurityHub::DelegatedAdmin', { AdminAccountId: '222222222222' });
  });

  test('assigns groups from config.identity to accounts by ID', () => {
    t.resourceCountIs('AWS::SSO::PermissionSet', 3);
    t.resourceCountIs('AWS::SSO::Assignment', 10);
    t.hasResourceProperties('AWS::SSO::Assignment', { TargetId: '111111111111', PrincipalId: '906712c6a4-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d' });
  });
});

describe('config switches', () => {
  test('resourceControlPolicies: false declares no RCP; macie and detective add their registrations', () => {
    const raw = defaultRawConfig();
    raw.security.resourceControlPolicies = false;
    raw.security.macie = true;
    raw.security.detective = true;
    const t = templateOf('organization', parseRaw(raw));
    t.resourcePropertiesCountIs('AWS::Organizations::Policy', { Type: 'RESOURCE_CONTROL_POLICY' }, 0);
    t.hasResourceProperties('Custom::DelegatedAdmin', { Service: 'macie' });
    t.hasResourceProperties('AWS::Detective::OrganizationAdmin', { AccountId: '222222222222' });
  });

  test('scpTargets attaches the SCPs to the named OUs; an undeclared OU is a config error', () => {
    const raw = defaultRawConfig();
    raw.organization.scpTargets = ['Workloads', 'Sandbox'];
    const t = templateOf('organization', parseRaw(raw));
    const [scp] = Object.values(t.findResources('AWS::Organizations::Policy', { Properties: { Type: 'SERVICE_CONTROL_POLICY' } }));
    expect(scp.Properties.TargetIds.map((x: any) => x['Fn::GetAtt'][0])).toEqual([expect.stringMatching(/^OrganizationalUnitsWorkloads[0-9A-F]/), expect.stringMatching(/^OrganizationalUnitsSandbox/)]);
    raw.organization.scpTargets = ['Root', 'Workload'];
    expect(() => parseRaw(raw)).toThrow(/scpTargets[\s\S]*"Workload" is not an OU declared in ous/);
  });
});

describe('no IAM users anywhere', () => {
  test('no synthesized template of the full landing zone declares an IAM user, access key or login profile', () => {
    // The default config's landing zone as the global setup synthesized it (test/helpers.ts).
    const assembly = new CloudAssembly(defaultAssemblyDir());
    expect(assembly.stacks.length).toBeGreaterThan(0);
    for (const stack of assembly.stacks) {
      const template = JSON.parse(fs.readFileSync(path.join(assembly.directory, stack.templateFile), 'utf8'));
      const forbidden = Object.entries<any>(template.Resources ?? {}).filter(([, r]) =>
        ['AWS::IAM::User', 'AWS::IAM::AccessKey', 'AWS::IAM::UserToGroupAddition'].includes(r.Type),
      );
      expect({ stack: stack.stackName, forbidden }).toEqual({ stack: stack.stackName, forbidden: [] });
    }
  });
});

describe('adopted accounts', () => {
  test('an account with only an id is moved by custom resource and the stack stays nag-clean', () => {
    const raw = defaultRawConfig();
    raw.accounts.push({ name: 'legacy', id: '555555555555', ou: 'Sandbox', shard: 'organization' });
    const { app, lz } = buildApp(parseRaw(raw));
    app.synth();
    const t = Template.fromStack(lz.organization);
    t.resourceCountIs('Custom::AccountPlacement', 1);
    t.hasResourceProperties('Custom::AccountPlacement', { AccountId: '555555555555', ParentId: Match.anyValue() });
  });
});
