/**
 * The management account's own baseline: service-managed StackSets never deploy to the management account, so
 * the same template is deployed there as ordinary stacks, one per governed region, with literal values.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { baselineNames, logArchiveNames } from '../../../lib/names';
import { buildApp, defaultConfig, defaultRawConfig, parseRaw } from '../../helpers';
import { decide } from '../../policy-simulator';

const config = defaultConfig();
const names = baselineNames(config);
const { lz } = buildApp(config, { checks: false });
const MANAGEMENT = '111111111111';
const templates = lz.managementBaseline.map((s) => ({ stack: s, template: Template.fromStack(s) }));
const home = templates[0].template;

describe('management account baseline', () => {
  test('one stack per governed region, home first, in the management account, deployed with the landing zone\'s bootstrap', () => {
    expect(lz.managementBaseline.map((s) => [s.account, s.region, s.stackName])).toEqual([
      [MANAGEMENT, 'eu-west-1', 'acme-account-baseline-management-eu-west-1'],
      [MANAGEMENT, 'eu-central-1', 'acme-account-baseline-management-eu-central-1'],
    ]);
    for (const { stack } of templates) expect(stack.dependencies).toContain(lz.logArchive);
    expect(lz.stacks).toEqual(expect.arrayContaining(lz.managementBaseline));
  });

  test('takes no parameters: the values the StackSet passes as parameters are literals here', () => {
    for (const { template } of templates) {
      expect(Object.keys(template.toJSON().Parameters ?? {})).toEqual(['BootstrapVersion']);
      template.hasCondition('IsHomeRegion', { 'Fn::Equals': [{ Ref: 'AWS::Region' }, config.organization.homeRegion] });
    }
  });

  test('records every region with a delivery channel to the archive\'s Config bucket (CIS 3.3), EBS encryption and IMDSv2 everywhere', () => {
    for (const { template } of templates) {
      template.hasResourceProperties('AWS::Config::ConfigurationRecorder', { Name: names.configRecorderName, RecordingGroup: { AllSupported: true } });
      template.hasResourceProperties('AWS::Config::DeliveryChannel', { Name: names.configDeliveryChannelName, S3BucketName: logArchiveNames(config).configBucketName });
      const settings = Object.values<any>(template.toJSON().Resources).filter((r) => r.Type === 'AWS::CloudFormation::CustomResource').map((r) => r.Properties.Setting);
      expect(settings).toEqual(expect.arrayContaining(['EbsEncryptionByDefault', 'InstanceMetadataDefaults', 'PasswordPolicy', 'SecurityContact']));
    }
  });

  test('the settings handler logs to a retained log group encrypted with the stack\'s logs key (the StackSet\'s stays unencrypted)', () => {
    for (const { template } of templates) {
      const groups = Object.values<any>(template.findResources('AWS::Logs::LogGroup'));
      expect(groups.length).toBeGreaterThan(0);
      for (const g of groups) {
        expect(g.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^SharedLogsKey/), 'Arn'] });
        expect(g.DeletionPolicy).toBe('Retain');
      }
    }
  });

  test('gets every setting and resource a member account gets from the StackSet, with the same region scoping', () => {
    const member = Template.fromStack(lz.baseline.accountBaselineTemplate).toJSON();
    const inventory = (t: any) =>
      Object.values<any>(t.Resources)
        .map((r) => `${r.Type}${r.Properties?.Setting ? `:${r.Properties.Setting}` : ''}${r.Properties?.RoleName ? `:${r.Properties.RoleName}` : ''}@${r.Condition ?? 'every region'}`)
        .sort();
    const memberItems = inventory(member);
    // Settings (custom resources), roles, recorder and channel, vault and key: all of them, in the same regions.
    expect(memberItems).toEqual(expect.arrayContaining(['AWS::CloudFormation::CustomResource:SecurityContact@IsHomeRegion', 'AWS::CloudFormation::CustomResource:DefaultVpcRemoval@every region']));
    for (const { template } of templates) {
      const mine = inventory(template.toJSON());
      expect(memberItems.filter((x) => !mine.includes(x))).toEqual([]);
    }
  });

  test('the settings it applies: EBS encryption, IMDSv2 default, default-VPC removal and the Config SLR everywhere; S3 account PAB, password policy and SECURITY contact once', () => {
    const settings = Object.values<any>(home.findResources('AWS::CloudFormation::CustomResource')).map((r) => [r.Properties.Setting, r.Condition ?? 'every region']);
    expect(Object.fromEntries(settings)).toEqual({
      EbsEncryptionByDefault: 'every region',
      InstanceMetadataDefaults: 'every region',
      ConfigServiceLinkedRole: 'every region',
      DefaultVpcRemoval: 'every region',
      S3AccountPublicAccessBlock: 'IsHomeRegion',
      PasswordPolicy: 'IsHomeRegion',
      SecurityContact: 'IsHomeRegion',
    });
    home.hasResourceProperties('AWS::CloudFormation::CustomResource', {
      Setting: 'SecurityContact',
      Name: config.security.securityContact.name,
      Email: config.security.securityContact.email,
      Phone: config.security.securityContact.phone,
    });
  });

  test('a local Resource Explorer index in every governed region of the management account, so the organization view searches it too', () => {
    for (const { template } of templates) {
      template.hasResource('AWS::ResourceExplorer2::Index', { Properties: { Type: 'LOCAL' }, Condition: 'IsNotSecurityLog' });
      template.hasCondition('IsNotSecurityLog', { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, lz.detection[0].account] }] });
    }
  });

  test('account-wide settings and roles exist once, in the home region', () => {
    const roles = Object.values<any>(home.findResources('AWS::IAM::Role')).filter((r) => [names.supportRoleName, config.organization.privilegedRoleName].includes(r.Properties.RoleName));
    expect(roles).toHaveLength(2);
    for (const r of roles) expect(r.Condition).toBe('IsHomeRegion');
  });
});

describe("the management account's break-glass role", () => {
  const role = Object.values<any>(home.findResources('AWS::IAM::Role')).find((r) => r.Properties.RoleName === config.organization.privilegedRoleName);
  const roleArn = `arn:aws:iam::${MANAGEMENT}:role/${config.organization.privilegedRoleName}`;
  // A same-account principal needs an identity policy too when the trust policy names the account root.
  const assumeAnything = [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }];
  /**
   * An IAM user calling sts:AssumeRole: with `--serial-number` and `--token-code` (or from a session created
   * with MFA) the request carries aws:MultiFactorAuthPresent=true; without MFA it is false.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
   */
  const assume = (principal: string, mfa: boolean, trust = role.Properties.AssumeRolePolicyDocument) =>
    decide(trust, {
      principal,
      action: 'sts:AssumeRole',
      resource: roleArn,
      resourceAccount: MANAGEMENT,
      identityStatements: assumeAnything,
      context: { 'aws:PrincipalArn': principal, 'aws:MultiFactorAuthPresent': String(mfa) },
    });

  test('is assumable by each emergency user the config names, with MFA, for at most an hour', async () => {
    for (const user of config.organization.breakGlassPrincipals) expect(await assume(user, true)).toBe('Allowed');
    expect(role.Properties.MaxSessionDuration).toBe(3600);
  });

  test('refuses the same user without MFA, any other user of the account, and the member accounts\' own break-glass roles', async () => {
    expect(await assume(config.organization.breakGlassPrincipals[0], false)).not.toBe('Allowed');
    expect(await assume(`arn:aws:iam::${MANAGEMENT}:user/developer`, true)).not.toBe('Allowed');
    expect(await assume(`arn:aws:iam::${MANAGEMENT}:role/OrganizationAccountAccessRole`, true)).not.toBe('Allowed');
    expect(await assume(`arn:aws:iam::333333333333:role/${config.organization.privilegedRoleName}`, true)).not.toBe('Allowed');
  });

  test('a role the config names needs no MFA (role sessions carry none); a user beside it still does', async () => {
    const raw = defaultRawConfig();
    const oncall = `arn:aws:iam::${MANAGEMENT}:role/EmergencyOnCall`;
    raw.organization.breakGlassPrincipals = [`arn:aws:iam::${MANAGEMENT}:user/break-glass-1`, oncall];
    const built = buildApp(parseRaw(raw), { checks: false }).lz;
    const trust = Object.values<any>(Template.fromStack(built.managementBaseline[0]).findResources('AWS::IAM::Role')).find(
      (r) => r.Properties.RoleName === config.organization.privilegedRoleName,
    ).Properties.AssumeRolePolicyDocument;
    expect(await assume(oncall, false, trust)).toBe('Allowed');
    expect(await assume(`arn:aws:iam::${MANAGEMENT}:user/break-glass-1`, false, trust)).not.toBe('Allowed');
    expect(await assume(`arn:aws:iam::${MANAGEMENT}:user/break-glass-1`, true, trust)).toBe('Allowed');
  });
});
