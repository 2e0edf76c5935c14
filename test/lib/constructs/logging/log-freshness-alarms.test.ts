import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LogFreshnessAlarms } from '../../../../lib/constructs/logging/log-freshness-alarms';
import { LOG_SOURCES, type LogSourceEntry, logSource, maxSilenceHours } from '../../../../lib/constructs/logging/log-source-catalogue';
import { logArchiveNames, regionalLogArchiveNames } from '../../../../lib/names';
import { buildApp, defaultConfig, defaultRawConfig, parseRaw } from '../../../helpers';
import { logSilenceShardOf } from '../../../../lib/stacks/log-silence-stack';

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

describe('silence is an alarm for every source in LOG_SOURCES', () => {
  const config = defaultConfig();
  // One environment with an egress firewall, so its alerts are watched too.
  const firstEnv = Object.keys(config.network)[0];
  (config.network[firstEnv] as any).firewall = { allowedDomains: ['.amazonaws.com'], suricataRules: [] };
  const names = logArchiveNames(config);
  const { lz } = buildApp(config, { checks: false });
  const template = Template.fromStack(lz.logArchive);
  const alarmsOf = (stack: Stack) => Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties);
  const all = [lz.logArchive, ...lz.logSilence, ...lz.elbLogArchives].flatMap((st) => alarmsOf(st).map((a) => ({ ...a, region: st.region })));
  const accountOf = (name: string) => config.accounts.find((a) => a.name === name)!.id!;
  const envs = Object.values(config.network);

  /** The alarms each row promises: one, or one per network account (with the feature on), or one per governed region. */
  function expectedAlarms(e: LogSourceEntry): string[] {
    if ('none' in e.silence) return [];
    const base = `LZ-LogSilence-${e.id}`;
    if (e.silence.per === 'region') return config.organization.governedRegions.map((r) => `${base}-${r}`);
    if (e.silence.per !== 'account') return [base];
    const on = envs.filter((env) => (e.id === 'FirewallAlerts' ? env.firewall !== undefined : e.id === 'ResolverQueryLogs' ? env.resolverQueryLogging : true));
    return [...new Set(on.map((env) => `${base}-${accountOf(env.account)}`))];
  }

  test('every row has an alarm or says why its silence is no signal', () => {
    for (const e of LOG_SOURCES) {
      if ('none' in e.silence) expect(e.silence.none.length).toBeGreaterThan(40);
      else expect(expectedAlarms(e).length).toBeGreaterThan(0);
    }
    // The brief's sources: each is a row.
    for (const id of ['CloudTrail', 'Config', 'FlowLogs', 'ResolverQueryLogs', 'GuardDutyExport', 'ElbAccessLogs', 'ArchiveAccessLogs', 'SessionLogs', 'FirewallAlerts']) {
      expect(LOG_SOURCES.map((e) => e.id)).toContain(id);
    }
    expect('none' in logSource('SessionLogs').silence).toBe(true);
  });

  test('the synthesized alarms are exactly the rows\u2019 alarms, each over the row\u2019s silence and routed to the security topic', () => {
    expect(all.map((a) => a.AlarmName).sort()).toEqual(LOG_SOURCES.flatMap(expectedAlarms).sort());
    expect(all.map((a) => a.AlarmName)).toContain(`LZ-LogSilence-FirewallAlerts-${accountOf(config.network[firstEnv].account)}`);
    for (const a of all) {
      const row = LOG_SOURCES.find((e) => expectedAlarms(e).includes(a.AlarmName))!;
      expect(a.Period * a.EvaluationPeriods).toBe(maxSilenceHours(row.id) * 3600);
      expect(a.TreatMissingData).toBe('breaching');
      expect(a.AlarmActions).toHaveLength(1);
      expect(a.OKActions).toEqual(a.AlarmActions);
    }
  });

  test('each region\u2019s ELB bucket is watched in its own region, notifying that region\u2019s security topic', () => {
    for (const st of lz.elbLogArchives) {
      const t = Template.fromStack(st);
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `LZ-LogSilence-ElbAccessLogs-${st.region}`,
        Dimensions: Match.arrayWith([{ Name: 'FilterId', Value: `ElbAccessLogs-${st.region}` }]),
      });
      // The whole bucket (it holds only load balancer logs): a metrics filter without a prefix.
      t.hasResourceProperties('AWS::S3::Bucket', {
        BucketName: regionalLogArchiveNames(config, st.region).elbLogBucketName,
        MetricsConfigurations: [{ Id: `ElbAccessLogs-${st.region}` }],
      });
      t.hasResourceProperties('AWS::SNS::Topic', { TopicName: `${config.organization.name}-security-alarms` });
      t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: config.security.notificationEmail });
    }
  });

  test('S3 access logs are watched under their date-partitioned prefix', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: names.accessLogBucketName,
      MetricsConfigurations: Match.arrayWith([{ Id: 'ConfigAccessLogs', Prefix: `${names.configBucketName}/${names.account}/${names.region}/${names.configBucketName}/` }]),
    });
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

describe('the network accounts\' silence alarms live in stable shards, not in the log archive stack', () => {
  const config = defaultConfig();
  const { lz } = buildApp(config, { checks: false });
  const alarmNames = (st: Stack) => Object.values<any>(Template.fromStack(st).findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties.AlarmName as string);

  test('each account\'s alarms sit in the shard its ID hashes to; the archive keeps their metrics filters and only the fixed sources\' alarms', () => {
    expect(alarmNames(lz.logArchive).filter((n) => /-(\d{12})$/.test(n))).toEqual([]);
    for (const st of lz.logSilence) {
      const shard = Number(/log-silence-(\d+)-/.exec(st.stackName)![1]);
      for (const n of alarmNames(st)) expect(logSilenceShardOf(/(\d{12})$/.exec(n)![1])).toBe(shard);
      expect(st.dependencies).toContain(lz.logArchive);
    }
    const filters = (Template.fromStack(lz.logArchive).toJSON().Resources as Record<string, any>);
    const archive = Object.values(filters).find((r: any) => r.Properties?.BucketName === logArchiveNames(config).bucketName) as any;
    const ids = (archive.Properties.MetricsConfigurations ?? []).map((m: any) => m.Id);
    for (const st of lz.logSilence) for (const n of alarmNames(st)) expect(ids).toContain(n.replace('LZ-LogSilence-', ''));
  });

  test('adding a network account never moves another account\'s alarms', () => {
    const before = Object.fromEntries(lz.logSilence.flatMap((st) => alarmNames(st).map((n) => [n, st.stackName])));
    const raw = defaultRawConfig();
    raw.accounts.push({ name: 'extra', id: '555555555555', email: 'extra@example.com', ou: 'Sandbox' });
    raw.network.extra = { ...raw.network.demo, account: 'extra', cidr: '10.60.0.0/20' };
    const grown = buildApp(parseRaw(raw), { checks: false }).lz;
    const after = Object.fromEntries(grown.logSilence.flatMap((st) => alarmNames(st).map((n) => [n, st.stackName])));
    for (const [alarm, stackName] of Object.entries(before)) expect(after[alarm]).toBe(stackName);
    expect(Object.keys(after)).toContain('LZ-LogSilence-FlowLogs-555555555555');
  });
});
