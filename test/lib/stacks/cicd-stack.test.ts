import { Match, Template } from 'aws-cdk-lib/assertions';
import { nagErrors } from '../../constructs/nag';
import { crossCheck } from '../../../lib/config/cross-checks';
import { buildApp, defaultRawConfig, defaultStacksOf, parseRaw } from '../../helpers';

const withCicd = (cicd: Record<string, unknown>) => {
  const raw = defaultRawConfig();
  raw.cicd = cicd;
  return parseRaw(raw);
};

describe('cicd stack', () => {
  test('nothing of it is synthesized while cicd is absent (the default)', () => {
    // The default config's landing zone as the global setup synthesized it (test/helpers.ts).
    expect(defaultStacksOf('cicd')).toEqual([]);
    const stacks = defaultStacksOf('stacks');
    expect(stacks.length).toBeGreaterThan(0);
    expect(stacks.map((s) => s.stackName).filter((n) => n.includes('cicd'))).toEqual([]);
    for (const { template } of stacks) {
      expect(Object.keys(template.findResources('AWS::IAM::OIDCProvider'))).toEqual([]);
    }
  });

  test('with cicd on: the management account holds the provider (no custom resource) and both roles', () => {
    const { lz } = buildApp(withCicd({ repository: 'acme/secure-landing-zone' }), { checks: false });
    expect(lz.cicd!.stackName).toBe('acme-cicd-management-eu-west-1');
    expect(lz.cicd!.account).toBe('111111111111');
    expect(lz.stacks[0]).toBe(lz.cicd);
    const t = Template.fromStack(lz.cicd!);
    t.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    t.hasResource('AWS::IAM::OIDCProvider', {
      Properties: { Url: 'https://token.actions.githubusercontent.com', ClientIdList: ['sts.amazonaws.com'], ThumbprintList: Match.absent() },
      DeletionPolicy: 'Retain',
    });
    t.resourceCountIs('AWS::Lambda::Function', 0);
    t.resourceCountIs('AWS::IAM::Role', 2);
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'acme-github-deploy',
      MaxSessionDuration: 7200,
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRoleWithWebIdentity',
            Principal: { Federated: Match.anyValue() },
            Condition: {
              StringEquals: {
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                'token.actions.githubusercontent.com:sub': 'repo:acme/secure-landing-zone:environment:landing-zone-deploy',
              },
            },
          },
        ],
      },
    });
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'acme-github-diff',
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Condition: { StringEquals: Match.objectLike({ 'token.actions.githubusercontent.com:sub': 'repo:acme/secure-landing-zone:pull_request' }) } })],
      },
    });
    // No inline policies: each role's one policy is customer-managed.
    for (const role of Object.values(t.findResources('AWS::IAM::Role'))) expect(role.Properties.Policies).toBeUndefined();
    t.resourceCountIs('AWS::IAM::ManagedPolicy', 2);
  });

  test('by default the roles reach exactly the accounts and regions of the landing zone’s stacks', () => {
    const { lz } = buildApp(withCicd({ repository: 'acme/secure-landing-zone' }), { checks: false });
    const t = Template.fromStack(lz.cicd!);
    const lookup = Object.values(t.findResources('AWS::IAM::ManagedPolicy'))
      .map((p) => p.Properties.PolicyDocument.Statement[0])
      .find((s) => s.Sid === 'AssumeBootstrapLookupRoles');
    expect(lookup.Resource).toEqual([
      'arn:aws:iam::111111111111:role/cdk-slz-lookup-role-111111111111-eu-central-1',
      'arn:aws:iam::111111111111:role/cdk-slz-lookup-role-111111111111-eu-west-1',
      'arn:aws:iam::222222222222:role/cdk-slz-lookup-role-222222222222-eu-central-1',
      'arn:aws:iam::222222222222:role/cdk-slz-lookup-role-222222222222-eu-west-1',
      'arn:aws:iam::333333333333:role/cdk-slz-lookup-role-333333333333-eu-west-1',
      'arn:aws:iam::444444444444:role/cdk-slz-lookup-role-444444444444-eu-west-1',
    ]);
  });

  test('an existing provider is trusted by ARN instead of created', () => {
    const { lz } = buildApp(withCicd({ repository: 'acme/secure-landing-zone', createOidcProvider: false }), { checks: false });
    const t = Template.fromStack(lz.cicd!);
    t.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Federated: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com' } })] },
    });
  });

  test('explicit targets that miss a stack fail the synth, naming the stack', () => {
    const config = withCicd({ repository: 'acme/secure-landing-zone', targets: [{ account: 'management', regions: ['eu-west-1'] }] });
    expect(() => buildApp(config, { checks: false })).toThrow(/deploys to 222222222222\/eu-west-1, which cicd.targets does not list/);
  });

  test('synthesizes clean under the cdk-nag packs and LZ checks, with nothing in the stack acknowledged', () => {
    const { app, lz } = buildApp(withCicd({ repository: 'acme/secure-landing-zone' }));
    expect(nagErrors(app)).toEqual([]);
    expect(JSON.stringify(Template.fromStack(lz.cicd!).toJSON())).not.toMatch(/acknowledg/i);
  });
});

describe('cicd config', () => {
  test('rejects a repository that is not owner/name or contains a wildcard', () => {
    expect(() => withCicd({ repository: 'acme' })).toThrow(/is not a GitHub repository as owner\/name/);
    expect(() => withCicd({ repository: 'acme/*' })).toThrow(/is not a GitHub repository as owner\/name/);
    expect(() => withCicd({ repository: 'acme/slz', deployEnvironment: 'prod:v1' })).toThrow(/is not a GitHub environment name/);
  });

  test('targets must name accounts with IDs and governed regions', () => {
    const config = withCicd({ repository: 'acme/slz' });
    const targets = [
      { account: 'nope', regions: ['eu-west-1'] },
      { account: 'prod', regions: ['us-east-1'] },
    ];
    expect(crossCheck({ ...config, cicd: { ...config.cicd!, targets } })).toEqual([
      [['cicd', 'targets', 0, 'account'], '"nope" is not an account name in accounts'],
      [['cicd', 'targets', 1, 'regions', 0], '"us-east-1" must be one of organization.governedRegions (eu-west-1, eu-central-1)'],
    ]);
  });
});
