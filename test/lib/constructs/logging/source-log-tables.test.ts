import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SourceLogTables } from '../../../../lib/constructs/logging/source-log-tables';

const stack = new Stack(new App(), 'S', { env: { account: '222222222222', region: 'eu-west-1' } });
new SourceLogTables(stack, 'Tables', {
  databaseName: 'acme_logs',
  bucketName: 'archive',
  guardDutyAdminAccountId: '222222222222',
  guardDutyPrefix: 'guardduty',
  regions: ['eu-west-1', 'eu-central-1'],
  startDay: '2025/01/01',
  names: { resolver: 'resolver_query_logs', guardDuty: 'guardduty_findings', firewall: 'network_firewall_alerts' },
});
const tables = Object.values<any>(Template.fromStack(stack).findResources('AWS::Glue::Table')).map((r) => r.Properties.TableInput);
const named = (n: string) => tables.find((t) => t.Name === n);

describe('SourceLogTables', () => {
  test('partitions are projected as documented for each source; accounts and resources are injected', () => {
    expect(named('resolver_query_logs').PartitionKeys.map((k: any) => k.Name)).toEqual(['account', 'vpc', 'day']);
    expect(named('resolver_query_logs').Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.account.type': 'injected',
      'projection.vpc.type': 'injected',
      'projection.day.type': 'date',
      'projection.day.format': 'yyyy/MM/dd',
      'projection.day.range': '2025/01/01,NOW',
      'storage.location.template': 's3://archive/AWSLogs/${account}/vpcdnsquerylogs/${vpc}/${day}',
    });
    expect(named('guardduty_findings').Parameters).toMatchObject({
      'projection.account.type': 'enum',
      'projection.account.values': '222222222222',
      'projection.region.values': 'eu-west-1,eu-central-1',
      'storage.location.template': 's3://archive/guardduty/AWSLogs/${account}/GuardDuty/${region}/${day}',
    });
    expect(named('network_firewall_alerts').Parameters).toMatchObject({
      'projection.firewall.type': 'injected',
      'projection.hour.format': 'yyyy/MM/dd/HH',
      'projection.hour.range': '2025/01/01/00,NOW',
      'projection.hour.interval.unit': 'HOURS',
    });
  });

  test('the location is the fixed part of the template, read as JSON lines', () => {
    expect(named('guardduty_findings').StorageDescriptor.Location).toBe('s3://archive/guardduty/AWSLogs/');
    expect(named('resolver_query_logs').StorageDescriptor.SerdeInfo).toEqual({
      SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
      Parameters: { 'ignore.malformed.json': 'true' },
    });
    expect(named('resolver_query_logs').StorageDescriptor.Columns.find((c: any) => c.Name === 'answers').Type).toBe('array<struct<rdata:string,type:string,class:string>>');
  });
});
