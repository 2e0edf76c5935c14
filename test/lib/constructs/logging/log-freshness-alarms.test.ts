import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LogFreshnessAlarms } from '../../../../lib/constructs/logging/log-freshness-alarms';
import { logArchiveNames } from '../../../../lib/names';
import { buildApp, defaultConfig } from '../../../helpers';

function fixture(sources: Array<{ id: string; prefix: string; hours: number }>) {
  const stack = new Stack(new App(), 'S', { env: { account: '222222222222', region: 'eu-west-1' } });
  const bucket = new Bucket(stack, 'Archive', { bucketName: 'archive' });
  const topic = new Topic(stack, 'Topic');
  new LogFreshnessAlarms(stack, 'Freshness', {
    topic,
    sources: sources.map((s) => ({ id: s.id, description: s.id, bucket, prefix: s.prefix, maxSilence: Duration.hours(s.hours) })),
  });
  return Template.fromStack(stack);
}

describe('LogFreshnessAlarms', () => {
  test('adds a request-metrics filter on the prefix and alarms when no PutRequests arrived for the interval', () => {
    const t = fixture([{ id: 'FlowLogs-333333333333', prefix: 'AWSLogs/333333333333/vpcflowlogs/', hours: 1 }]);
    t.hasResourceProperties('AWS::S3::Bucket', { MetricsConfigurations: [{ Id: 'FlowLogs-333333333333', Prefix: 'AWSLogs/333333333333/vpcflowlogs/' }] });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'LZ-LogSilence-FlowLogs-333333333333',
      Namespace: 'AWS/S3',
      MetricName: 'PutRequests',
      Dimensions: Match.arrayWith([{ Name: 'FilterId', Value: 'FlowLogs-333333333333' }]),
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      // No data point means no request: a source that stopped (or never started) alarms.
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('Topic') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('Topic') }],
    });
  });

  test('long intervals are evaluated in 6-hour periods, within CloudWatch\u2019s 7-day range', () => {
    const t = fixture([{ id: 'GuardDutyExport', prefix: 'guardduty/', hours: 168 }]);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Period: 21600, EvaluationPeriods: 28 });
  });

  test('rejects an interval outside 1 hour to 7 days and a repeated or invalid ID, naming each', () => {
    expect(() => fixture([{ id: 'A', prefix: 'a/', hours: 200 }])).toThrow(/sources: A: maxSilence 200 hours is not between 1 and 168 hours/);
    expect(() => fixture([{ id: 'A', prefix: 'a/', hours: 1 }, { id: 'A', prefix: 'b/', hours: 1 }])).toThrow(/id "A" is used twice/);
    expect(() => fixture([{ id: 'a b', prefix: 'a/', hours: 1 }])).toThrow(/id "a b" is not 1-64 letters/);
  });
});

describe('the log-archive stack watches every continuous source', () => {
  const config = defaultConfig();
  const names = logArchiveNames(config);
  const template = Template.fromStack(buildApp(config, { checks: false }).lz.logArchive);
  const alarms = Object.values<any>(template.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties.AlarmName as string);

  test('CloudTrail, Config, GuardDuty export, archive access logs, and flow and Resolver logs of each network account', () => {
    const networkAccounts = [...new Set(Object.values(config.network).map((e) => config.accounts.find((a) => a.name === e.account)!.id!))];
    expect(networkAccounts.length).toBeGreaterThan(0);
    expect(alarms.sort()).toEqual(
      [
        'LZ-LogSilence-CloudTrail', 'LZ-LogSilence-Config', 'LZ-LogSilence-GuardDutyExport', 'LZ-LogSilence-ArchiveAccessLogs',
        ...networkAccounts.flatMap((a) => [`LZ-LogSilence-FlowLogs-${a}`, `LZ-LogSilence-ResolverQueryLogs-${a}`]),
      ].sort(),
    );
  });

  test('the CloudTrail filter watches the organization prefix of the archive bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: names.bucketName,
      MetricsConfigurations: Match.arrayWith([{ Id: 'CloudTrail', Prefix: `AWSLogs/${config.organization.id}/` }]),
    });
  });

  test('alarms go to an encrypted security-alarm topic emailing the security contact', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: `${config.organization.name}-security-alarms`, KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: config.security.notificationEmail });
  });
});
