import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { ACCOUNT_BASELINE_PARAMETERS } from '../../../lib/stacks/account-baseline-template-stack';
import { KNOWN_REGIONS } from '../../../lib/config/schema';
import { baselineNames } from '../../../lib/names';
import { buildApp, defaultConfig } from '../../helpers';

const config = defaultConfig();
const names = baselineNames(config);
const { lz } = buildApp(config, { checks: false });
const baseline = Template.fromStack(lz.baseline);
const stackSet = Object.values<any>(baseline.findResources('AWS::CloudFormation::StackSet'))[0].Properties;
const body: any = JSON.parse(stackSet.TemplateBody);
const resources = Object.values<any>(body.Resources);

describe('baseline stack (management account, home region)', () => {
  test('a service-managed StackSet, auto-deployed to the whole organization (root) in every governed region, home first', () => {
    expect(lz.baseline.account).toBe('111111111111');
    expect(lz.baseline.region).toBe(config.organization.homeRegion);
    baseline.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: names.accountBaselineStackSetName,
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: [config.organization.rootId] }, Regions: ['eu-west-1', 'eu-central-1'] }],
    });
    expect(lz.baseline.dependencies).toContain(lz.organization);
  });

  test('passes every template parameter, account-specific values included, from config', () => {
    const values = Object.fromEntries(stackSet.Parameters.map((p: any) => [p.ParameterKey, p.ParameterValue]));
    expect(Object.keys(values).sort()).toEqual([...ACCOUNT_BASELINE_PARAMETERS].sort());
    expect(Object.keys(body.Parameters).sort()).toEqual([...ACCOUNT_BASELINE_PARAMETERS].sort());
    expect(values).toMatchObject({ HomeRegion: 'eu-west-1', SecurityContactEmail: config.security.securityContact.email });
  });
});

describe('the account-baseline StackSet template', () => {
  test('is free of account IDs and region names: both arrive as parameters or pseudo parameters', () => {
    const text = stackSet.TemplateBody as string;
    // AWS-owned principals would be the only allowed 12-digit numbers; the template needs none.
    expect(text.match(/\b\d{12}\b/g) ?? []).toEqual([]);
    for (const region of KNOWN_REGIONS) expect(text).not.toContain(`"${region}"`);
    expect(text).not.toMatch(/cdk-[a-z0-9]+-assets|"S3Bucket"|BootstrapVersion/); // no asset can reach other accounts
  });

  test('records every resource type in every region, global types only in the home region, via the service-linked role', () => {
    const recorder = resources.find((r) => r.Type === 'AWS::Config::ConfigurationRecorder');
    expect(recorder.Properties.RecordingGroup).toEqual({ AllSupported: true, IncludeGlobalResourceTypes: { 'Fn::If': ['IsHomeRegion', true, false] } });
    expect(JSON.stringify(recorder.Properties.RoleARN)).toContain('aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig');
    expect(body.Conditions.IsHomeRegion).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'HomeRegion' }] });
    const channel = resources.find((r) => r.Type === 'AWS::Config::DeliveryChannel');
    expect(channel.Properties).toMatchObject({ S3BucketName: { Ref: 'LogArchiveBucketName' }, S3KmsKeyArn: { Ref: 'LogArchiveKeyArn' } });
  });

  test('applies each setting without a CloudFormation type; regional ones everywhere, account-wide ones once', () => {
    const settings = Object.fromEntries(
      resources.filter((r) => r.Type === 'AWS::CloudFormation::CustomResource').map((r) => [r.Properties.Setting, r.Condition ?? 'every region']),
    );
    expect(settings).toEqual({
      EbsEncryptionByDefault: 'every region',
      InstanceMetadataDefaults: 'every region',
      ConfigServiceLinkedRole: 'every region',
      DefaultVpcRemoval: 'every region',
      S3AccountPublicAccessBlock: 'IsHomeRegion',
      PasswordPolicy: 'IsHomeRegion',
      SecurityContact: 'IsHomeRegion',
    });
  });

  test('creates a local Resource Explorer index in every account and region except the security-log account, whose detection stacks own its indexes', () => {
    // One index per account and region: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-resourceexplorer2-index.html
    const indexes = resources.filter((r) => r.Type === 'AWS::ResourceExplorer2::Index');
    expect(indexes).toEqual([expect.objectContaining({ Properties: { Type: 'LOCAL' }, Condition: 'IsNotSecurityLog' })]);
    expect(body.Conditions.IsNotSecurityLog).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, { Ref: 'SecurityLogAccountId' }] }] });
    const values = Object.fromEntries(stackSet.Parameters.map((p: any) => [p.ParameterKey, p.ParameterValue]));
    expect(values.SecurityLogAccountId).toBe(lz.detection[0].account);
  });

  test('creates the AWS Support role (CIS 1.16) once per account', () => {
    const role = resources.find((r) => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName === names.supportRoleName);
    expect(role.Condition).toBe('IsHomeRegion');
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toContain(':iam::aws:policy/AWSSupportAccess');
  });

  test('creates the guardrail-exempt break-glass role once per account, assumable only by the management account\'s break-glass role', () => {
    const role = resources.find((r) => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName === config.organization.privilegedRoleName);
    expect(role.Condition).toBe('IsHomeRegion');
    expect(role.Properties.MaxSessionDuration).toBe(3600);
    const [statement] = role.Properties.AssumeRolePolicyDocument.Statement;
    expect(JSON.stringify(statement.Principal)).toContain('ManagementAccountId');
    expect(JSON.stringify(statement.Condition.ArnEquals['aws:PrincipalArn'])).toContain(`:role/${config.organization.privilegedRoleName}`);
    const values = Object.fromEntries(stackSet.Parameters.map((p: any) => [p.ParameterKey, p.ParameterValue]));
    expect(values.ManagementAccountId).toBe('111111111111');
  });

  test('carries its handler inline, as a loadable Node.js module exporting the handler', () => {
    const fn = resources.find((r) => r.Type === 'AWS::Lambda::Function');
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: expect.any(String) } });
    const module = { exports: {} as Record<string, unknown> };
    // Evaluate the bundle as Lambda would (its @aws-sdk/* imports resolve from this project's node_modules).
    new Function('require', 'module', 'exports', fn.Properties.Code.ZipFile)(require, module, module.exports);
    expect(typeof module.exports.handler).toBe('function');
  });
});

describe('guardrails', () => {
  test('the StackSet template is synthesized in its own assembly and passes cdk-nag with the rest of the app', () => {
    const { app, lz: checked } = buildApp(config);
    const assembly = app.synth();
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((r: any) => r.violations.filter((v: any) => v.severity === 'error'))).toEqual([]);
    const nested = assembly.nestedAssemblies.map((n) => n.nestedAssembly.stacks.map((s) => s.stackName)).flat();
    expect(nested).toContain(checked.baseline.accountBaselineTemplate.stackName);
    // cdk-nag saw the template stack: its acknowledgments are on record.
    expect(fs.readFileSync(path.join(assembly.directory, 'acknowledgments.md'), 'utf8')).toContain('StackSetTemplates/AccountBaseline/AccountSettings');
  });

  test('an insecure resource in the StackSet template fails the synth', () => {
    const { app, lz: built } = buildApp(config);
    const { Bucket } = require('aws-cdk-lib/aws-s3') as typeof import('aws-cdk-lib/aws-s3');
    new Bucket(built.baseline.accountBaselineTemplate, 'Unencrypted');
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });
});

