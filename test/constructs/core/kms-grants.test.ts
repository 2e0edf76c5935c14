import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { GRANTS_FOR_AWS_SERVICES_ONLY_SID, LimitKeyGrantsToAwsServices, newKeyWithServiceGrantsOnly } from '../../../constructs/core/kms-grants';
import { SecureQueue } from '../../../constructs/messaging/secure-queue';

// The statement AWS Control Tower CT.KMS.PR.3 / CT.KMS.PV.1 requires, as its page writes it:
// https://docs.aws.amazon.com/controltower/latest/controlreference/ct-kms-pv-1.html
test('every key below the aspect denies CreateGrant unless an AWS service asks, once per key', () => {
  const stack = new Stack();
  new Key(stack, 'A');
  new Key(stack, 'B');
  LimitKeyGrantsToAwsServices.applyTo(stack);
  const template = Template.fromStack(stack);
  const keys = template.findResources('AWS::KMS::Key');
  expect(Object.keys(keys)).toHaveLength(2);
  for (const key of Object.values<any>(keys)) {
    const denies = key.Properties.KeyPolicy.Statement.filter((s: any) => s.Sid === GRANTS_FOR_AWS_SERVICES_ONLY_SID);
    expect(denies).toEqual([
      {
        Sid: GRANTS_FOR_AWS_SERVICES_ONLY_SID,
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      },
    ]);
  }
  template.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Allow' })]) } });
});

test('a key the product constructs create carries the deny once, with its own props', () => {
  const stack = new Stack();
  newKeyWithServiceGrantsOnly(stack, 'Direct', { enableKeyRotation: true, description: 'direct' });
  new SecureQueue(stack, 'Jobs');
  const keys = Object.values<any>(Template.fromStack(stack).findResources('AWS::KMS::Key'));
  expect(keys).toHaveLength(2);
  for (const key of keys) {
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement.filter((s: any) => s.Sid === GRANTS_FOR_AWS_SERVICES_ONLY_SID)).toHaveLength(1);
  }
});
