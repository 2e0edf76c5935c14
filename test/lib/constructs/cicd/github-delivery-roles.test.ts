/**
 * The delivery roles' trust, evaluated with the claims GitHub sends. The trust policies are read from the
 * synthesized cicd stack, not rebuilt here.
 *
 * iam-simulate's strict engine drops context keys that AWS's service authorization reference does not list
 * for sts:AssumeRoleWithWebIdentity, and that list has GitHub's `:ref`, `:environment`... but not the
 * generic `<provider>:aud` and `<provider>:sub` keys the IAM User Guide documents for every OIDC provider
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif).
 * So these cases run the engine without that filter (`runUnsafeSimulation`), whose only gap is a missing
 * policy name, supplied by the mock below.
 */
jest.mock('@cloud-copilot/iam-policy', () => {
  const actual = jest.requireActual('@cloud-copilot/iam-policy');
  return { ...actual, loadPolicy: (p: unknown, m?: unknown) => actual.loadPolicy(p, m ?? { name: 'TrustPolicy' }) };
});
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import { Template } from 'aws-cdk-lib/assertions';
import { decide, type Decision } from '../../../policy-simulator';
import { buildApp, defaultRawConfig, parseRaw } from '../../../helpers';
import { cicdNames } from '../../../../lib/names';

const REPO = 'acme/secure-landing-zone';
const ENV = 'landing-zone-deploy';
const raw = defaultRawConfig();
raw.cicd = { repository: REPO, deployEnvironment: ENV };
const config = parseRaw(raw);
const names = cicdNames(config);
const { lz } = buildApp(config, { checks: false });
const template = Template.fromStack(lz.cicd!).toJSON();
const roles = Object.values(template.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::IAM::Role');
const trustOf = (roleName: string) => {
  const doc = roles.find((r) => r.Properties.RoleName === roleName).Properties.AssumeRolePolicyDocument;
  // The Federated principal is the provider's Ref; IAM names a provider after its URL host.
  return JSON.parse(JSON.stringify(doc).replace(/\{"Ref":"[A-Za-z0-9]+"\}/g, JSON.stringify(names.providerArn)));
};

/** The claims GitHub puts in the token a job requests (`aud` from configure-aws-credentials). */
function claims(sub: string, aud = 'sts.amazonaws.com'): Record<string, string> {
  return { 'token.actions.githubusercontent.com:sub': sub, 'token.actions.githubusercontent.com:aud': aud };
}

/** sts:AssumeRoleWithWebIdentity as configure-aws-credentials calls it: the provider is the principal. */
function assumeWithToken(roleName: string, context: Record<string, string>): Decision {
  const roleArn = `arn:aws:iam::${names.account}:role/${roleName}`;
  return runUnsafeSimulation(
    {
      request: {
        principal: names.providerArn,
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: { resource: roleArn, accountId: names.account },
        contextVariables: context,
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: trustOf(roleName),
    } as any,
    {},
  ) as unknown as Decision;
}

// Subject formats: https://docs.github.com/en/actions/reference/security/oidc ("Example subject claims":
// environment `repo:ORG/REPO:environment:NAME`, pull_request `repo:ORG/REPO:pull_request`, branch
// `repo:ORG/REPO:ref:refs/heads/NAME`, tag `repo:ORG/REPO:ref:refs/tags/NAME`). A job that names an
// environment gets the environment subject whatever its event; a pull_request job without one gets
// `pull_request`, whether its branch lives in this repository or not.
const cases: Array<[string, string, Record<string, string>, Decision]> = [
  // Deploy role.
  ['the deploy job on main in the protected environment', names.deployRoleName, claims(`repo:${REPO}:environment:${ENV}`), 'Allowed'],
  ['a push to main outside the environment', names.deployRoleName, claims(`repo:${REPO}:ref:refs/heads/main`), 'ImplicitlyDenied'],
  ['a push to another branch', names.deployRoleName, claims(`repo:${REPO}:ref:refs/heads/feature`), 'ImplicitlyDenied'],
  ['a pushed tag', names.deployRoleName, claims(`repo:${REPO}:ref:refs/tags/v1.0.0`), 'ImplicitlyDenied'],
  ['a pull request from a branch of this repository', names.deployRoleName, claims(`repo:${REPO}:pull_request`), 'ImplicitlyDenied'],
  ['a job in another environment of this repository', names.deployRoleName, claims(`repo:${REPO}:environment:staging`), 'ImplicitlyDenied'],
  ['the same environment name in another repository', names.deployRoleName, claims(`repo:mallory/secure-landing-zone:environment:${ENV}`), 'ImplicitlyDenied'],
  // A fork is another repository: its own workflows carry its own name in the subject.
  ['a workflow in a fork of the repository', names.deployRoleName, claims(`repo:mallory-fork/secure-landing-zone:environment:${ENV}`), 'ImplicitlyDenied'],
  ['the environment job with another audience', names.deployRoleName, claims(`repo:${REPO}:environment:${ENV}`, 'https://github.com/acme'), 'ImplicitlyDenied'],
  ['the environment job without an audience claim', names.deployRoleName, { 'token.actions.githubusercontent.com:sub': `repo:${REPO}:environment:${ENV}` }, 'ImplicitlyDenied'],
  ['a subject that only starts like the environment one', names.deployRoleName, claims(`repo:${REPO}:environment:${ENV}-old`), 'ImplicitlyDenied'],
  // Diff role.
  ['a pull request from a branch of this repository (diff)', names.diffRoleName, claims(`repo:${REPO}:pull_request`), 'Allowed'],
  ['a pull request workflow in another repository (diff)', names.diffRoleName, claims('repo:mallory/secure-landing-zone:pull_request'), 'ImplicitlyDenied'],
  ['a push to main (diff)', names.diffRoleName, claims(`repo:${REPO}:ref:refs/heads/main`), 'ImplicitlyDenied'],
  ['the deploy environment job (diff)', names.diffRoleName, claims(`repo:${REPO}:environment:${ENV}`), 'ImplicitlyDenied'],
  ['a pull request with another audience (diff)', names.diffRoleName, claims(`repo:${REPO}:pull_request`, 'https://github.com/acme'), 'ImplicitlyDenied'],
];

describe('GitHub delivery roles: trust evaluated with the claims GitHub sends', () => {
  test.each(cases)('%s: %s', (_name, roleName, context, expected) => {
    expect(assumeWithToken(roleName, context)).toBe(expected);
  });

  test('a job of another branch that names the environment gets its subject: only GitHub’s deployment-branch rule stops it', () => {
    // GitHub puts no ref into an environment subject, so AWS cannot tell main from another branch here; the
    // environment must allow deployments from main only (docs/delivery.md). This case pins that reliance.
    expect(assumeWithToken(names.deployRoleName, claims(`repo:${REPO}:environment:${ENV}`))).toBe('Allowed');
  });

  test('pull requests from forks get no token at all, so the diff role never sees them', () => {
    // GitHub grants `id-token` only as write or none, and a pull_request run from a fork gets a read-only
    // GITHUB_TOKEN (https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token):
    // the fork's job cannot request an OIDC token. The workflow also skips the diff job for forks.
    const workflow = require('fs').readFileSync(require('path').join(__dirname, '../../../../.github/workflows/pr-check.yml'), 'utf8');
    expect(workflow).toContain('github.event.pull_request.head.repo.full_name == github.repository');
  });
});

describe('GitHub delivery roles: what each role may do', () => {
  const policies = Object.values(template.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::IAM::ManagedPolicy');
  const policyOf = (roleName: string) => {
    const logicalId = Object.entries(template.Resources as Record<string, any>).find(
      ([, r]) => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName === roleName,
    )![0];
    return policies.find((p) => p.Properties.Roles.some((r: any) => r.Ref === logicalId)).Properties.PolicyDocument;
  };
  const role = (name: string) => `arn:aws:iam::${names.account}:role/${name}`;
  const assume = (roleName: string, target: string) =>
    decide(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${names.account}:root` }, Action: 'sts:AssumeRole' }] },
      {
        principal: role(roleName),
        action: 'sts:AssumeRole',
        resource: target,
        resourceAccount: target.split(':')[4],
        identityStatements: policyOf(roleName).Statement,
      },
    );
  // The bootstrap roles' trust (aws-cdk bootstrap-template.yaml) admits the accounts passed with `--trust`:
  // modelled as the management account root, so only the delivery role's own policy decides.
  test.each([
    ['deploy', names.deployRoleName, 'arn:aws:iam::333333333333:role/cdk-slz-deploy-role-333333333333-eu-west-1', 'Allowed'],
    ['deploy', names.deployRoleName, 'arn:aws:iam::333333333333:role/cdk-slz-file-publishing-role-333333333333-eu-west-1', 'Allowed'],
    ['deploy', names.deployRoleName, 'arn:aws:iam::222222222222:role/cdk-slz-deploy-role-222222222222-eu-central-1', 'Allowed'],
    // Not the execution role (the deploy role passes it), not another qualifier, not an ungoverned region.
    ['deploy', names.deployRoleName, 'arn:aws:iam::333333333333:role/cdk-slz-cfn-exec-role-333333333333-eu-west-1', 'ImplicitlyDenied'],
    ['deploy', names.deployRoleName, 'arn:aws:iam::333333333333:role/cdk-hnb659fds-deploy-role-333333333333-eu-west-1', 'ImplicitlyDenied'],
    ['deploy', names.deployRoleName, 'arn:aws:iam::333333333333:role/cdk-slz-deploy-role-333333333333-us-east-1', 'ImplicitlyDenied'],
    ['deploy', names.deployRoleName, 'arn:aws:iam::333333333333:role/LandingZoneBreakGlass', 'ImplicitlyDenied'],
    // The diff role reads through the lookup roles and cannot deploy.
    ['diff', names.diffRoleName, 'arn:aws:iam::333333333333:role/cdk-slz-lookup-role-333333333333-eu-west-1', 'Allowed'],
    ['diff', names.diffRoleName, 'arn:aws:iam::333333333333:role/cdk-slz-deploy-role-333333333333-eu-west-1', 'ImplicitlyDenied'],
    ['diff', names.diffRoleName, 'arn:aws:iam::333333333333:role/cdk-slz-file-publishing-role-333333333333-eu-west-1', 'ImplicitlyDenied'],
    ['diff', names.diffRoleName, 'arn:aws:iam::333333333333:role/cdk-slz-cfn-exec-role-333333333333-eu-west-1', 'ImplicitlyDenied'],
  ])('the %s role assuming %s: %s', async (_kind, roleName, target, expected) => {
    expect(await assume(roleName, target)).toBe(expected);
  });

  test('each policy allows sts:AssumeRole and nothing else', () => {
    for (const name of [names.deployRoleName, names.diffRoleName]) {
      const statements = policyOf(name).Statement;
      expect(statements.map((s: any) => [s.Effect, s.Action])).toEqual([['Allow', 'sts:AssumeRole']]);
      expect(JSON.stringify(statements)).not.toContain('*');
    }
  });
});
