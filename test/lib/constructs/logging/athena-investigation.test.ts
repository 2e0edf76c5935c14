import { Template } from 'aws-cdk-lib/assertions';
import { CLOUDTRAIL_COLUMNS, type HiveType, PARTITION_KEYS, flowLogColumns } from '../../../../lib/constructs/logging/log-tables';
import { FIREWALL_ALERT_COLUMNS, GUARDDUTY_FINDING_COLUMNS, RESOLVER_QUERY_LOG_COLUMNS } from '../../../../lib/constructs/logging/source-log-tables';
import { FLOW_LOG_FIELDS, FLOW_LOG_FORMAT, logArchiveNames } from '../../../../lib/names';
import { buildApp, defaultConfig } from '../../../helpers';
import { resolveIntrinsics } from '../../../cfn-resolve';

const config = defaultConfig();
const names = logArchiveNames(config);
const { lz } = buildApp(config, { checks: false });
const json = Template.fromStack(lz.logArchive).toJSON();
const tables = Object.values<any>(json.Resources).filter((r) => r.Type === 'AWS::Glue::Table').map((r) => resolveIntrinsics(r.Properties.TableInput, json));
const tableNamed = (name: string) => tables.find((t) => t.Name === name);
const accounts = config.accounts.map((a) => a.id!);
const ORG = config.organization.id;

/** The key directory a projection template produces, as a regex (the way Athena fills it from the enums and date format). */
function templateRegex(table: any): RegExp {
  const p = table.Parameters;
  const enumOf = (k: string) => `(${p[`projection.${k}.values`].split(',').map((v: string) => v.replace(/[.-]/g, '\\$&')).join('|')})`;
  expect(p[`projection.day.format`]).toBe('yyyy/MM/dd');
  const body = p['storage.location.template']
    .replace(/[.]/g, '\\.')
    .replace('${account}', enumOf('account'))
    .replace('${region}', enumOf('region'))
    .replace('${day}', '\\d{4}/\\d{2}/\\d{2}');
  return new RegExp(`^${body}/[^/]+$`);
}

describe('partition projection', () => {
  const cloudtrail = tableNamed(names.cloudTrailTableName);
  const flowLogs = tableNamed(names.flowLogTableName);

  test('the CloudTrail template matches the keys the organization trail writes, for every account and region', () => {
    const re = templateRegex(cloudtrail);
    for (const account of accounts) {
      for (const region of [...config.organization.governedRegions, 'us-east-1']) {
        // Documented layout: bucket/AWSLogs/<org-id>/<account>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/<file>
        const key = `AWSLogs/${ORG}/${account}/CloudTrail/${region}/2026/03/07/${account}_CloudTrail_${region}_20260307T1005Z_AbCdEf.json.gz`;
        expect(`s3://${names.bucketName}/${key}`).toMatch(re);
      }
    }
    expect(`s3://${names.bucketName}/AWSLogs/o-otherorg123/${accounts[0]}/CloudTrail/eu-west-1/2026/03/07/x.json.gz`).not.toMatch(re);
    expect(`s3://${names.bucketName}/AWSLogs/${ORG}/${accounts[0]}/CloudTrail-Digest/eu-west-1/2026/03/07/x.json.gz`).not.toMatch(re);
  });

  test('the flow-log template matches the default flow-log layout', () => {
    const re = templateRegex(flowLogs);
    for (const account of accounts) {
      for (const region of config.organization.governedRegions) {
        // Documented layout: bucket/AWSLogs/<account>/vpcflowlogs/<region>/<yyyy>/<MM>/<dd>/<file>
        const key = `AWSLogs/${account}/vpcflowlogs/${region}/2026/03/07/${account}_vpcflowlogs_${region}_fl-0123456789abcdef0_20260307T1005Z_hash.log.gz`;
        expect(`s3://${names.bucketName}/${key}`).toMatch(re);
      }
    }
  });

  test('the projected date range starts on a fixed day and runs to NOW, one partition per day', () => {
    for (const t of [cloudtrail, flowLogs]) {
      expect(t.Parameters['projection.day.range']).toMatch(/^\d{4}\/\d{2}\/\d{2},NOW$/);
      expect(t.Parameters['projection.day.interval.unit']).toBe('DAYS');
      expect(t.PartitionKeys.map((k: any) => k.Name)).toEqual(['account', 'region', 'day']);
    }
  });

  test('the flow-log table has one column per field of the flow-log format the VPCs write, in order', () => {
    expect(FLOW_LOG_FORMAT.split(' ')).toEqual(FLOW_LOG_FIELDS.map((f) => `\${${f}}`));
    expect(flowLogs.StorageDescriptor.Columns.map((c: any) => c.Name)).toEqual(FLOW_LOG_FIELDS.map((f) => f.replace(/-/g, '_')));
  });
});

/** Like templateRegex, for any partitions: enum values, injected (any one path segment), dates by their format. */
function anyTemplateRegex(table: any): RegExp {
  const p = table.Parameters;
  let body = p['storage.location.template'].replace(/[.]/g, '\\.');
  for (const k of table.PartitionKeys.map((c: any) => c.Name)) {
    const type = p[`projection.${k}.type`];
    const re =
      type === 'enum' ? `(${p[`projection.${k}.values`].split(',').map((v: string) => v.replace(/[.-]/g, '\\$&')).join('|')})`
      : type === 'injected' ? '[^/]+'
      : p[`projection.${k}.format`].replace(/yyyy/, '\\d{4}').replace(/MM|dd|HH/g, '\\d{2}');
    body = body.replace(`\${${k}}`, re);
  }
  return new RegExp(`^${body}/[^/]+$`);
}

describe('partition projection of the other sources', () => {
  const LOG = names.account;
  const bucket = `s3://${names.bucketName}`;

  test('Resolver query logs: the documented layout, any account and VPC (injected), so new accounts need no config edit', () => {
    const t = tableNamed(names.resolverTableName);
    expect(t.Parameters['projection.account.type']).toBe('injected');
    expect(t.Parameters['projection.vpc.type']).toBe('injected');
    const re = anyTemplateRegex(t);
    // https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-query-logs-choosing-target-resource.html
    expect(`${bucket}/AWSLogs/555555555555/vpcdnsquerylogs/vpc-0123456789abcdef0/2026/03/07/vpc-0123456789abcdef0_vpcdnsquerylogs_555555555555_20260307T0940Z_a1b2.log.gz`).toMatch(re);
    expect(`${bucket}/AWSLogs/555555555555/vpcflowlogs/eu-west-1/2026/03/07/x.log.gz`).not.toMatch(re);
  });

  test('GuardDuty findings: every account\u2019s findings under the one administrator, every governed region', () => {
    const t = tableNamed(names.guardDutyTableName);
    expect(t.Parameters['projection.account.values']).toBe(LOG);
    const re = anyTemplateRegex(t);
    for (const region of config.organization.governedRegions) {
      // https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html
      expect(`${bucket}/guardduty/AWSLogs/${LOG}/GuardDuty/${region}/2026/03/07/8e5b1f5e-4c6e-3b4a-9b2a-0d7f2a1b2c3d.jsonl.gz`).toMatch(re);
    }
  });

  test('Network Firewall alerts: any account and firewall (injected), hourly folders', () => {
    const t = tableNamed(names.firewallTableName);
    expect(t.Parameters['projection.hour.interval.unit']).toBe('HOURS');
    const re = anyTemplateRegex(t);
    // https://docs.aws.amazon.com/network-firewall/latest/developerguide/logging-s3.html
    expect(`${bucket}/AWSLogs/555555555555/network-firewall/alert/eu-central-1/egress-1/2026/03/07/09/555555555555_network-firewall_alert_eu-central-1_egress-1_202603070940_a1b2.log.gz`).toMatch(re);
    expect(`${bucket}/AWSLogs/555555555555/network-firewall/flow/eu-central-1/egress-1/2026/03/07/09/x.log.gz`).not.toMatch(re);
  });

  test('the three tables read one JSON object per line and are retained', () => {
    for (const name of [names.resolverTableName, names.guardDutyTableName, names.firewallTableName]) {
      expect(tableNamed(name).StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.openx.data.jsonserde.JsonSerDe');
    }
    const glue = Object.values<any>(json.Resources).filter((r) => r.Type === 'AWS::Glue::Table');
    expect(glue).toHaveLength(5);
    for (const r of glue) expect([r.DeletionPolicy, r.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  });
});

describe('saved queries', () => {
  const queries = Object.values<any>(json.Resources).filter((r) => r.Type === 'AWS::Athena::NamedQuery').map((r) => r.Properties);
  const columnsOf: Record<string, { name: string; type: HiveType }[]> = {
    [names.cloudTrailTableName]: [...CLOUDTRAIL_COLUMNS, ...PARTITION_KEYS],
    [names.flowLogTableName]: [...flowLogColumns(), ...PARTITION_KEYS],
    [names.resolverTableName]: [...RESOLVER_QUERY_LOG_COLUMNS, ...['account', 'vpc', 'day'].map((name) => ({ name, type: 'string' }))],
    [names.guardDutyTableName]: [...GUARDDUTY_FINDING_COLUMNS, ...PARTITION_KEYS],
    [names.firewallTableName]: [...FIREWALL_ALERT_COLUMNS, ...['account', 'region', 'firewall', 'hour'].map((name) => ({ name, type: 'string' }))],
  };
  const SQL_WORDS = new Set(
    'select from where and or not in is null as by group order desc asc limit between like on join count sum min max coalesce json_extract_scalar from_unixtime distinct case when then else end having'.split(' '),
  );

  /** True when `path` (col or col.field.field) exists in the table's columns, walking struct fields. */
  function resolves(path: string, columns: { name: string; type: HiveType }[]): boolean {
    const [head, ...rest] = path.split('.');
    let type: HiveType | undefined = columns.find((c) => c.name === head)?.type;
    for (const field of rest) {
      if (!type || typeof type === 'string' || !('struct' in type)) return false;
      type = type.struct[field];
    }
    return type !== undefined;
  }

  test('cover every investigation the landing zone promises', () => {
    expect(queries.map((q) => q.Name).sort()).toEqual(
      [
        'Root user activity', 'Console sign-ins without MFA', 'Failed console sign-ins', 'IAM policy changes',
        'Everything one access key did', 'Everything one principal did', 'Security group changes', 'Unauthorized calls by principal',
        'CloudTrail or Config tampering', 'Top rejected flows', 'All traffic to or from one IP',
        'Top clients resolving a domain', 'A finding\u2019s timeline', 'High-severity findings', 'Firewall alerts by signature',
      ].sort(),
    );
    for (const q of queries) expect(q.Database).toBe(names.glueDatabaseName);
  });

  test.each(queries.map((q) => [q.Name, q]))('"%s" reads only tables and columns defined in Glue, filtered by day', (_name, q: any) => {
    const sql: string = q.QueryString.replace(/'[^']*'/g, "''");
    const from = [...sql.matchAll(/\bFROM\s+([A-Za-z_][\w.]*)/gi)].map((m) => m[1]);
    expect(from.length).toBeGreaterThan(0);
    for (const t of from) expect(Object.keys(columnsOf)).toContain(t);
    const columns = columnsOf[from[0]];
    const aliases = new Set([...sql.matchAll(/\bAS\s+([A-Za-z_]\w*)/gi)].map((m) => m[1].toLowerCase()));
    const unknown: string[] = [];
    for (const m of sql.matchAll(/\b([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\b(\s*\()?/g)) {
      const ident = m[1];
      if (m[2] || SQL_WORDS.has(ident.toLowerCase()) || aliases.has(ident.toLowerCase()) || from.includes(ident)) continue;
      if (!resolves(ident, columns)) unknown.push(ident);
    }
    expect(unknown).toEqual([]);
    // Narrowed by the table's date partition (hourly for firewall alerts), and by every injected partition.
    const table = tableNamed(from[0]);
    const date = table.PartitionKeys.map((k: any) => k.Name).find((k: string) => table.Parameters[`projection.${k}.type`] === 'date');
    expect(sql).toMatch(new RegExp(`\\b${date} BETWEEN`));
    for (const k of table.PartitionKeys.map((c: any) => c.Name).filter((k: string) => table.Parameters[`projection.${k}.type`] === 'injected')) {
      expect(sql).toMatch(new RegExp(`\\b${k} = ''`));
    }
  });

  test('the checker rejects a query naming a column that does not exist', () => {
    expect(resolves('useridentity.nosuchfield', columnsOf[names.cloudTrailTableName])).toBe(false);
    expect(resolves('useridentity.sessioncontext.sessionissuer.arn', columnsOf[names.cloudTrailTableName])).toBe(true);
  });
});
