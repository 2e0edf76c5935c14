import { Duration, RemovalPolicy, Stack, ArnFormat } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { CfnEventBusPolicy, Rule, type EventPattern, type IRuleTarget } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FilterPattern, LogGroup, MetricFilter, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FINDING_PATTERNS } from './findings-notification';

/** Namespace of every metric the security operations view derives from the findings log. */
export const SECURITY_OPERATIONS_NAMESPACE = 'LandingZone/SecurityOperations';

/** Every landing-zone alarm name starts with one of these (CisAlarms: `CIS-<control>-...`, others `LZ-...`). */
export const LANDING_ZONE_ALARM_PREFIXES = ['CIS-', 'LZ-'] as const;

/** CloudWatch "Alarm State Change" events of the landing-zone alarms. */
export function landingZoneAlarmStatePattern(): EventPattern {
  return {
    source: ['aws.cloudwatch'],
    detailType: ['CloudWatch Alarm State Change'],
    detail: { alarmName: LANDING_ZONE_ALARM_PREFIXES.map((prefix) => ({ prefix })) },
  };
}

/**
 * What the findings log records, as EventBridge patterns (home region, security-log account).
 *
 * Security Hub's finding aggregator already collects every account's and every linked region's findings in the
 * home region, including those of GuardDuty, Inspector, IAM Access Analyzer and AWS Config (their Security Hub
 * integrations), and "each event sends a single finding", so `detail.findings[0]` is the finding.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-cwe-event-formats.html
 */
export const FINDINGS_LOG_PATTERNS: Record<string, EventPattern> = {
  /** Every active finding imported into Security Hub (new or updated), from every integrated product. */
  SecurityHubFindings: {
    source: ['aws.securityhub'],
    detailType: ['Security Hub Findings - Imported'],
    detail: { findings: { RecordState: ['ACTIVE'] } },
  },
  /**
   * Inspector's own CRITICAL findings in any status, so a closed vulnerability is recorded too and "open critical
   * vulnerabilities" is the latest status per finding. Same source and detail type as the notification rule.
   */
  InspectorCriticalFindings: {
    source: FINDING_PATTERNS.InspectorCritical.source,
    detailType: FINDING_PATTERNS.InspectorCritical.detailType,
    detail: { severity: ['CRITICAL'] },
  },
  /**
   * State changes of the landing-zone alarms (CIS-* and LZ-*): this account's own, and the management account's,
   * which its org-trail stack forwards to this bus (see `AlarmStateForwarding`).
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
   */
  LandingZoneAlarmStates: landingZoneAlarmStatePattern(),
};

/** One metric filter on the findings log: its metric name (never change it once released) and where it reads. */
export interface FindingsMetricSpec {
  readonly metricName: string;
  /** What one data point counts. */
  readonly description: string;
  /** JSON filter pattern; it names every dimension field (`field = *`), as metric filter dimensions require. */
  readonly pattern: string;
  /** Dimension name → JSON selector in the log event. At most three (AWS::Logs::MetricFilter). */
  readonly dimensions: Record<string, string>;
}

const F = '$.detail.findings[0]';

/**
 * The metrics the dashboard graphs. Low-cardinality dimensions only (product, severity label, account): each
 * distinct value is a custom metric, and CloudWatch disables a filter that produces 1000 of them.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-logs-metricfilter-dimension.html
 */
export const FINDINGS_METRICS: readonly FindingsMetricSpec[] = [
  {
    metricName: 'Findings',
    description: 'Active finding events imported into Security Hub, by product (GuardDuty, Inspector, ...) and severity label',
    pattern: `{ ($.source = "aws.securityhub") && (${F}.ProductName = *) && (${F}.Severity.Label = *) }`,
    dimensions: { Product: `${F}.ProductName`, Severity: `${F}.Severity.Label` },
  },
  {
    metricName: 'FindingsByAccount',
    description: 'Active finding events imported into Security Hub, by the account the finding is about and severity label',
    pattern: `{ ($.source = "aws.securityhub") && (${F}.AwsAccountId = *) && (${F}.Severity.Label = *) }`,
    dimensions: { Account: `${F}.AwsAccountId`, Severity: `${F}.Severity.Label` },
  },
  {
    metricName: 'FailedControls',
    description: 'Failed control evaluations (Security Hub controls, which run as AWS Config rules), by account',
    pattern: `{ ($.source = "aws.securityhub") && (${F}.Compliance.Status = "FAILED") && (${F}.AwsAccountId = *) }`,
    dimensions: { Account: `${F}.AwsAccountId` },
  },
  {
    metricName: 'CriticalVulnerabilities',
    description: 'Active CRITICAL Inspector finding events, by the account of the affected resource',
    pattern: '{ ($.source = "aws.inspector2") && ($.detail.status = "ACTIVE") && ($.detail.awsAccountId = *) }',
    dimensions: { Account: '$.detail.awsAccountId' },
  },
];

/** Props for {@link FindingsLog}. */
export interface FindingsLogProps {
  /** Log group name (from `detectionNames`). */
  readonly logGroupName: string;
  /** Alias of the key encrypting the log group. */
  readonly keyAlias: string;
  /** Retention; at least 90 days keeps the dashboard's 90-day log queries whole. */
  readonly retention: RetentionDays;
  /**
   * Accounts allowed to put events on this region's default bus: the management account forwards its alarms'
   * state changes here. The statement admits `events:PutEvents` only.
   * @default - none
   */
  readonly alarmSourceAccountIds?: readonly string[];
}

/**
 * Findings as data: EventBridge rules write every finding event to a KMS-encrypted CloudWatch Logs group, and
 * metric filters turn them into the metrics the security dashboard graphs. No function, no server.
 *
 * Default settings: customer-managed key with rotation, log group and key retained, write access for
 * `events.amazonaws.com` on this log group only (a resource policy: EventBridge uses no role for CloudWatch Logs).
 */
export class FindingsLog extends Construct {
  /** The log group (query it with Logs Insights; the dashboard's tables do). */
  public readonly logGroup: LogGroup;
  /** The metrics of {@link FINDINGS_METRICS}, by metric name. */
  public readonly metrics: Record<string, Metric>;

  constructor(scope: Construct, id: string, props: FindingsLogProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const key = new Key(this, 'Key', {
      alias: props.keyAlias,
      description: 'Encrypts the security findings log',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts with the key on the log group's behalf; the condition ties it to this account's groups.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsEncryptsFindingsLog',
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: props.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
        },
      }),
    );
    this.logGroup = new LogGroup(this, 'Resource', {
      logGroupName: props.logGroupName,
      encryptionKey: key,
      retention: props.retention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.logGroup.node.addDependency(key);

    // EventBridge writes to CloudWatch Logs through the log group's resource policy, never a role.
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-cloudwatchlogs-permissions
    this.logGroup.addToResourcePolicy(
      new PolicyStatement({
        sid: 'EventBridgeWritesFindings',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    // The rule targets the log group ARN without the `:*` suffix (the form the CDK CloudWatchLogGroup target uses,
    // which would add a custom resource for the same resource policy).
    const target: IRuleTarget = {
      bind: () => ({
        arn: stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: props.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      }),
    };
    for (const [name, eventPattern] of Object.entries(FINDINGS_LOG_PATTERNS)) {
      const rule = new Rule(this, name, { description: `secure-landing-zone: ${name} to the findings log (docs/operations.md)`, eventPattern, targets: [target] });
      rule.node.addDependency(this.logGroup); // the target names the group by its literal ARN
    }

    for (const account of props.alarmSourceAccountIds ?? []) {
      // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
      new CfnEventBusPolicy(this, `AlarmEventsFrom${account}`, {
        eventBusName: 'default',
        statementId: `landing-zone-alarm-states-${account}`,
        statement: {
          Effect: 'Allow',
          Principal: { AWS: `arn:${stack.partition}:iam::${account}:root` },
          Action: 'events:PutEvents',
          Resource: stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' }),
        },
      });
    }

    this.metrics = {};
    for (const spec of FINDINGS_METRICS) {
      const filter = new MetricFilter(this, spec.metricName, {
        logGroup: this.logGroup,
        filterPattern: FilterPattern.literal(spec.pattern),
        metricNamespace: SECURITY_OPERATIONS_NAMESPACE,
        metricName: spec.metricName,
        metricValue: '1',
        dimensions: spec.dimensions,
      });
      this.metrics[spec.metricName] = filter.metric({ statistic: 'Sum', period: Duration.days(1) });
    }
  }
}
