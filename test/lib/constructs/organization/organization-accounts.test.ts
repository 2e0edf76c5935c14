import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { OrganizationAccounts } from '../../../../lib/constructs/organization/organization-accounts';

const stack = () => new Stack(new App(), 'Org', { env: { account: '111111111111', region: 'eu-west-1' } });

describe('OrganizationAccounts', () => {
  test('declares an account with an email in its parent and retains it on removal', () => {
    const s = stack();
    new OrganizationAccounts(s, 'Accounts', {
      organizationId: 'o-a1b2c3d4e5',
      accounts: [{ name: 'security-log', email: 'sec@example.com', id: '222222222222', parentId: 'ou-a1b2-11111111' }],
    });
    const t = Template.fromStack(s);
    t.hasResource('AWS::Organizations::Account', {
      Properties: { AccountName: 'security-log', Email: 'sec@example.com', ParentIds: ['ou-a1b2-11111111'] },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(Object.keys(t.findResources('AWS::Organizations::Account'))[0]).toMatch(/^AccountsSecurityLog/);
  });

  test('adopts an account with only an id: reads its parent, then moves it, ignoring "already there"', () => {
    const s = stack();
    const accounts = new OrganizationAccounts(s, 'Accounts', {
      organizationId: 'o-a1b2c3d4e5',
      accounts: [{ name: 'legacy', id: '555555555555', parentId: 'ou-a1b2-22222222' }],
    });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Organizations::Account', 0);
    t.resourceCountIs('Custom::AWS', 2);
    const calls = Object.values(t.findResources('Custom::AWS')).map((r) => JSON.stringify(r.Properties.Create));
    expect(calls.find((c) => c.includes('listParents'))).toMatch(/ChildId\\":\\"555555555555/);
    const move = calls.find((c) => c.includes('moveAccount'));
    expect(move).toMatch(/DestinationParentId\\":\\"ou-a1b2-22222222/);
    expect(move).toMatch(/SourceParentId\\":\\"".*Parents\.0\.Id/);
    expect(move).toMatch(/ignoreErrorCodesMatching\\":\\"DuplicateAccountException/);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['organizations:ListParents', 'organizations:MoveAccount'],
            Resource: Match.arrayWith([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':organizations::111111111111:account/o-a1b2c3d4e5/555555555555']] }]),
          }),
        ]),
      },
    });
    expect(accounts.accountIds.legacy).toBe('555555555555');
  });

  test('rejects an account with neither email nor id, and a malformed id', () => {
    expect(
      () =>
        new OrganizationAccounts(stack(), 'Accounts', {
          organizationId: 'o-a1b2c3d4e5',
          accounts: [
            { name: 'ghost', parentId: 'r-a1b2' },
            { name: 'short', id: '123', parentId: 'r-a1b2' },
          ],
        }),
    ).toThrow(/accounts\[0\] \(ghost\): needs an email \(declare\) or an id \(adopt\), received neither[\s\S]*accounts\[1\]\.id: "123" is not a 12-digit account ID/);
  });
});
