import { Template } from 'aws-cdk-lib/assertions';
import { LOG_SOURCES, logSource, logSourcesTable, maxSilenceHours } from '../../../../lib/constructs/logging/log-source-catalogue';
import { buildApp, defaultConfig } from '../../../helpers';

const config = defaultConfig();
const { lz } = buildApp(config, { checks: false });
const glueTables = Object.values<any>(Template.fromStack(lz.logArchive).findResources('AWS::Glue::Table')).map((r) => r.Properties.TableInput.Name as string);
const otherRegions = lz.elbLogArchives.map((s) => s.region.replace(/-/g, '_'));

describe('LOG_SOURCES', () => {
  test('every table a row names exists in the log database (per-region names for every other governed region)', () => {
    const named = LOG_SOURCES.flatMap((e) => e.tables).map((t) => t.split(' ')[0]);
    const expanded = named.flatMap((t) => (t.includes('<region>') ? otherRegions.map((r) => t.replace('<region>', r)) : [t]));
    for (const t of expanded) expect(glueTables).toContain(t);
    // ...and every table in the database belongs to a row: no log is queryable without being documented.
    expect([...glueTables].sort()).toEqual([...new Set(expanded)].sort());
  });

  test('IDs are unique; thresholds are whole hours between 1 hour and 7 days', () => {
    expect(new Set(LOG_SOURCES.map((e) => e.id)).size).toBe(LOG_SOURCES.length);
    for (const e of LOG_SOURCES) {
      if ('maxHours' in e.silence) {
        expect(Number.isInteger(e.silence.maxHours)).toBe(true);
        expect(e.silence.maxHours).toBeGreaterThanOrEqual(1);
        expect(e.silence.maxHours).toBeLessThanOrEqual(168);
      }
    }
  });

  test('asking for the threshold of an unwatched or unknown source is an error naming it', () => {
    expect(maxSilenceHours('CloudTrail')).toBe(1);
    expect(() => maxSilenceHours('SessionLogs')).toThrow(/"SessionLogs" is not watched for silence: not periodic/);
    expect(() => logSource('Nope')).toThrow(/LOG_SOURCES has no source "Nope"/);
  });

  test('the documentation table has one row per source, with its alarm or the reason it has none', () => {
    const rows = logSourcesTable().split('\n').slice(2);
    expect(rows).toHaveLength(LOG_SOURCES.length);
    expect(rows.find((r) => r.startsWith('| VPC flow logs'))).toContain('`LZ-LogSilence-FlowLogs-<account>` (1 h:');
    expect(rows.find((r) => r.startsWith('| GuardDuty'))).toContain('(7 days:');
    expect(rows.find((r) => r.startsWith('| Session Manager'))).toContain('none: not periodic');
  });
});
