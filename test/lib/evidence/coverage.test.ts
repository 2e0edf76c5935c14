/**
 * A per-account control holds only where its evidence reaches every account the landing zone deploys to,
 * the management account included, which a service-managed StackSet never reaches
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html).
 */
import { complianceReport } from '../../../lib/evidence/compliance';
import { inEveryAccount } from '../../../lib/evidence/coverage';
import { indexResources, type StackTemplate } from '../../../lib/evidence/resources';
import { readAssembly } from '../../../lib/safety/release';
import { defaultAssemblyDir, defaultStacksOf } from '../../helpers';

const recorder = { Type: 'AWS::Config::ConfigurationRecorder', Properties: { Name: 'r', RoleArn: 'x', RecordingGroup: { AllSupported: true } } };
const stackSetWith = (resources: Record<string, unknown>) => ({
  Type: 'AWS::CloudFormation::StackSet',
  Properties: {
    PermissionModel: 'SERVICE_MANAGED',
    StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['r-a1b2'] }, Regions: ['eu-west-1', 'eu-central-1'] }],
    TemplateBody: JSON.stringify({ Resources: resources }),
  },
});
const stack = (stackPath: string, account: string, region: string, resources: Record<string, unknown>): StackTemplate => ({
  stackPath,
  account,
  region,
  template: { Resources: resources } as any,
});
const MANAGEMENT = '111111111111';
const organization = [
  stack('baseline', MANAGEMENT, 'eu-west-1', { Baseline: stackSetWith({ Recorder: recorder }) }),
  stack('network', '333333333333', 'eu-west-1', { Vpc: { Type: 'AWS::EC2::VPC', Properties: {} } }),
  stack('detection', '222222222222', 'eu-central-1', { Topic: { Type: 'AWS::SNS::Topic', Properties: {} } }),
];
const recorders = (stacks: StackTemplate[]) => {
  const rs = indexResources(stacks);
  return inEveryAccount(rs.filter((r) => r.type === 'AWS::Config::ConfigurationRecorder'), rs, true);
};

test('StackSet evidence covers the member accounts but not the management account it is administered from', () => {
  expect(recorders(organization)).toEqual({ evidence: [], violations: [], note: `missing in account ${MANAGEMENT} (eu-central-1, eu-west-1)` });
});

test('the management account\'s own stacks complete it, region by region', () => {
  const home = stack('mgmt-eu-west-1', MANAGEMENT, 'eu-west-1', { Recorder: recorder });
  expect(recorders([...organization, home]).note).toBe(`missing in account ${MANAGEMENT} (eu-central-1)`);
  const other = stack('mgmt-eu-central-1', MANAGEMENT, 'eu-central-1', { Recorder: recorder });
  const complete = recorders([...organization, home, other]);
  expect(complete.note).toBeUndefined();
  expect(complete.evidence.map((e) => e.stack).sort()).toEqual(['baseline', 'mgmt-eu-central-1', 'mgmt-eu-west-1']);
});

test('an account-wide setting needs one region of each account, not every region', () => {
  const contact = { Type: 'AWS::CloudFormation::CustomResource', Properties: { Setting: 'SecurityContact' } };
  const stacks = [
    stack('baseline', MANAGEMENT, 'eu-west-1', { Baseline: stackSetWith({ Contact: contact }) }),
    stack('mgmt', MANAGEMENT, 'eu-west-1', { Contact: contact }),
    stack('network', '333333333333', 'eu-central-1', {}),
  ];
  const rs = indexResources(stacks);
  expect(inEveryAccount(rs.filter((r) => r.type === 'AWS::CloudFormation::CustomResource'), rs, false).note).toBeUndefined();
});

describe('the default landing zone', () => {
  // As the global setup synthesized it (test/helpers.ts).
  const stacks = readAssembly(defaultAssemblyDir());
  const statusOf = (s: StackTemplate[], id: string) => complianceReport(s).controls.find((c) => c.id === id)!;

  test('implements the per-account CIS controls in every account, management included', () => {
    for (const id of ['CIS 1.2', 'CIS 1.7/1.8', 'CIS 1.16', 'CIS 3.3', 'CIS 5.1.1']) expect([id, statusOf(stacks, id).status]).toEqual([id, 'implemented']);
  });

  test('without the management account\'s recorder in one region, CIS 3.3 drops to missing and says where', () => {
    const other = defaultStacksOf('managementBaseline')[1].stackName;
    const withoutRecorder = stacks.map((s) => {
      if (s.stackPath !== other) return s;
      const resources = Object.fromEntries(Object.entries(s.template.Resources ?? {}).filter(([, r]) => r.Type !== 'AWS::Config::ConfigurationRecorder'));
      return { ...s, template: { ...s.template, Resources: resources } };
    });
    const control = statusOf(withoutRecorder, 'CIS 3.3');
    expect(control.status).toBe('missing');
    expect(JSON.stringify(control)).toContain(`missing in account ${MANAGEMENT} (eu-central-1)`);
  });
});
