import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SecureFunction } from '../../../constructs/compute/secure-function';
import { ENI_ACTIONS } from '../../../constructs/core/managed-policy-role';
import { SecureQueue } from '../../../constructs/messaging/secure-queue';
import { allPacksCheckedStack, nagErrors, testStack, tieredVpcFixture } from '../nag';

function api(stack: Stack, props: Partial<ConstructorParameters<typeof SecureFunction>[2]> = {}): SecureFunction {
  return new SecureFunction(stack, 'Api', {
    vpc: tieredVpcFixture(stack),
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 204 });'),
    ...props,
  });
}

function rolePolicy(t: Template): any[] {
  const [policy] = Object.values<any>(t.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^ApiRole') }] } }));
  return policy.Properties.PolicyDocument.Statement;
}

describe('SecureFunction', () => {
  test('is nag-clean under AwsSolutions and NIST 800-53 R5 with a queue grant and no acknowledgment from the caller', () => {
    const { app, stack } = allPacksCheckedStack();
    new SecureQueue(stack, 'Jobs').queue.grantSendMessages(api(stack, { environment: { STAGE: 'prod' } }));
    expect(nagErrors(app)).toEqual([]);
  });

  test('its own resources are clean under HIPAA and PCI DSS 3.2.1 too', () => {
    const { app, stack } = allPacksCheckedStack();
    new SecureQueue(stack, 'Jobs').queue.grantSendMessages(api(stack));
    // The VPC fixture has HIPAA/PCI findings of its own (internet-gateway routes of the public tier).
    expect(nagErrors(app).filter((f) => /: Product\/(Api|Jobs)\//.test(f))).toEqual([]);
  });

  test('runs in the app tier with reserved concurrency, a dead-letter queue and an encrypted retained log group', () => {
    const stack = testStack('S');
    api(stack);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 10,
      Timeout: 10,
      MemorySize: 256,
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiDeadLetters'), 'Arn'] } },
      VpcConfig: { SubnetIds: [{ Ref: Match.stringLikeRegexp('^NetworkappSubnet1') }, { Ref: Match.stringLikeRegexp('^NetworkappSubnet2') }], SecurityGroupIds: Match.anyValue() },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^ApiLogs') } },
    });
    t.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: { RetentionInDays: 365, KmsKeyId: Match.anyValue() } });
    t.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
  });

  test('its role holds only a customer-managed policy: network interfaces, its log group, its dead-letter queue and the grants added', () => {
    const stack = testStack('S');
    new SecureQueue(stack, 'Jobs').queue.grantSendMessages(api(stack));
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    const statements = rolePolicy(t);
    expect(statements.filter((s) => s.Resource === '*')).toEqual([expect.objectContaining({ Action: [...ENI_ACTIONS] })]);
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ApiLogs/), 'Arn'] } }),
        expect.objectContaining({ Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Jobs/), 'Arn'] } }),
      ]),
    );
    expect(JSON.stringify(statements)).not.toMatch(/kms:[A-Za-z]+\*/);
  });

  test('passes a code signing config through', () => {
    const stack = testStack('S');
    const signing = lambda.CodeSigningConfig.fromCodeSigningConfigArn(stack, 'Signing', 'arn:aws:lambda:eu-west-1:111111111111:code-signing-config:csc-0123456789abcdef0');
    api(stack, { codeSigningConfig: signing });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { CodeSigningConfigArn: Match.stringLikeRegexp('csc-0123456789abcdef0') });
  });

  test.each([
    [{ reservedConcurrentExecutions: 0 }, /SecureFunction S\/Api: reservedConcurrentExecutions: 0 is not allowed \(allowed: a whole number, at least 1\)/],
    [{ memorySize: 64 }, /memorySize: 64 is not allowed \(allowed: a whole number of MiB from 128 to 10240\)/],
    [{ environment: { STRIPE_SECRET: 'sk_live' } }, /environment\.STRIPE_SECRET: looks like a secret/],
    [{ subnetGroupName: 'public' }, /subnetGroupName: "public" is a public subnet group/],
    [{ subnetGroupName: 'nope' }, /subnetGroupName: the VPC has no subnet group "nope"/],
  ])('rejects bad props with a message naming the prop, the value and what is allowed (%#)', (props, message) => {
    expect(() => api(testStack('S'), props)).toThrow(message);
  });
});
