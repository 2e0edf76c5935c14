import { Match, Template } from 'aws-cdk-lib/assertions';
import { ACCOUNT_SHARD_MAX_RESOURCES } from '../../../lib/checks/account-shard-size';
import { accountPlacement } from '../../../lib/config/account-shards';
import { organizationParameterNames } from '../../../lib/names';
import { buildApp, defaultConfig, defaultRawConfig, defaultStacksOf, parseRaw, templateOf } from '../../helpers';

/** The default config plus `n` accounts (declared, with ids), each in the Administrator assignment. */
function withAccounts(names: string[]) {
  const raw = defaultRawConfig();
  names.forEach((name, i) => raw.accounts.push({ name, id: String(600000000000 + i), email: `aws-${name}@example.com`, ou: 'Workloads/Dev' }));
  raw.identity.assignments.find((a: any) => a.permissionSet === 'Administrator').accounts.push(...names);
  return parseRaw(raw);
}
const logicalIdsByStack = (lz: ReturnType<typeof buildApp>['lz']) =>
  Object.fromEntries(
    [lz.organization, ...lz.accountShards].map((s) => [s.stackName, Object.keys(Template.fromStack(s).findResources('AWS::Organizations::Account')).sort()]),
  );

describe('account shard stacks', () => {
  const config = withAccounts(['team-a', 'team-b', 'team-c']);
  const { lz } = buildApp(config, { checks: false });
  const params = organizationParameterNames(config);

  test('the default config has no shard stack and no shard parameter: its accounts stay where released/ has them', () => {
    // The default config's landing zone as the global setup synthesized it (test/helpers.ts).
    expect(defaultStacksOf('accountShards')).toEqual([]);
    const org = templateOf('organization');
    org.resourceCountIs('AWS::SSM::Parameter', 0);
    org.resourceCountIs('AWS::Organizations::Account', 3);
  });

  test('each added account is declared in the shard of its name, under its OU read from SSM, with its assignment', () => {
    for (const name of ['team-a', 'team-b', 'team-c']) {
      const shard = accountPlacement({ name }) as number;
      const stack = lz.accountShards.find((s) => s.stackName === `acme-accounts-${String(shard).padStart(2, '0')}-management-eu-west-1`)!;
      const t = Template.fromStack(stack);
      t.hasResourceProperties('AWS::Organizations::Account', { AccountName: name, ParentIds: [{ Ref: Match.stringLikeRegexp('^SsmParameterValue') }] });
      t.hasParameter('*', { Type: 'AWS::SSM::Parameter::Value<String>', Default: params.ouId('Workloads/Dev') });
      t.hasResourceProperties('AWS::SSO::Assignment', { TargetId: String(600000000000 + ['team-a', 'team-b', 'team-c'].indexOf(name)), PermissionSetArn: { Ref: Match.anyValue() } });
      expect(stack.dependencies.map((d) => d.stackName)).toContain(lz.organization.stackName);
      expect(stack.account).toBe(lz.organization.account);
      expect(stack.region).toBe(lz.organization.region);
    }
  });

  test('the organization stack keeps only its own accounts and assignments, and publishes OU IDs and permission-set ARNs', () => {
    const org = Template.fromStack(lz.organization);
    org.resourceCountIs('AWS::Organizations::Account', 3);
    expect(JSON.stringify(org.findResources('AWS::SSO::Assignment'))).not.toMatch(/60000000000\d/);
    org.hasResourceProperties('AWS::SSM::Parameter', { Name: params.ouId('Workloads/Dev'), Value: { 'Fn::GetAtt': [Match.anyValue(), 'Id'] } });
    org.hasResourceProperties('AWS::SSM::Parameter', { Name: params.permissionSetArn('Administrator'), Value: { 'Fn::GetAtt': [Match.anyValue(), 'PermissionSetArn'] } });
    // No export ties the stacks: the shards read parameters.
    expect(Template.fromStack(lz.organization).toJSON().Outputs ?? {}).toEqual({});
  });

  test('adding an account at the front of the list keeps every other account in its stack, under the same logical ID', () => {
    const before = logicalIdsByStack(lz);
    const raw = defaultRawConfig();
    raw.accounts.splice(1, 0, { name: 'newcomer', id: '699999999999', email: 'aws-newcomer@example.com', ou: 'Sandbox' });
    ['team-a', 'team-b', 'team-c'].forEach((name, i) => raw.accounts.push({ name, id: String(600000000000 + i), email: `aws-${name}@example.com`, ou: 'Workloads/Dev' }));
    const { lz: grown } = buildApp(parseRaw(raw), { checks: false });
    const after = logicalIdsByStack(grown);
    for (const [stack, ids] of Object.entries(before)) expect(after[stack]).toEqual(expect.arrayContaining(ids));
  });

  test(`1,000 accounts with two assignments each: no shard above ${ACCOUNT_SHARD_MAX_RESOURCES} resources, the organization stack as small as with four`, () => {
    const names = Array.from({ length: 1000 }, (_, i) => `workload-${i}`);
    const raw = defaultRawConfig();
    names.forEach((name, i) => raw.accounts.push({ name, id: String(500000000000 + i), email: `aws-${name}@example.com`, ou: 'Workloads/Prod' }));
    for (const a of raw.identity.assignments) if (a.permissionSet !== 'SecurityAudit') a.accounts.push(...names);
    const { lz: big } = buildApp(parseRaw(raw), { checks: false });
    const sizes = big.accountShards.map((s) => Object.keys(Template.fromStack(s).toJSON().Resources).length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(ACCOUNT_SHARD_MAX_RESOURCES);
    const resources = (t: Template) => Object.keys(t.toJSON().Resources).length;
    // Only the shard parameters (one per OU and permission set) are added.
    expect(resources(Template.fromStack(big.organization)) - resources(templateOf('organization'))).toBe(defaultConfig().ous.length + 3);
  });
});
