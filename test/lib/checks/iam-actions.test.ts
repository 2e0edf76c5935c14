import { Stack } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-organizations';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { actionProblem, actionsIn, iamActionExistsRule, policiesIn } from '../../../lib/checks/iam-actions';
import { buildApp } from '../../helpers';

describe('actionProblem', () => {
  test.each(['s3:GetObject', 'S3:getobject', 's3:Get*', 'ec2:Describe?egions', 'iam:*', '*', 'detective:ListOrganizationAdminAccount'])('accepts %s', (a) => {
    expect(actionProblem(a)).toBeUndefined();
  });

  test.each([
    ['s3:GetObjekt', /"s3:GetObjekt" is not a s3 action/],
    ['detective:ListOrganizationAdminAccounts', /is not a detective action/],
    ['cloudtrial:StopLogging', /no service prefix "cloudtrial"/],
    ['s3:Gett*', /"s3:Gett\*" matches no s3 action/],
    ['StopLogging', /not of the form service:Action/],
  ])('rejects %s', (a, message) => {
    expect(actionProblem(a)).toMatch(message);
  });
});

describe('LZ-IamActionExists', () => {
  test('reads Action and NotAction from SCP content, role inline policies and trust policies', () => {
    const template = {
      Resources: {
        Scp: { Type: 'AWS::Organizations::Policy', Properties: { Name: 'scp', Content: { Statement: [{ Effect: 'Deny', NotAction: ['iam:*', 'sts:Nope'] }] } } },
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: { Statement: { Effect: 'Allow', Action: 'sts:AssumeRole' } },
            Policies: [{ PolicyName: 'inline', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObjekt' }] } }],
          },
        },
      },
    };
    expect(policiesIn(template).map((p) => p.label)).toEqual(['scp', 'trust policy', 'inline']);
    expect(actionsIn(template.Resources.Scp.Properties.Content)).toEqual(['iam:*', 'sts:Nope']);
    const findings = iamActionExistsRule.check([{ stackPath: 'S', templatePath: '', template }]);
    expect(findings.map((f) => `${f.logicalId}: ${f.message}`)).toEqual([
      'Scp: policy "scp": "sts:Nope" is not a sts action',
      'Role: policy "inline": "s3:GetObjekt" is not a s3 action',
    ]);
  });

  test('a misspelled action in an SCP fails app.synth() naming the stack, the policy and the action', () => {
    const { app, lz } = buildApp();
    new CfnPolicy(lz.organization, 'Typo', {
      name: 'typo-scp',
      type: 'SERVICE_CONTROL_POLICY',
      content: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'cloudtrail:StopLoging', Resource: '*' }] },
    });
    expect(() => app.synth()).toThrow(
      /acme-organization-management-eu-west-1\/Typo: policy "typo-scp": "cloudtrail:StopLoging" is not a cloudtrail action[\s\S]*LZ-IamActionExists/,
    );
  });

  test('a misspelled action in an IAM policy fails the synth too', () => {
    const { app, lz } = buildApp();
    new ManagedPolicy(lz.organization as Stack, 'Reader', {
      managedPolicyName: 'reader',
      statements: [new PolicyStatement({ actions: ['s3:ListBuckets'], resources: ['arn:aws:s3:::x'] })],
    });
    expect(() => app.synth()).toThrow(/policy "reader": "s3:ListBuckets" is not a s3 action/);
  });
});
