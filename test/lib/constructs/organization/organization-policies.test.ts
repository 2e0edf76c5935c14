import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { OrganizationPolicies } from '../../../../lib/constructs/organization/organization-policies';

const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] };

describe('OrganizationPolicies', () => {
  test('declares each document as a policy of the given type, content as a JSON object, attached to every target', () => {
    const s = new Stack(new App(), 'Org');
    new OrganizationPolicies(s, 'Scps', {
      type: 'SERVICE_CONTROL_POLICY',
      policies: [
        { name: 'acme-scp-a', description: 'a', document: doc },
        { name: 'acme-scp-b', description: 'b', document: doc },
      ],
      targetIds: ['r-a1b2', 'ou-a1b2-11111111'],
    });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Organizations::Policy', 2);
    t.hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'acme-scp-a',
      Type: 'SERVICE_CONTROL_POLICY',
      Content: doc,
      TargetIds: ['r-a1b2', 'ou-a1b2-11111111'],
    });
    expect(Object.keys(t.findResources('AWS::Organizations::Policy'))[0]).toMatch(/^ScpsAcmeScpA/);
  });

  test('rejects duplicate names and an empty target list', () => {
    expect(
      () =>
        new OrganizationPolicies(new Stack(new App(), 'Org'), 'Rcps', {
          type: 'RESOURCE_CONTROL_POLICY',
          policies: [
            { name: 'p', description: '', document: doc },
            { name: 'p', description: '', document: doc },
          ],
          targetIds: [],
        }),
    ).toThrow(/targetIds: received \[\], at least one root, OU or account ID is required[\s\S]*policies\[1\]\.name: "p" is used twice/);
  });
});
