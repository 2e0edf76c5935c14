/**
 * Every landing-zone construct that carries a custom resource synthesizes nag-clean under a construct ID
 * (and a parent) it was never written for: no acknowledgment names a logical ID as a literal.
 */
import * as path from 'path';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ControlPlaneCustomResource } from '../../../lib/constructs/core/control-plane-custom-resource';
import { GuardDutyOrganization } from '../../../lib/constructs/detection/guardduty-organization';
import { InspectorOrganization } from '../../../lib/constructs/detection/inspector-organization';
import { DelegatedAdmins } from '../../../lib/constructs/organization/delegated-admins';
import { OrganizationAccounts } from '../../../lib/constructs/organization/organization-accounts';
import { OrganizationPolicyTypes } from '../../../lib/constructs/organization/policy-types';
import { landingZoneCheckedStack, nagErrors } from '../../constructs/nag';

const place: Record<string, (scope: Construct, id: string) => void> = {
  DelegatedAdmins: (scope, id) =>
    new DelegatedAdmins(scope, id, {
      adminAccountId: '222222222222',
      regions: ['eu-west-1', 'eu-central-1'],
      services: ['guardduty', 'securityhub', 'inspector2', 'macie', 'detective', 'config', 'access-analyzer'],
    }),
  GuardDutyOrganization: (scope, id) =>
    new GuardDutyOrganization(scope, id, {
      handlerRoleName: `Unusual-${id}`,
      findingsDestinationArn: 'arn:aws:s3:::acme-log-archive-222222222222-eu-west-1/guardduty/',
      findingsKeyArn: 'arn:aws:kms:eu-west-1:222222222222:alias/acme-log-archive',
    }),
  InspectorOrganization: (scope, id) => new InspectorOrganization(scope, id, { lambda: false }),
  OrganizationPolicyTypes: (scope, id) =>
    new OrganizationPolicyTypes(scope, id, { organizationId: 'o-a1b2c3d4e5', rootId: 'r-a1b2', types: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] }),
  OrganizationAccounts: (scope, id) =>
    new OrganizationAccounts(scope, id, {
      organizationId: 'o-a1b2c3d4e5',
      accounts: [
        { name: 'legacy', id: '555555555555', parentId: 'ou-a1b2-22222222' },
        { name: 'declared', email: 'declared@example.com', parentId: 'r-a1b2' },
      ],
    }),
  ControlPlaneCustomResource: (scope, id) => {
    const cr = new ControlPlaneCustomResource(scope, id, {
      entry: path.join(__dirname, '..', '..', '..', 'lambda', 'inspector-members', 'index.ts'),
      purpose: 'Unusual test handler',
      resourceType: 'Custom::Unusual',
      statements: [new PolicyStatement({ actions: ['inspector2:ListMembers'], resources: ['*'] })],
      wildcardReason: 'inspector2:ListMembers has no resource type in IAM; it can only be granted on "*"',
    });
    cr.addResource('One', { ResourceTypes: ['EC2'] });
    cr.addResource('Two', { ResourceTypes: ['ECR'] }, scope);
  },
};

describe.each(Object.keys(place))('%s', (name) => {
  test('synthesizes with zero unacknowledged cdk-nag findings under an unusual ID, twice in one stack', () => {
    const { app, stack } = landingZoneCheckedStack();
    const parent = new Construct(stack, 'Some-Unusual Parent');
    place[name](parent, 'x1');
    // A second copy under another parent: shared singletons (the logs key) are acknowledged once, and
    // nothing collides.
    place[name](new Construct(stack, 'Other'), 'Renamed_2');
    expect(nagErrors(app)).toEqual([]);
  });
});
