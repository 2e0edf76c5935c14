import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { CIS_METRIC_FILTERS, CisAlarms, eventNamePattern } from '../../../../lib/constructs/logging/cis-alarms';

test('eventNamePattern builds the CloudWatch Logs OR-list, optionally scoped to one event source', () => {
  expect(eventNamePattern(['A', 'B'])).toBe('{ ($.eventName = A) || ($.eventName = B) }');
  expect(eventNamePattern(['A'], 'kms.amazonaws.com')).toBe('{ ($.eventSource = kms.amazonaws.com) && (($.eventName = A)) }');
});

test('a product team can reuse the alarms on its own log group, namespace and subset of controls', () => {
  const stack = new Stack(new App(), 'S');
  new CisAlarms(stack, 'Cis', {
    logGroup: new LogGroup(stack, 'Logs'),
    topic: new Topic(stack, 'Topic'),
    namespace: 'Team/CIS',
    filters: CIS_METRIC_FILTERS.filter((f) => f.control === '4.3'),
  });
  const t = Template.fromStack(stack);
  t.resourceCountIs('AWS::Logs::MetricFilter', 1);
  t.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'Team/CIS', MetricName: 'RootAccountUsage', AlarmName: 'CIS-4.3-RootAccountUsage' });
});
