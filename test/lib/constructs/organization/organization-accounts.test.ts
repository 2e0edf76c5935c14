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

  test('adopts an account with only an id: one placement resource per account, moving it only within this organization', () => {
    const s = stack();
    const accounts = new OrganizationAccounts(s, 'Accounts', {
      organizationId: 'o-a1b2c3d4e5',
      accounts: [{ name: 'legacy', id: '555555555555', parentId: 'ou-a1b2-22222222' }],
    });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Organizations::Account', 0);
    // Reading the current parent and ignoring "already there" is lambda/account-placement's (tested there).
    t.resourceCountIs('Custom::AWS', 0);
    t.resourceCountIs('Custom::AccountPlacement', 1);
    t.hasResourceProperties('Custom::AccountPlacement', { AccountId: '555555555555', ParentId: 'ou-a1b2-22222222' });
    t.resourceCountIs('AWS::IAM::Policy', 0);
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
