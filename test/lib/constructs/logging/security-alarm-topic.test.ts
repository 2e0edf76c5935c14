import { Stack } from 'aws-cdk-lib';
import { createApp } from '../../../../lib/app';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SecurityAlarmTopic } from '../../../../lib/constructs/logging/security-alarm-topic';

test('CloudWatch alarms of this account may use the topic key; the topic is encrypted and subscribed', () => {
  const stack = new Stack(createApp(), 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
  new SecurityAlarmTopic(stack, 'Topic', { topicName: 'alarms', keyAlias: 'alias/acme/security-alarms', email: 'sec@example.com' });
  const t = Template.fromStack(stack);
  t.hasResourceProperties('AWS::KMS::Key', {
    EnableKeyRotation: true,
    KeyPolicy: {
      Statement: Match.arrayWith([
        Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
      ]),
    },
  });
  t.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'alarms', KmsMasterKeyId: Match.anyValue() });
  // The topic policy replaces SNS's default one: CloudWatch alarms of this account must be granted explicitly.
  t.hasResourceProperties('AWS::SNS::TopicPolicy', {
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({
          Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' },
          Condition: { ArnLike: { 'aws:SourceArn': Match.stringLikeRegexp(':cloudwatch:eu-west-1:111111111111:alarm:\\*$') } },
        }),
      ]),
    },
  });
  t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'sec@example.com' });
});
