import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { throwIfProblems } from '../../../constructs/core/validation-error';

/** One log source watched for silence: objects under `prefix` of `bucket`. */
export interface LogSource {
  /** Stable ID: the S3 metrics filter ID and the alarm name suffix (letters, digits, `-`, `_`, `.`). */
  readonly id: string;
  /** What the source is, for the alarm description (e.g. "VPC flow logs of 333333333333"). */
  readonly description: string;
  /**
   * The bucket the source writes to. A bucket of this stack gets the source's metrics configuration here; a
   * bucket named only (`{ bucketName }`, another stack of the same account and region) must carry it already
   * (`addSilenceMetrics` in its own stack).
   */
  readonly bucket: Bucket | { readonly bucketName: string };
  /** Key prefix the source writes under, with a trailing `/`; `''` for the whole bucket. */
  readonly prefix: string;
  /** Longest normal gap between two deliveries; longer without a new object raises the alarm. */
  readonly maxSilence: Duration;
}

export interface LogFreshnessAlarmsProps {
  /** The sources to watch. */
  readonly sources: readonly LogSource[];
  /** The security alarm topic (emails the security contact, like the CIS alarms). */
  readonly topic: ITopic;
  /** Alarm names are `<alarmNamePrefix><source id>`. @default 'LZ-LogSilence-' */
  readonly alarmNamePrefix?: string;
}

/**
 * Silence is an alarm: for each log source, an S3 request-metrics filter on its prefix and an alarm when no
 * `PutRequests` arrived for longer than the source's normal interval. Missing data counts as silence (S3 sends
 * no data point for a minute without requests), so a source that never started also alarms.
 *
 * Default settings: Sum of PutRequests < 1 over `maxSilence`, missing data breaching, alarm and OK actions to
 * the topic (so recovery is reported too).
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-dimensions.html (request metrics:
 *   namespace AWS/S3, PutRequests, dimensions BucketName and FilterId)
 */
/**
 * The S3 request-metrics filter a silence alarm reads (FilterId = the source's ID), for sources whose alarm lives in
 * another stack: the filter is a property of the bucket, so it stays with the bucket's stack.
 */
export function addSilenceMetrics(sources: readonly LogSource[]): void {
  for (const s of sources) if ('addMetric' in s.bucket) s.bucket.addMetric({ id: s.id, prefix: s.prefix || undefined });
}

/** Default name prefix of the log-silence alarms (the weekly summary reads the alarms by it). */
export const LOG_SILENCE_ALARM_PREFIX = 'LZ-LogSilence-';

export class LogFreshnessAlarms extends Construct {
  /** The alarms, by source ID. */
  public readonly alarms: Record<string, Alarm> = {};
  /** The alarms' names (literal strings, so another stack of the same account may name them without an export). */
  public readonly alarmNames: string[] = [];

  constructor(scope: Construct, id: string, props: LogFreshnessAlarmsProps) {
    super(scope, id);
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const s of props.sources) {
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(s.id)) problems.push(`sources: id "${s.id}" is not 1-64 letters, digits, '.', '-' or '_' (an S3 metrics filter ID)`);
      if (seen.has(s.id)) problems.push(`sources: id "${s.id}" is used twice`);
      seen.add(s.id);
      const hours = s.maxSilence.toHours({ integral: false });
      // CloudWatch evaluates an alarm over at most 7 days (periods of an hour or more).
      if (hours < 1 || hours > 168) problems.push(`sources: ${s.id}: maxSilence ${hours} hours is not between 1 and 168 hours`);
    }
    throwIfProblems(this, 'LogFreshnessAlarms', problems);

    const action = new SnsAction(props.topic);
    for (const s of props.sources) {
      if ('addMetric' in s.bucket) addSilenceMetrics([s]);
      const hours = Math.ceil(s.maxSilence.toHours({ integral: false }));
      const periodHours = hours <= 24 ? 1 : 6;
      const alarm = new Alarm(this, s.id, {
        alarmName: `${props.alarmNamePrefix ?? LOG_SILENCE_ALARM_PREFIX}${s.id}`,
        alarmDescription: `No new ${s.description} in s3://${s.bucket.bucketName}/${s.prefix} for ${hours} hours: delivery may have stopped. Runbook: docs/logging.md#silence`,
        metric: new Metric({
          namespace: 'AWS/S3',
          metricName: 'PutRequests',
          dimensionsMap: { BucketName: s.bucket.bucketName, FilterId: s.id },
          statistic: 'Sum',
          period: Duration.hours(periodHours),
        }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: Math.ceil(hours / periodHours),
        treatMissingData: TreatMissingData.BREACHING,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarms[s.id] = alarm;
      this.alarmNames.push(`${props.alarmNamePrefix ?? LOG_SILENCE_ALARM_PREFIX}${s.id}`);
    }
  }
}
