import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IdentityCenter } from '../../../../lib/constructs/organization/identity-center';

const instanceArn = 'arn:aws:sso:::instance/ssoins-0123456789abcdef';
const group = '906712c6a4-0f1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';

describe('IdentityCenter', () => {
  test('declares Administrator (1-hour sessions), ReadOnly and SecurityAudit permission sets', () => {
    const s = new Stack(new App(), 'Org');
    new IdentityCenter(s, 'Identity', { instanceArn });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::SSO::PermissionSet', 3);
    t.hasResourceProperties('AWS::SSO::PermissionSet', {
      Name: 'Administrator',
      SessionDuration: 'PT1H',
      ManagedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
    });
    t.hasResourceProperties('AWS::SSO::PermissionSet', { Name: 'ReadOnly', ManagedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] });
    t.hasResourceProperties('AWS::SSO::PermissionSet', {
      Name: 'SecurityAudit',
      ManagedPolicies: ['arn:aws:iam::aws:policy/SecurityAudit', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
    });
  });

  test('assigns a group its permission set in each listed account', () => {
    const s = new Stack(new App(), 'Org');
    new IdentityCenter(s, 'Identity', {
      instanceArn,
      assignments: [{ groupId: group, permissionSet: 'ReadOnly', accountIds: ['333333333333', '444444444444'] }],
    });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::SSO::Assignment', 2);
    t.hasResourceProperties('AWS::SSO::Assignment', {
      InstanceArn: instanceArn,
      PrincipalType: 'GROUP',
      PrincipalId: group,
      TargetType: 'AWS_ACCOUNT',
      TargetId: '444444444444',
      PermissionSetArn: { 'Fn::GetAtt': [expectLogicalId(t, 'ReadOnly'), 'PermissionSetArn'] },
    });
  });

  test('rejects an administrator session longer than 12 hours', () => {
    expect(() => new IdentityCenter(new Stack(new App(), 'Org'), 'Identity', { instanceArn, administratorSessionDuration: 'PT24H' })).toThrow(
      /administratorSessionDuration: "PT24H" is not a whole number of hours from PT1H to PT12H/,
    );
  });
});

function expectLogicalId(t: Template, name: string): string {
  const [id] = Object.entries(t.findResources('AWS::SSO::PermissionSet')).find(([, r]) => r.Properties.Name === name)!;
  return id;
}
