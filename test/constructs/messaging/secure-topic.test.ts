import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { SecureQueue } from '../../../constructs/messaging/secure-queue';
import { SecureTopic } from '../../../constructs/messaging/secure-topic';
import { allPacksCheckedStack, nagErrors, TEST_ENV } from '../nag';

describe('SecureTopic', () => {
  test('is nag-clean under AwsSolutions and NIST 800-53 R5 with a queue subscribed', () => {
    const { app, stack } = allPacksCheckedStack();
    const topic = new SecureTopic(stack, 'Events');
    const jobs = new SecureQueue(stack, 'Jobs');
    topic.topic.addSubscription(new subs.SqsSubscription(jobs.queue, { deadLetterQueue: jobs.deadLetterQueue }));
    expect(nagErrors(app)).toEqual([]);
  });

  test('encrypts with a rotating customer-managed key, signs with SHA256 and denies publishing without TLS', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    new SecureTopic(stack, 'Events');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue(), SignatureVersion: '2' });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('fails the synth when the topic policy allows anyone without a narrowing condition', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    const t = new SecureTopic(stack, 'Events');
    t.topic.addToResourcePolicy(new iam.PolicyStatement({ sid: 'Open', actions: ['sns:Publish'], principals: [new iam.AnyPrincipal()], resources: [t.topic.topicArn] }));
    expect(() => Template.fromStack(stack)).toThrow(/Events topic policy: statement "Open" allows principal "\*"/);
  });
});
