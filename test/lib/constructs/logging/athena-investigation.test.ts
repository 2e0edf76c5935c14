import { Template } from 'aws-cdk-lib/assertions';
import { CLOUDTRAIL_COLUMNS, type HiveType, PARTITION_KEYS, flowLogColumns } from '../../../../lib/constructs/logging/log-tables';
import { FIREWALL_ALERT_COLUMNS, GUARDDUTY_FINDING_COLUMNS, RESOLVER_QUERY_LOG_COLUMNS } from '../../../../lib/constructs/logging/source-log-tables';
import { ALB_ACCESS_LOG_COLUMNS, S3_ACCESS_LOG_COLUMNS, SESSION_LOG_COLUMNS } from '../../../../lib/constructs/logging/request-log-tables';
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

describe('partition projection', () => {
  const cloudtrail = tableNamed(names.cloudTrailTableName);
  const flowLogs = tableNamed(names.flowLogTableName);

  test('the CloudTrail template matches the keys the organization trail writes, for every account and region', () => {
    const re = anyTemplateRegex(cloudtrail);
    // An account created after the deploy (not in config) is covered too: the account is injected.
    for (const account of [...accounts, '555555555555']) {
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
    const re = anyTemplateRegex(flowLogs);
    for (const account of [...accounts, '555555555555']) {
      for (const region of config.organization.governedRegions) {
        // Documented layout: bucket/AWSLogs/<account>/vpcflowlogs/<region>/<yyyy>/<MM>/<dd>/<file>
        const key = `AWSLogs/${account}/vpcflowlogs/${region}/2026/03/07/${account}_vpcflowlogs_${region}_fl-0123456789abcdef0_20260307T1005Z_hash.log.gz`;
        expect(`s3://${names.bucketName}/${key}`).toMatch(re);
      }
    }
  });

  test('the account is injected, as the Athena partition-projection documentation defines it: no config edit for new accounts', () => {
    // https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html (injected: only
    // projection.<column>.type; the query supplies the values) and
    // https://docs.aws.amazon.com/athena/latest/ug/partition-projection-dynamic-id-partitioning.html
    for (const t of tables) {
      for (const k of t.PartitionKeys.map((c: any) => c.Name)) {
        const params = Object.keys(t.Parameters).filter((p) => p.startsWith(`projection.${k}.`));
        const type = t.Parameters[`projection.${k}.type`];
        expect(['enum', 'date', 'injected']).toContain(type);
        if (type === 'injected') expect(params).toEqual([`projection.${k}.type`]);
        if (type === 'enum') expect(params.sort()).toEqual([`projection.${k}.type`, `projection.${k}.values`]);
        if (type === 'date') expect(params.sort()).toEqual(['format', 'interval', 'interval.unit', 'range', 'type'].map((x) => `projection.${k}.${x}`));
        expect(t.Parameters['storage.location.template']).toContain(`\${${k}}`);
      }
      // The only enumerated account is GuardDuty's administrator, which exports every account's findings.
      if (t.Parameters['projection.account.type'] === 'enum') expect(t.Name).toBe(names.guardDutyTableName);
    }
    expect(cloudtrail.Parameters['projection.account.type']).toBe('injected');
    expect(flowLogs.Parameters['projection.account.type']).toBe('injected');
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
    // 5 tables + ALB per governed region + S3 access logs of 4 home buckets and each other region's ELB bucket + sessions.
    const regions = config.organization.governedRegions.length;
    expect(glue).toHaveLength(5 + regions + 4 + (regions - 1) + 1);
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
    [names.elbTableName]: [...ALB_ACCESS_LOG_COLUMNS, ...['lb', 'account', 'day'].map((name) => ({ name, type: 'string' }))],
    [`${names.s3AccessLogTableName}_archive`]: [...S3_ACCESS_LOG_COLUMNS, { name: 'day', type: 'string' }],
    [names.sessionLogTableName]: [...SESSION_LOG_COLUMNS, { name: 'account', type: 'string' }],
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
        '5xx responses by client', 'Who listed or read the archive', 'Sessions that ran a command',
      ].sort(),
    );
    for (const q of queries) expect(q.Database).toBe(names.glueDatabaseName);
  });

  test.each(queries.map((q) => [q.Name, q]))('"%s" reads only tables and columns defined in Glue, filtered by day', (_name, q: any) => {
    // "$path" is Athena's pseudo-column naming each row's object (https://docs.aws.amazon.com/athena/latest/ug/select.html).
    const sql: string = q.QueryString.replace(/'[^']*'/g, "''").replace(/"\$path"/g, "''");
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
    // (Session transcripts have no date folders, so no date partition.)
    const date = table.PartitionKeys.map((k: any) => k.Name).find((k: string) => table.Parameters[`projection.${k}.type`] === 'date');
    if (table.Name !== names.sessionLogTableName) expect(sql).toMatch(new RegExp(`\\b${date} BETWEEN`));
    // Injected partitions need static equality (= or IN), or the query fails with CONSTRAINT_VIOLATION
    // (https://docs.aws.amazon.com/athena/latest/ug/partition-projection-dynamic-id-partitioning.html).
    for (const k of table.PartitionKeys.map((c: any) => c.Name).filter((k: string) => table.Parameters[`projection.${k}.type`] === 'injected')) {
      expect(sql).toMatch(new RegExp(`\\b${k} (= ''|IN \\('')`));
    }
  });

  test('the checker rejects a query naming a column that does not exist', () => {
    expect(resolves('useridentity.nosuchfield', columnsOf[names.cloudTrailTableName])).toBe(false);
    expect(resolves('useridentity.sessioncontext.sessionissuer.arn', columnsOf[names.cloudTrailTableName])).toBe(true);
  });
});
