import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterPattern, MetricFilter, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ValidationError } from '../../../constructs/core/validation-error';

/** Props for {@link BreakGlassAlarm}. */
export interface BreakGlassAlarmProps {
  /** Log group the organization trail streams to (it sees every account's AssumeRole calls). */
  readonly logGroup: ILogGroup;
  /** Topic the alarm notifies. */
  readonly topic: ITopic;
  /** Name of the guardrail-exempt role (the same in every account). */
  readonly roleName: string;
  /** Metric namespace. @default 'LandingZone' */
  readonly namespace?: string;
}

/** The CloudWatch Logs filter pattern matching any assumption of `roleName` in any account. */
export function breakGlassPattern(roleName: string): string {
  return `{ ($.eventSource = "sts.amazonaws.com") && ($.eventName = "AssumeRole") && ($.requestParameters.roleArn = "*:role/${roleName}") }`;
}

/**
 * Alarms on every use of the break-glass role: the one principal the guardrails exempt, so each use is
 * an incident to review.
 *
 * Default settings: Sum ≥ 1 in 5 minutes, missing data not breaching, namespace `LandingZone`.
 */
export class BreakGlassAlarm extends Construct {
  public readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: BreakGlassAlarmProps) {
    super(scope, id);
    if (!/^[\w+=,.@-]{1,64}$/.test(props.roleName)) {
      throw ValidationError.of(this, 'BreakGlassAlarm', [`roleName: "${props.roleName}" is not an IAM role name`]);
    }
    const filter = new MetricFilter(this, 'Filter', {
      logGroup: props.logGroup,
      filterPattern: FilterPattern.literal(breakGlassPattern(props.roleName)),
      metricNamespace: props.namespace ?? 'LandingZone',
      metricName: 'BreakGlassRoleAssumed',
      metricValue: '1',
    });
    this.alarm = new Alarm(this, 'Resource', {
      alarmName: `LZ-BreakGlassRoleAssumed`,
      alarmDescription: `The guardrail-exempt role ${props.roleName} was assumed. See docs/runbook.md#break-glass`,
      metric: filter.metric({ statistic: 'Sum', period: Duration.minutes(5) }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.alarm.addAlarmAction(new SnsAction(props.topic));
  }
}
