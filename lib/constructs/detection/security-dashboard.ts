import { Duration } from 'aws-cdk-lib';
import {
  AlarmStatusWidget,
  Alarm,
  Dashboard,
  GraphWidget,
  GraphWidgetView,
  LogQueryVisualizationType,
  LogQueryWidget,
  MathExpression,
  Metric,
  TextWidget,
  type IWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { FINDINGS_METRICS, SECURITY_OPERATIONS_NAMESPACE } from './findings-log';

/** The windows every count is shown for (issue 16: the last day, week and 90 days). */
export const DASHBOARD_WINDOWS: readonly { readonly label: string; readonly start: string; readonly seconds: number }[] = [
  { label: 'last 24 hours', start: '-PT24H', seconds: 86_400 },
  { label: 'last 7 days', start: '-P7D', seconds: 7 * 86_400 },
  { label: 'last 90 days', start: '-P90D', seconds: 90 * 86_400 },
];

/**
 * `SEARCH('{namespace,dim1,dim2} MetricName="name"', 'Sum', period)`: one series per dimension value found, so a
 * product, severity or account that appears later is graphed without a change here.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/search-expression-syntax.html
 */
export function searchExpression(metricName: string, period: number): string {
  const spec = FINDINGS_METRICS.find((m) => m.metricName === metricName);
  if (!spec) throw new Error(`no findings metric named ${metricName}`);
  const schema = [SECURITY_OPERATIONS_NAMESPACE, ...Object.keys(spec.dimensions)].join(',');
  return `SEARCH('{${schema}} MetricName="${metricName}"', 'Sum', ${period})`;
}

/**
 * Logs Insights queries of the dashboard's tables. Insights flattens JSON arrays as `name.0.field`.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html
 */
export const DASHBOARD_QUERIES = {
  /** Latest status of each CRITICAL Inspector finding; the ACTIVE ones are the open critical vulnerabilities. */
  openCriticalVulnerabilities: [
    'filter source = "aws.inspector2"',
    'stats latest(detail.status) as status, latest(detail.title) as title, latest(@timestamp) as lastSeen by detail.findingArn, detail.awsAccountId',
    'filter status = "ACTIVE"',
    'sort lastSeen desc',
    'limit 100',
  ],
  /** Failed controls and Config rule evaluations, by control (or rule) and account. */
  complianceByRuleAndAccount: [
    'filter source = "aws.securityhub" and detail.findings.0.Compliance.Status = "FAILED"',
    'stats count(*) as failedEvaluations by detail.findings.0.ProductName, detail.findings.0.GeneratorId, detail.findings.0.AwsAccountId',
    'sort failedEvaluations desc',
    'limit 100',
  ],
  /** Findings by account and severity label. */
  findingsByAccount: [
    'filter source = "aws.securityhub"',
    'stats count(*) as findings by detail.findings.0.AwsAccountId, detail.findings.0.Severity.Label',
    'sort findings desc',
    'limit 100',
  ],
  /** Latest state of every landing-zone alarm (CIS-*, LZ-*), from the alarm state-change events the findings log receives. */
  alarmStates: [
    'filter source = "aws.cloudwatch"',
    'stats latest(detail.state.value) as state, latest(@timestamp) as since by detail.alarmName, account',
    'sort state asc, since desc',
    'limit 200',
  ],
} as const;

/** Props for {@link SecurityDashboard}. */
export interface SecurityDashboardProps {
  /** Dashboard name (from `detectionNames`). */
  readonly dashboardName: string;
  /** The findings log group the tables query (a literal name, so the body is reviewable). */
  readonly findingsLogGroupName: string;
  /**
   * The log-silence alarms of this account and region (the log archive's `LZ-LogSilence-*`), shown as a status
   * widget beside their S3 delivery counts: when each source last delivered.
   * @default - none
   */
  readonly logSilenceAlarmNames?: readonly string[];
}

/**
 * The security operations dashboard (security-log account, home region): findings by product, severity and
 * account for the last day, week and 90 days; failed controls by account; open critical vulnerabilities; the
 * state of every landing-zone alarm; and when the findings log last received anything. Every metric it graphs is
 * one of {@link FINDINGS_METRICS} or the findings log group's own `AWS/Logs` metric.
 *
 * Default settings: the three windows of {@link DASHBOARD_WINDOWS}, period set to the time range for the counts.
 */
export class SecurityDashboard extends Construct {
  /** The dashboard. */
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: SecurityDashboardProps) {
    super(scope, id);
    this.dashboard = new Dashboard(this, 'Resource', { dashboardName: props.dashboardName, defaultInterval: Duration.days(7) });
    // Log tables follow the dashboard's time range (default 7 days; widen it to 90 days in the console).
    const table = (title: string, lines: readonly string[]): LogQueryWidget =>
      new LogQueryWidget({ title, logGroupNames: [props.findingsLogGroupName], queryLines: [...lines], view: LogQueryVisualizationType.TABLE, width: 12, height: 8 });

    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          '# Security operations\nFindings from Security Hub (every account and governed region, with GuardDuty, Inspector, IAM Access Analyzer and AWS Config findings) and Inspector, recorded in the findings log. What each widget counts and the inventory queries: docs/operations.md. Respond with docs/runbook.md.',
        width: 24,
        height: 2,
      }),
    );
    for (const w of DASHBOARD_WINDOWS) {
      const graph = (title: string, metricName: string): GraphWidget =>
        new GraphWidget({
          title: `${title}, ${w.label}`,
          left: [new MathExpression({ expression: searchExpression(metricName, w.seconds), usingMetrics: {}, label: '', period: Duration.seconds(w.seconds) })],
          view: GraphWidgetView.BAR,
          setPeriodToTimeRange: true,
          start: w.start,
          width: 6,
          height: 6,
        });
      this.dashboard.addWidgets(
        graph('Findings by product and severity', 'Findings'),
        graph('Findings by account and severity', 'FindingsByAccount'),
        graph('Failed controls by account', 'FailedControls'),
        graph('Critical vulnerabilities by account', 'CriticalVulnerabilities'),
      );
    }
    const widgets: IWidget[] = [
      table('Open critical vulnerabilities (latest status per finding)', DASHBOARD_QUERIES.openCriticalVulnerabilities),
      table('Landing-zone alarms: latest state (CIS, break-glass, log silence)', DASHBOARD_QUERIES.alarmStates),
      table('Compliance: failed evaluations by control or rule and account', DASHBOARD_QUERIES.complianceByRuleAndAccount),
      table('Findings by account and severity', DASHBOARD_QUERIES.findingsByAccount),
    ];
    this.dashboard.addWidgets(...widgets);
    const silence = props.logSilenceAlarmNames ?? [];
    if (silence.length > 0) {
      // Time since each log source last delivered: the silence alarms' state, and the S3 request metrics (PutRequests
      // per FilterId = source) they watch, hourly. https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-dimensions.html
      this.dashboard.addWidgets(
        new AlarmStatusWidget({
          title: 'Log sources: silence alarms (ALARM = no delivery within the source\'s normal interval)',
          alarms: silence.map((name) => Alarm.fromAlarmName(this, `Silence${name}`, name)),
          width: 12,
          height: 6,
        }),
        new GraphWidget({
          title: 'Log sources: objects delivered per hour (by source)',
          left: [new MathExpression({ expression: "SEARCH('{AWS/S3,BucketName,FilterId} MetricName=\"PutRequests\"', 'Sum', 3600)", usingMetrics: {}, label: '', period: Duration.hours(1) })],
          width: 12,
          height: 6,
        }),
      );
    }
    // When the findings log last received an event: a flat line means Security Hub (or the rules) went quiet.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch-Logs-Monitoring-CloudWatch-Metrics.html
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Findings log: events received per hour',
        left: [new Metric({ namespace: 'AWS/Logs', metricName: 'IncomingLogEvents', dimensionsMap: { LogGroupName: props.findingsLogGroupName }, statistic: 'Sum', period: Duration.hours(1) })],
        width: 24,
        height: 5,
      }),
    );
  }
}
