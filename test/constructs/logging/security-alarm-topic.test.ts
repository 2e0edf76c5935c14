import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SecurityAlarmTopic } from '../../../constructs/logging/security-alarm-topic';

test('CloudWatch alarms of this account may use the topic key; the topic is encrypted and subscribed', () => {
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
  new SecurityAlarmTopic(stack, 'Topic', { topicName: 'alarms', keyAlias: 'alias/acme/security-alarms', email: 'sec@example.com' });
  const t = Template.fromStack(stack);
  t.hasResourceProperties('AWS::KMS::Key', {
    EnableKeyRotation: true,
    KeyPolicy: {
      Statement: Match.arrayWith([
        Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } }),
      ]),
    },
  });
  t.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'alarms', KmsMasterKeyId: Match.anyValue() });
  t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'sec@example.com' });
});
