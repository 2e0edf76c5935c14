import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { BreakGlassAlarm, breakGlassPattern } from '../../../../lib/constructs/logging/break-glass-alarm';

function build(roleName: string) {
  const stack = new Stack();
  new BreakGlassAlarm(stack, 'BreakGlass', { logGroup: new LogGroup(stack, 'Logs'), topic: new Topic(stack, 'Topic'), roleName });
  return Template.fromStack(stack);
}

test('every AssumeRole of the break-glass role, in any account, raises an alarm to the topic', () => {
  const template = build('LandingZoneBreakGlass');
  template.hasResourceProperties('AWS::Logs::MetricFilter', {
    FilterPattern:
      '{ ($.eventSource = "sts.amazonaws.com") && ($.eventName = "AssumeRole") && ($.requestParameters.roleArn = "*:role/LandingZoneBreakGlass") }',
  });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    AlarmActions: [{ Ref: Match.stringLikeRegexp('^Topic') }],
  });
});

test('the pattern names the role exactly as configured', () => {
  expect(breakGlassPattern('Ops-Emergency')).toContain('"*:role/Ops-Emergency"');
});

test('a role name IAM would reject is refused with the prop named', () => {
  expect(() => build('bad role')).toThrow(/roleName: "bad role" is not an IAM role name/);
});
