import { Template } from 'aws-cdk-lib/assertions';
import { CLOUDTRAIL_COLUMNS, type HiveType, PARTITION_KEYS, flowLogColumns } from '../../../../lib/constructs/logging/log-tables';
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

describe('saved queries', () => {
  const queries = Object.values<any>(json.Resources).filter((r) => r.Type === 'AWS::Athena::NamedQuery').map((r) => r.Properties);
  const columnsOf: Record<string, { name: string; type: HiveType }[]> = {
    [names.cloudTrailTableName]: [...CLOUDTRAIL_COLUMNS, ...PARTITION_KEYS],
    [names.flowLogTableName]: [...flowLogColumns(), ...PARTITION_KEYS],
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
    expect(sql).toMatch(/\bday BETWEEN/);
  });

  test('the checker rejects a query naming a column that does not exist', () => {
    expect(resolves('useridentity.nosuchfield', columnsOf[names.cloudTrailTableName])).toBe(false);
    expect(resolves('useridentity.sessioncontext.sessionissuer.arn', columnsOf[names.cloudTrailTableName])).toBe(true);
  });
});
