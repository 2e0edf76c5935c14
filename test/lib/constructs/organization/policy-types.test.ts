import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { OrganizationPolicyTypes } from '../../../../lib/constructs/organization/policy-types';

describe('OrganizationPolicyTypes', () => {
  test('enables each type on the root through one handler scoped to that root, and never disables on delete', () => {
    const s = new Stack(new App(), 'Org', { env: { account: '111111111111', region: 'eu-west-1' } });
    new OrganizationPolicyTypes(s, 'Types', { organizationId: 'o-a1b2c3d4e5', rootId: 'r-a1b2', types: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] });
    const t = Template.fromStack(s);
    // "Already enabled" is success and Delete disables nothing: lambda/policy-types (tested there).
    t.resourceCountIs('Custom::OrganizationPolicyTypes', 1);
    t.hasResourceProperties('Custom::OrganizationPolicyTypes', { RootId: 'r-a1b2', PolicyTypes: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] });
    t.resourceCountIs('Custom::AWS', 0);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    const [policy] = Object.values(t.findResources('AWS::IAM::ManagedPolicy', { Properties: { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'organizations:EnablePolicyType' })]) } } }));
    const enable = policy.Properties.PolicyDocument.Statement.find((st: any) => st.Action === 'organizations:EnablePolicyType');
    expect(JSON.stringify(enable.Resource)).toMatch(/:organizations::111111111111:root\/o-a1b2c3d4e5\/r-a1b2"/);
  });

  test('keeps the released logical IDs of its retained log group and key', () => {
    const s = new Stack(new App(), 'Org', { env: { account: '111111111111', region: 'eu-west-1' } });
    new OrganizationPolicyTypes(s, 'PolicyTypes', { organizationId: 'o-a1b2c3d4e5', rootId: 'r-a1b2', types: ['SERVICE_CONTROL_POLICY'] });
    const t = Template.fromStack(s);
    // IDs from released/acme-organization-management-eu-west-1.template.json.
    t.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
    expect(Object.keys(t.findResources('AWS::KMS::Key'))).toEqual(['PolicyTypesExecutionLogKey93E71018']);
    expect(Object.keys(t.findResources('AWS::Logs::LogGroup'))).toContain('PolicyTypesExecutionLogsD421C3C8');
    t.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': ['PolicyTypesExecutionLogKey93E71018', 'Arn'] } });
  });

  test('rejects a malformed root ID', () => {
    expect(() => new OrganizationPolicyTypes(new Stack(new App(), 'Org'), 'Types', { organizationId: 'o-a1b2c3d4e5', rootId: 'ou-1', types: [] })).toThrow(
      /rootId: "ou-1" is not a root ID \(r-\.\.\.\)/,
    );
  });
});
