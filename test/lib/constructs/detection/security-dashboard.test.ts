import { Template } from 'aws-cdk-lib/assertions';
import { LANDING_ZONE_ALARM_PREFIXES } from '../../../../lib/constructs/detection/findings-log';
import { DASHBOARD_WINDOWS, searchExpression } from '../../../../lib/constructs/detection/security-dashboard';
import { detectionNames } from '../../../../lib/names';
import { buildApp, defaultConfig } from '../../../helpers';

const config = defaultConfig();
const names = detectionNames(config);
const { lz } = buildApp(config, { checks: false });
const templates = lz.stacks.map((s) => Template.fromStack(s).toJSON());
const resources = templates.flatMap((t) => Object.values<any>(t.Resources));
const home = Template.fromStack(lz.detection[0]);

/** The dashboard body as JSON, with the stack's region substituted for `Ref: AWS::Region`. */
function dashboardBody(): any {
  const [dashboard] = Object.values<any>(home.findResources('AWS::CloudWatch::Dashboard'));
  const parts: any[] = dashboard.Properties.DashboardBody['Fn::Join'][1];
  return JSON.parse(parts.map((p) => (typeof p === 'string' ? p : p.Ref === 'AWS::Region' ? lz.detection[0].region : p.Ref === 'AWS::Partition' ? 'aws' : `<${JSON.stringify(p)}>`)).join(''));
}

/** Every metric the synthesized stacks emit through a metric filter: `namespace|name|dim1,dim2` (dimension names sorted). */
const filterMetrics = new Set(
  resources
    .filter((r) => r.Type === 'AWS::Logs::MetricFilter')
    .flatMap((r) => r.Properties.MetricTransformations)
    .map((m: any) => `${m.MetricNamespace}|${m.MetricName}|${(m.Dimensions ?? []).map((d: any) => d.Key).sort().join(',')}`),
);
/** S3 request-metrics filters (`AWS::S3::Bucket` MetricsConfigurations): the FilterId dimensions AWS/S3 request metrics carry. */
const s3MetricFilterIds = new Set(resources.filter((r) => r.Type === 'AWS::S3::Bucket').flatMap((r) => (r.Properties.MetricsConfigurations ?? []).map((m: any) => m.Id)));
const logGroupNames = new Set(resources.filter((r) => r.Type === 'AWS::Logs::LogGroup').map((r) => r.Properties.LogGroupName));
const alarmNames = resources.filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties.AlarmName);

describe('security dashboard', () => {
  const body = dashboardBody();
  const widgets: any[] = body.widgets;

  test('one dashboard, in the security-log account, home region only', () => {
    home.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: names.securityDashboardName });
    expect(lz.detection[0].account).toBe(names.account);
    for (const other of lz.detection.slice(1)) Template.fromStack(other).resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    const elsewhere = lz.stacks.filter((s) => s !== lz.detection[0]).flatMap((s) => Object.keys(Template.fromStack(s).findResources('AWS::CloudWatch::Dashboard')));
    expect(elsewhere).toEqual([]);
  });

  test('every graphed metric is one a synthesized metric filter emits, or the findings log group its own AWS/Logs metric', () => {
    const referenced: string[] = [];
    for (const w of widgets.filter((x) => x.type === 'metric')) {
      for (const m of w.properties.metrics ?? []) {
        if (m[0]?.expression) {
          // SEARCH('{namespace,dim,...} MetricName="name"', ...): the schema and name must match a metric filter exactly.
          const match = /^SEARCH\('\{([^}]+)\} MetricName="(\w+)"'/.exec(m[0].expression);
          expect(match).not.toBeNull();
          const [namespace, ...dims] = match![1].split(',');
          if (namespace === 'AWS/S3') {
            // The delivery counts of the log sources: S3 request metrics exist only where a bucket has a metrics filter.
            expect([match![2], dims.sort().join(',')]).toEqual(['PutRequests', 'BucketName,FilterId']);
            expect(s3MetricFilterIds.size).toBeGreaterThan(0);
            referenced.push('AWS/S3|PutRequests');
            continue;
          }
          referenced.push(`${namespace}|${match![2]}|${dims.sort().join(',')}`);
          expect(filterMetrics).toContain(`${namespace}|${match![2]}|${dims.sort().join(',')}`);
        } else {
          const [namespace, metricName, ...dims] = m.filter((x: unknown) => typeof x === 'string');
          referenced.push(`${namespace}|${metricName}`);
          expect([namespace, metricName, dims[0]]).toEqual(['AWS/Logs', 'IncomingLogEvents', 'LogGroupName']);
          expect(logGroupNames).toContain(dims[1]);
        }
      }
    }
    expect(referenced.length).toBeGreaterThanOrEqual(13);
  });

  test('every log table queries a log group the stacks create', () => {
    const tables = widgets.filter((w) => w.type === 'log');
    expect(tables.length).toBeGreaterThanOrEqual(4);
    for (const t of tables) {
      const sources = [...t.properties.query.matchAll(/SOURCE '([^']+)'/g)].map((m) => m[1]);
      expect(sources).toEqual([names.findingsLogGroupName]);
      for (const s of sources) expect(logGroupNames).toContain(s);
    }
  });

  test('the dashboard names no alarm that the stacks do not create', () => {
    const arns = JSON.stringify(body).match(/arn:aws:cloudwatch:[^"]*:alarm:[^"]+/g) ?? [];
    expect(arns.length).toBeGreaterThan(0); // the silence alarms' status widget names them
    for (const arn of arns) expect(alarmNames).toContain(arn.split(':alarm:')[1]);
  });

  test('shows the state of every log-silence alarm the stacks create, and only those', () => {
    const status = widgets.find((w) => w.type === 'alarm');
    const shown = status.properties.alarms.map((arn: string) => arn.split(':alarm:')[1]).sort();
    // The status widget shows the alarms of the dashboard's own account and region (each other region's ELB silence
    // alarm notifies that region's topic instead).
    const home = lz.stacks.filter((st) => st.account === lz.detection[0].account && st.region === lz.detection[0].region);
    const homeAlarms = home.flatMap((st) => Object.values<any>(Template.fromStack(st).toJSON().Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties.AlarmName));
    const silence = homeAlarms.filter((n) => String(n).startsWith('LZ-LogSilence-')).sort();
    expect(silence.length).toBeGreaterThanOrEqual(4);
    expect(shown).toEqual(silence);
    for (const arn of status.properties.alarms) expect(arn).toMatch(new RegExp(`^arn:aws:cloudwatch:${lz.detection[0].region}:${lz.detection[0].account}:alarm:`));
  });

  test('every landing-zone alarm is named so its state changes reach the dashboard (CIS-*, LZ-*)', () => {
    expect(alarmNames.length).toBeGreaterThanOrEqual(16);
    for (const name of alarmNames) expect(LANDING_ZONE_ALARM_PREFIXES.some((p) => String(name).startsWith(p))).toBe(true);
  });

  test.each(DASHBOARD_WINDOWS.map((w) => [w.label, w] as const))('findings by product and severity for the %s, the period set to the whole range', (_label, w) => {
    const graph = widgets.find((x) => x.properties.title === `Findings by product and severity, ${w.label}`);
    expect(graph.properties).toMatchObject({ view: 'bar', setPeriodToTimeRange: true, start: w.start });
    expect(graph.properties.metrics[0][0].expression).toBe(searchExpression('Findings', w.seconds));
  });

  test('a search expression names only a known findings metric', () => {
    expect(() => searchExpression('Nope', 60)).toThrow(/no findings metric named Nope/);
  });
});
