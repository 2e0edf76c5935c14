import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { OptOut } from '../../../constructs/core/opt-out';
import { SecureQueue } from '../../../constructs/messaging/secure-queue';
import { allPacksCheckedStack, nagErrors, optOutsIn, TEST_ENV } from '../nag';

const REASON = 'This queue is the dead-letter queue of the orders queue in the api stack';

describe('SecureQueue', () => {
  test('is nag-clean under AwsSolutions and NIST 800-53 R5, also with its dead-letter queue opted out', () => {
    const { app, stack } = allPacksCheckedStack();
    new SecureQueue(stack, 'Jobs');
    new SecureQueue(stack, 'Dlq', { optOuts: { deadLetterQueue: OptOut.because(REASON) } });
    expect(nagErrors(app)).toEqual([]);
  });

  test('encrypts both queues with one rotating customer-managed key and dead-letters after 5 receives', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    new SecureQueue(stack, 'Jobs');
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SQS::Queue', 2);
    t.allResourcesProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.objectLike({ 'Fn::GetAtt': [Match.stringLikeRegexp('^JobsKey'), 'Arn'] }) });
    t.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: Match.anyValue() } });
    t.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 1209600 });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
  });

  test('denies requests without TLS on the queue and the dead-letter queue', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    new SecureQueue(stack, 'Jobs');
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SQS::QueuePolicy', 2);
    t.allResourcesProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('records the dead-letter-queue opt-out with its reason', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    new SecureQueue(stack, 'Dlq', { optOuts: { deadLetterQueue: OptOut.because(REASON) } });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SQS::Queue', 1);
    expect(Object.values(optOutsIn(t))).toEqual([[{ control: 'deadLetterQueue', reason: REASON }]]);
  });

  test('fails the synth when the queue policy allows anyone without a narrowing condition', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    const q = new SecureQueue(stack, 'Jobs');
    q.queue.addToResourcePolicy(new iam.PolicyStatement({ sid: 'Open', actions: ['sqs:SendMessage'], principals: [new iam.AnyPrincipal()], resources: [q.queue.queueArn] }));
    expect(() => Template.fromStack(stack)).toThrow(/Jobs queue policy: statement "Open" allows principal "\*" \(allowed: a named principal, or "\*" narrowed by one of aws:SourceArn/);
  });

  test('accepts anyone narrowed to a source ARN (a topic subscription)', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    const q = new SecureQueue(stack, 'Jobs');
    q.queue.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['sqs:SendMessage'],
        principals: [new iam.AnyPrincipal()],
        resources: [q.queue.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111111111111:orders' } },
      }),
    );
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test.each([
    [{ maxReceiveCount: 0 }, /maxReceiveCount: 0 is not allowed \(allowed: a whole number from 1 to 1000\)/],
    [{ optOuts: { deadLetterQueue: { reason: '' } } }, /optOuts\.deadLetterQueue\.reason: "" is not a reason/],
    [{ queueName: 'jobs.fifo', fifo: false }, /queueName: "jobs\.fifo" ends in \.fifo but fifo is false/],
  ])('rejects bad props with a message naming the prop, the value and what is allowed (%#)', (props, message) => {
    expect(() => new SecureQueue(new Stack(), 'Q', props)).toThrow(message);
  });
});
