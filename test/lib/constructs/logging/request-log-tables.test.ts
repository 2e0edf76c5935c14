import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  ALB_ACCESS_LOG_COLUMNS,
  ALB_ACCESS_LOG_REGEX,
  RequestLogTables,
  S3_ACCESS_LOG_COLUMNS,
  S3_ACCESS_LOG_REGEX,
} from '../../../../lib/constructs/logging/request-log-tables';

const stack = new Stack(new App(), 'S', { env: { account: '222222222222', region: 'eu-west-1' } });
new RequestLogTables(stack, 'Tables', {
  databaseName: 'acme_logs',
  account: '222222222222',
  elbBuckets: [
    { region: 'eu-west-1', bucketName: 'elb-home', tableName: 'elb_access_logs' },
    { region: 'eu-central-1', bucketName: 'elb-fra', tableName: 'elb_access_logs_eu_central_1' },
  ],
  accessLogged: [{ bucketName: 'archive', region: 'eu-west-1', accessLogBucketName: 'access', tableName: 's3_access_logs_archive' }],
  sessionLogs: { bucketName: 'archive', prefix: 'ssm-session-logs', tableName: 'session_logs' },
  startDay: '2025/01/01',
});
const tables = Object.values<any>(Template.fromStack(stack).findResources('AWS::Glue::Table')).map((r) => r.Properties.TableInput);
const named = (n: string) => tables.find((t) => t.Name === n);

/** The object keys a table's projection reads: injected partitions are any one path segment, dates by their format. */
function keyRegex(t: any): RegExp {
  let body = t.Parameters['storage.location.template'].replace(/[.]/g, '\\.');
  for (const k of t.PartitionKeys.map((c: any) => c.Name)) {
    const type = t.Parameters[`projection.${k}.type`];
    body = body.replace(`\${${k}}`, type === 'injected' ? '[^/]+' : t.Parameters[`projection.${k}.format`].replace('yyyy', '\\d{4}').replace(/MM|dd/g, '\\d{2}'));
  }
  return new RegExp(`^${body}/[^/]+$`);
}

/** The columns RegexSerDe fills from a line: group i is column i. */
function parse(regex: string, columns: readonly { name: string }[], line: string): Record<string, string> {
  const m = new RegExp(`^${regex}$`).exec(line);
  expect(m).not.toBeNull();
  return Object.fromEntries(columns.map((c, i) => [c.name, m![i + 1]]));
}

describe('ALB access log tables', () => {
  test('one per region\u2019s ELB bucket, matching SecureLoadBalancer\u2019s documented keys for any account and load balancer', () => {
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html:
    // bucket/prefix/AWSLogs/<account>/elasticloadbalancing/<region>/yyyy/mm/dd/<account>_elasticloadbalancing_<region>_<lb>_<end>_<ip>_<random>.log.gz
    const fra = named('elb_access_logs_eu_central_1');
    expect(fra.Parameters).toMatchObject({ 'projection.lb.type': 'injected', 'projection.account.type': 'injected', 'projection.day.format': 'yyyy/MM/dd' });
    const key = 'elb/c8a1b2c3d4e5/AWSLogs/555555555555/elasticloadbalancing/eu-central-1/2026/03/07/555555555555_elasticloadbalancing_eu-central-1_app.orders.50dc6c495c0c9188_20260307T0940Z_10.0.0.1_a1b2.log.gz';
    expect(`s3://elb-fra/${key}`).toMatch(keyRegex(fra));
    expect(`s3://elb-fra/${key.replace('eu-central-1/2026', 'eu-west-1/2026')}`).not.toMatch(keyRegex(fra));
    expect(`s3://elb-home/${key.replace(/eu-central-1/g, 'eu-west-1')}`).toMatch(keyRegex(named('elb_access_logs')));
  });

  test('the documented regex reads the documented HTTP entry into the documented columns', () => {
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html#access-log-entry-examples
    // (the HTTP example; its newest trailing fields fall into the regex's catch-all group)
    const entry =
      'http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 ' +
      '"GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 ' +
      '"Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2018-07-02T22:22:48.364000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-" TID_1234abcd5678ef90 "-" "-" "-"';
    const row = parse(ALB_ACCESS_LOG_REGEX, ALB_ACCESS_LOG_COLUMNS, entry);
    expect(row).toMatchObject({
      type: 'http', client_ip: '192.168.131.39', client_port: '2817', target_ip: '10.0.0.1', elb_status_code: '200', request_verb: 'GET',
      request_url: 'http://www.example.com:80/', user_agent: 'curl/7.46.0', actions_executed: 'forward', target_status_code_list: '200', conn_trace_id: 'TID_1234abcd5678ef90',
    });
    const t = named('elb_access_logs');
    expect(t.StorageDescriptor.SerdeInfo).toEqual({ SerializationLibrary: 'org.apache.hadoop.hive.serde2.RegexSerDe', Parameters: { 'serialization.format': '1', 'input.regex': ALB_ACCESS_LOG_REGEX } });
    expect(t.StorageDescriptor.Columns.map((c: any) => c.Name)).toEqual(ALB_ACCESS_LOG_COLUMNS.map((c) => c.name));
  });
});

describe('S3 server access log tables', () => {
  test('match the date-partitioned key format of the logged bucket only', () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PartitionedPrefix.html:
    // [DestinationPrefix][SourceAccountId]/[SourceRegion]/[SourceBucket]/[YYYY]/[MM]/[DD]/[YYYY]-[MM]-[DD]-[hh]-[mm]-[ss]-[UniqueString]
    const re = keyRegex(named('s3_access_logs_archive'));
    expect('s3://access/archive/222222222222/eu-west-1/archive/2026/03/07/2026-03-07-00-00-00-A1B2C3D4E5F6A7B8').toMatch(re);
    expect('s3://access/config/222222222222/eu-west-1/config/2026/03/07/2026-03-07-00-00-00-A1B2C3D4E5F6A7B8').not.toMatch(re);
    expect('s3://access/archive/2026-03-07-09-40-00-A1B2C3D4E5F6A7B8').not.toMatch(re);
  });

  test('the documented regex reads the documented record into the documented columns', () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/LogFormat.html (example log record)
    const record =
      '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be amzn-s3-demo-bucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 ' +
      '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /amzn-s3-demo-bucket1?versioning HTTP/1.1" ' +
      '200 - 113 - 7 - "-" "S3Console/0.4" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 ' +
      'AuthHeader amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com TLSV1.2 arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP Yes';
    const row = parse(S3_ACCESS_LOG_REGEX, S3_ACCESS_LOG_COLUMNS, record);
    expect(row).toMatchObject({
      bucket_name: 'amzn-s3-demo-bucket1', requestdatetime: '06/Feb/2019:00:00:38 +0000', remoteip: '192.0.2.3', operation: 'REST.GET.VERSIONING',
      httpstatus: '200', bytessent: '113', useragent: '"S3Console/0.4"', sigv: 'SigV4', tlsversion: 'TLSV1.2', aclrequired: 'Yes',
    });
    // Records from before the later fields were added still parse (the optional group).
    expect(parse(S3_ACCESS_LOG_REGEX, S3_ACCESS_LOG_COLUMNS, record.split(' s9lz')[0]).operation).toBe('REST.GET.VERSIONING');
  });
});

describe('Session Manager transcripts', () => {
  test('one row per line under each account\u2019s prefix, the account injected (there are no date folders)', () => {
    const t = named('session_logs');
    expect(t.PartitionKeys).toEqual([{ Name: 'account', Type: 'string' }]);
    expect(t.Parameters).toMatchObject({ 'projection.account.type': 'injected', 'storage.location.template': 's3://archive/ssm-session-logs/${account}' });
    expect(t.StorageDescriptor.Columns).toEqual([{ Name: 'line', Type: 'string' }]);
    expect(t.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe');
    expect('s3://archive/ssm-session-logs/555555555555/alice-0a1b2c3d4e5f67890.log').toMatch(keyRegex(t));
  });
});
