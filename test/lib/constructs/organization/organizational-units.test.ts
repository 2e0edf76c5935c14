import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { OrganizationalUnits } from '../../../../lib/constructs/organization/organizational-units';

test('declares nested OUs under their parents, with IDs that do not depend on list order', () => {
  const stack = new Stack();
  new OrganizationalUnits(stack, 'Ous', { rootId: 'r-ab12', paths: ['Workloads', 'Workloads/Prod', 'Security'] });
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::Organizations::OrganizationalUnit', 3);
  template.hasResourceProperties('AWS::Organizations::OrganizationalUnit', { Name: 'Security', ParentId: 'r-ab12' });
  template.hasResourceProperties('AWS::Organizations::OrganizationalUnit', {
    Name: 'Prod',
    ParentId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OusWorkloads'), 'Id'] },
  });
});

test('a child before its parent is rejected with the path named', () => {
  expect(() => new OrganizationalUnits(new Stack(), 'Ous', { rootId: 'r-ab12', paths: ['Workloads/Prod'] })).toThrow(
    /paths: "Workloads\/Prod" needs its parent "Workloads" listed before it/,
  );
});

test('an OU path that was not declared is rejected naming the construct, the path and the declared ones', () => {
  const ous = new OrganizationalUnits(new Stack(new App(), 'Org'), 'Ous', { rootId: 'r-ab12', paths: ['Workloads', 'Security'] });
  expect(ous.idOf('Root', 'r-ab12')).toBe('r-ab12');
  expect(() => ous.idOf('Sandbox', 'r-ab12')).toThrow(
    /^OrganizationalUnits Org\/Ous: idOf: "Sandbox" is not a declared OU \(allowed: Root, Workloads, Security\)$/,
  );
});
