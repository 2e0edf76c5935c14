import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { OrganizationPolicyTypes } from '../../../../lib/constructs/organization/policy-types';

describe('OrganizationPolicyTypes', () => {
  test('enables each type on the root, treats "already enabled" as success and never disables on delete', () => {
    const s = new Stack(new App(), 'Org', { env: { account: '111111111111', region: 'eu-west-1' } });
    new OrganizationPolicyTypes(s, 'Types', { organizationId: 'o-a1b2c3d4e5', rootId: 'r-a1b2', types: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] });
    const t = Template.fromStack(s);
    const calls = Object.values(t.findResources('Custom::AWS')).map((r) => r.Properties);
    expect(calls).toHaveLength(2);
    for (const c of calls) {
      const create = JSON.parse(c.Create);
      expect(create).toMatchObject({ action: 'enablePolicyType', ignoreErrorCodesMatching: 'PolicyTypeAlreadyEnabledException', parameters: { RootId: 'r-a1b2' } });
      expect(c.Delete).toBeUndefined();
    }
    expect(calls.map((c) => JSON.parse(c.Create).parameters.PolicyType)).toEqual(['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']);
    const [policy] = Object.values(t.findResources('AWS::IAM::ManagedPolicy'));
    const enable = policy.Properties.PolicyDocument.Statement.find((st: any) => st.Action === 'organizations:EnablePolicyType');
    expect(JSON.stringify(enable.Resource)).toMatch(/:organizations::111111111111:root\/o-a1b2c3d4e5\/r-a1b2"/);
  });

  test('rejects a malformed root ID', () => {
    expect(() => new OrganizationPolicyTypes(new Stack(new App(), 'Org'), 'Types', { organizationId: 'o-a1b2c3d4e5', rootId: 'ou-1', types: [] })).toThrow(
      /rootId: "ou-1" is not a root ID \(r-\.\.\.\)/,
    );
  });
});
