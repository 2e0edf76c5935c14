import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ManagementPolicies } from '../../../../lib/constructs/organization/management-policies';

describe('ManagementPolicies', () => {
  test('declares each policy with its own type and targets, content as a JSON object', () => {
    const stack = new Stack(new App(), 'S');
    new ManagementPolicies(stack, 'M', {
      targetIdOf: (ou) => (ou === 'Root' ? 'r-a1b2' : `ou-${ou.toLowerCase()}`),
      policies: [
        { type: 'TAG_POLICY', name: 'acme-tags', description: 'd', targets: ['Prod'], document: { tags: {} } },
        { type: 'BACKUP_POLICY', name: 'acme-backup', description: 'd', targets: ['Root'], document: { plans: {} } },
      ],
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Organizations::Policy', { Name: 'acme-tags', Type: 'TAG_POLICY', TargetIds: ['ou-prod'], Content: { tags: {} } });
    t.hasResourceProperties('AWS::Organizations::Policy', { Name: 'acme-backup', Type: 'BACKUP_POLICY', TargetIds: ['r-a1b2'] });
  });

  test('a policy without targets is refused, naming it', () => {
    const stack = new Stack(new App(), 'S');
    expect(
      () => new ManagementPolicies(stack, 'M', { targetIdOf: (ou) => ou, policies: [{ type: 'TAG_POLICY', name: 'acme-tags', description: 'd', targets: [], document: {} }] }),
    ).toThrow(/M: policies\[0\] "acme-tags": targets: received \[\], at least one OU path or Root is required/);
  });
});
