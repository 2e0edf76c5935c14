import { Stack, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AlarmStateForwarding } from '../constructs/logging/alarm-state-forwarding';
import { BreakGlassAlarm } from '../constructs/logging/break-glass-alarm';
import { CisAlarms } from '../constructs/logging/cis-alarms';
import { OrganizationTrail, type OrganizationTrailProps } from '../constructs/logging/organization-trail';
import { SecurityAlarmTopic } from '../constructs/logging/security-alarm-topic';
import type { LandingZoneConfig } from '../config/schema';

export interface OrgTrailStackProps extends StackProps {
  readonly logging: Pick<LandingZoneConfig['logging'], 'cloudWatchRetentionDays' | 's3DataEvents'>;
  readonly notificationEmail: string;
  /** The guardrail-exempt role; every assumption of it raises an alarm. */
  readonly privilegedRoleName: string;
  /**
   * The security-log account's home-region event bus: the alarms' state changes go there, for the security dashboard.
   * @default - not forwarded
   */
  readonly securityEventBusArn?: string;
  readonly names: {
    readonly trailName: string;
    readonly logGroupName: string;
    readonly alarmTopicName: string;
    readonly alarmKeyAlias: string;
    /** Archive bucket in the security-log account. */
    readonly archiveBucketName: string;
    /** Archive key by alias ARN (the key lives in the security-log account). */
    readonly archiveKeyAliasArn: string;
    /** The landing zone's own log buckets, whose reads the trail records when `s3DataEvents.read` is `landing-zone`. */
    readonly landingZoneBuckets: readonly string[];
  };
}

/** Management account, home region: the organization trail, its log group, the CIS alarms and their topic. */
export class OrgTrailStack extends Stack {
  public readonly alarmTopic: SecurityAlarmTopic;
  public readonly trail: OrganizationTrail;
  public readonly cisAlarms: CisAlarms;
  public readonly breakGlassAlarm: BreakGlassAlarm;

  constructor(scope: Construct, id: string, props: OrgTrailStackProps) {
    super(scope, id, props);
    const { names } = props;
    this.alarmTopic = new SecurityAlarmTopic(this, 'AlarmTopic', {
      topicName: names.alarmTopicName,
      keyAlias: names.alarmKeyAlias,
      email: props.notificationEmail,
      logGroupNames: [names.logGroupName],
    });
    this.trail = new OrganizationTrail(this, 'OrganizationTrail', {
      trailName: names.trailName,
      bucketName: names.archiveBucketName,
      kmsKeyArn: names.archiveKeyAliasArn,
      logGroupName: names.logGroupName,
      logGroupKey: this.alarmTopic.key,
      logRetention: props.logging.cloudWatchRetentionDays as RetentionDays,
      s3DataEvents: dataEventScope(props.logging.s3DataEvents, names.landingZoneBuckets),
    });
    this.cisAlarms = new CisAlarms(this, 'CisAlarms', { logGroup: this.trail.logGroup, topic: this.alarmTopic.topic });
    this.breakGlassAlarm = new BreakGlassAlarm(this, 'BreakGlassAlarm', {
      logGroup: this.trail.logGroup,
      topic: this.alarmTopic.topic,
      roleName: props.privilegedRoleName,
    });
    if (props.securityEventBusArn) {
      new AlarmStateForwarding(this, 'AlarmStateForwarding', { securityEventBusArn: props.securityEventBusArn });
    }
  }
}

/** The config's `logging.s3DataEvents` (a switch, or writes and reads separately) as the trail's selector scope. */
export function dataEventScope(
  setting: LandingZoneConfig['logging']['s3DataEvents'],
  landingZoneBuckets: readonly string[],
): NonNullable<OrganizationTrailProps['s3DataEvents']> {
  if (typeof setting === 'boolean') return { write: setting, read: setting ? 'all' : 'none' };
  return { write: setting.write === 'all', read: setting.read === 'landing-zone' ? { buckets: landingZoneBuckets } : setting.read };
}
