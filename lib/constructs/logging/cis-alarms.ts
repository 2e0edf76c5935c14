import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** One CIS AWS Foundations Benchmark v5.0 section-4 monitoring control. */
export interface CisMetricFilterSpec {
  /** Control number, e.g. `4.1`. */
  readonly control: string;
  /** Metric name (also the construct ID suffix: never change it). */
  readonly metricName: string;
  /** What the alarm means, one line. */
  readonly title: string;
  /** The CloudWatch Logs filter pattern. */
  readonly pattern: string;
}

/** `{ ($.eventName = A) || ($.eventName = B) }`, optionally `&&`-ed with one event source. */
export function eventNamePattern(eventNames: readonly string[], eventSource?: string): string {
  const names = eventNames.map((n) => `($.eventName = ${n})`).join(' || ');
  return eventSource ? `{ ($.eventSource = ${eventSource}) && (${names}) }` : `{ ${names} }`;
}

/**
 * The fifteen CIS v5.0 section-4 filters. 4.1–4.3 and 4.6 are copied verbatim from the benchmark; the others
 * are built from the benchmark's event lists.
 */
export const CIS_METRIC_FILTERS: readonly CisMetricFilterSpec[] = [
  {
    control: '4.1',
    metricName: 'UnauthorizedAPICalls',
    title: 'Unauthorized API calls',
    pattern:
      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
  },
  {
    control: '4.2',
    metricName: 'ConsoleSignInWithoutMfa',
    title: 'Management console sign-in without MFA',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
  },
  {
    control: '4.3',
    metricName: 'RootAccountUsage',
    title: 'Usage of the root user',
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  {
    control: '4.4',
    metricName: 'IamPolicyChanges',
    title: 'IAM policy changes',
    pattern: eventNamePattern([
      'DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
      'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy',
      'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
    ]),
  },
  {
    control: '4.5',
    metricName: 'CloudTrailConfigChanges',
    title: 'CloudTrail configuration changes',
    pattern: eventNamePattern(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging']),
  },
  {
    control: '4.6',
    metricName: 'ConsoleAuthenticationFailures',
    title: 'Management console authentication failures',
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  },
  {
    control: '4.7',
    metricName: 'CmkDisabledOrScheduledForDeletion',
    title: 'Customer-managed keys disabled or scheduled for deletion',
    pattern: eventNamePattern(['DisableKey', 'ScheduleKeyDeletion'], 'kms.amazonaws.com'),
  },
  {
    control: '4.8',
    metricName: 'S3BucketPolicyChanges',
    title: 'S3 bucket policy changes',
    pattern: eventNamePattern(
      [
        'PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication', 'DeleteBucketPolicy',
        'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication',
      ],
      's3.amazonaws.com',
    ),
  },
  {
    control: '4.9',
    metricName: 'ConfigChanges',
    title: 'AWS Config configuration changes',
    pattern: eventNamePattern(
      ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'],
      'config.amazonaws.com',
    ),
  },
  {
    control: '4.10',
    metricName: 'SecurityGroupChanges',
    title: 'Security group changes',
    pattern: eventNamePattern([
      'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress',
      'CreateSecurityGroup', 'DeleteSecurityGroup', 'ModifySecurityGroupRules',
    ]),
  },
  {
    control: '4.11',
    metricName: 'NaclChanges',
    title: 'Network ACL changes',
    pattern: eventNamePattern([
      'CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry',
      'ReplaceNetworkAclAssociation',
    ]),
  },
  {
    control: '4.12',
    metricName: 'NetworkGatewayChanges',
    title: 'Network gateway changes',
    pattern: eventNamePattern([
      'CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway',
      'DetachInternetGateway',
    ]),
  },
  {
    control: '4.13',
    metricName: 'RouteTableChanges',
    title: 'Route table changes',
    pattern: eventNamePattern([
      'CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute',
      'DisassociateRouteTable',
    ]),
  },
  {
    control: '4.14',
    metricName: 'VpcChanges',
    title: 'VPC changes',
    pattern: eventNamePattern([
      'CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection',
      'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc',
      'DisableVpcClassicLink', 'EnableVpcClassicLink',
    ]),
  },
  {
    control: '4.15',
    metricName: 'OrganizationsChanges',
    title: 'AWS Organizations changes',
    pattern: eventNamePattern(
      [
        'AcceptHandshake', 'AttachPolicy', 'CreateAccount', 'CreateOrganizationalUnit', 'CreatePolicy', 'DeclineHandshake',
        'DeleteOrganization', 'DeleteOrganizationalUnit', 'DeletePolicy', 'DetachPolicy', 'DisablePolicyType', 'EnablePolicyType',
        'InviteAccountToOrganization', 'LeaveOrganization', 'MoveAccount', 'RemoveAccountFromOrganization', 'UpdatePolicy',
        'UpdateOrganizationalUnit',
      ],
      'organizations.amazonaws.com',
    ),
  },
];

export interface CisAlarmsProps {
  /** Log group the organization trail streams to. */
  readonly logGroup: ILogGroup;
  /** Topic every alarm notifies (it needs a subscription for the control to pass). */
  readonly topic: ITopic;
  /** Metric namespace. @default 'CISBenchmark' */
  readonly namespace?: string;
  /** The controls to implement. @default CIS_METRIC_FILTERS (all fifteen) */
  readonly filters?: readonly CisMetricFilterSpec[];
}

/**
 * CIS AWS Foundations Benchmark v5.0 section 4: a metric filter on the trail's log group and an alarm
 * (Sum ≥ 1 in 5 minutes) to the security topic for each control.
 *
 * Default settings: all fifteen controls, namespace `CISBenchmark`, missing data is not breaching.
 *
 * @see CIS 4.1–4.15; Security Hub CloudWatch.1–14
 */
export class CisAlarms extends Construct {
  public readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: CisAlarmsProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'CISBenchmark';
    const action = new SnsAction(props.topic);
    for (const spec of props.filters ?? CIS_METRIC_FILTERS) {
      const filter = new MetricFilter(this, `${spec.metricName}Filter`, {
        logGroup: props.logGroup,
        filterPattern: FilterPattern.literal(spec.pattern),
        metricNamespace: namespace,
        metricName: spec.metricName,
        metricValue: '1',
      });
      const alarm = new Alarm(this, `${spec.metricName}Alarm`, {
        alarmName: `CIS-${spec.control}-${spec.metricName}`,
        alarmDescription: `CIS ${spec.control}: ${spec.title}. See docs/logging.md#cis-${spec.control.replace('.', '-')}`,
        metric: filter.metric({ statistic: 'Sum', period: Duration.minutes(5) }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      this.alarms.push(alarm);
    }
  }
}
