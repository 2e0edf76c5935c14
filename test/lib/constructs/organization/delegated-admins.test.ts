import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DelegatedAdmins } from '../../../../lib/constructs/organization/delegated-admins';

const stack = () => new Stack(new App(), 'Org', { env: { account: '111111111111', region: 'eu-west-1' } });

describe('DelegatedAdmins', () => {
  const s = stack();
  new DelegatedAdmins(s, 'Admins', { adminAccountId: '222222222222', regions: ['eu-west-1', 'eu-central-1'], services: ['guardduty', 'securityhub', 'config', 'detective'] });
  const t = Template.fromStack(s);

  test('uses the native Security Hub and Detective types in the stack region, retained on delete', () => {
    t.hasResource('AWS::SecurityHub::DelegatedAdmin', { Properties: { AdminAccountId: '222222222222' }, DeletionPolicy: 'Retain' });
    t.hasResource('AWS::Detective::OrganizationAdmin', { Properties: { AccountId: '222222222222' }, DeletionPolicy: 'Retain' });
  });

  test('registers the rest by custom resource: regional services in every governed region, native ones in the others', () => {
    t.resourceCountIs('Custom::DelegatedAdmin', 4);
    t.hasResourceProperties('Custom::DelegatedAdmin', { Service: 'guardduty', AdminAccountId: '222222222222', Regions: ['eu-west-1', 'eu-central-1'] });
    t.hasResourceProperties('Custom::DelegatedAdmin', { Service: 'securityhub', Regions: ['eu-central-1'] });
    t.hasResourceProperties('Custom::DelegatedAdmin', { Service: 'detective', Regions: ['eu-central-1'] });
  });

  test('the native registrations wait for trusted access (enabled by the custom resource)', () => {
    const [shCustom] = Object.entries(t.findResources('Custom::DelegatedAdmin', { Properties: { Service: 'securityhub' } }))[0];
    t.hasResource('AWS::SecurityHub::DelegatedAdmin', { DependsOn: Match.arrayWith([shCustom]) });
  });

  test('the handler runs Node.js 22 with a customer-managed policy and logs encrypted by a rotating key', () => {
    t.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x', ReservedConcurrentExecutions: 2 });
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['organizations:RegisterDelegatedAdministrator']) })]) },
    });
  });

  test('trusted access, registration and service-linked roles are limited to the registered services', () => {
    const principals = ['guardduty.amazonaws.com', 'securityhub.amazonaws.com', 'config.amazonaws.com', 'config-multiaccountsetup.amazonaws.com', 'detective.amazonaws.com'];
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['organizations:EnableAWSServiceAccess', 'organizations:RegisterDelegatedAdministrator']),
            Condition: { StringEquals: { 'organizations:ServicePrincipal': principals } },
          }),
          Match.objectLike({ Action: 'iam:CreateServiceLinkedRole', Condition: { StringEquals: { 'iam:AWSServiceName': principals } } }),
        ]),
      },
    });
  });

  test('by default also registers Resource Explorer once, through Organizations, so the security-log account may create the organization view', () => {
    const org = stack();
    new DelegatedAdmins(org, 'DelegatedAdmins', { adminAccountId: '222222222222', regions: ['eu-west-1', 'eu-central-1'] });
    const d = Template.fromStack(org);
    d.hasResourceProperties('Custom::DelegatedAdmin', { Service: 'resource-explorer', AdminAccountId: '222222222222' });
    d.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['organizations:RegisterDelegatedAdministrator']),
            Condition: { StringEquals: { 'organizations:ServicePrincipal': Match.arrayWith(['resource-explorer-2.amazonaws.com']) } },
          }),
        ]),
      },
    });
  });

  test('one provider, one role, no inline policy: the framework runs as the handler\'s role', () => {
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.resourceCountIs('AWS::IAM::Role', 1);
    t.resourceCountIs('AWS::Lambda::Function', 2);
  });

  test('keeps the released logical IDs of its retained key and log groups (released/)', () => {
    const org = new Stack(new App(), 'Org', { env: { account: '111111111111', region: 'eu-west-1' } });
    new DelegatedAdmins(org, 'DelegatedAdmins', { adminAccountId: '222222222222', regions: ['eu-west-1'] });
    const released = Template.fromStack(org);
    expect(Object.keys(released.findResources('AWS::KMS::Key'))).toEqual(['DelegatedAdminsLogKeyD553DE0C']);
    expect(Object.keys(released.findResources('AWS::Logs::LogGroup')).sort()).toEqual(['DelegatedAdminsHandlerLogs8D07F7E9', 'DelegatedAdminsProviderLogsAE200BAD']);
    released.allResourcesProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': ['DelegatedAdminsLogKeyD553DE0C', 'Arn'] } });
  });

  test('rejects regions that do not include the stack region', () => {
    expect(() => new DelegatedAdmins(stack(), 'Admins', { adminAccountId: '222222222222', regions: ['us-east-1'] })).toThrow(
      /regions: \["us-east-1"\] must include the stack's region "eu-west-1"/,
    );
  });
});
