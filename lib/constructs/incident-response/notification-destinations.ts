import { Stack } from 'aws-cdk-lib';
import { CfnMicrosoftTeamsChannelConfiguration, CfnSlackChannelConfiguration } from 'aws-cdk-lib/aws-chatbot';
import { Effect, ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnSubscription } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { SEVERITY_LABELS, type IncidentResponseConfig } from '../../config/schema';

/** Source of the notices the automatic containment publishes (shaped like a GuardDuty event: `detail.severity`). */
export const CONTAINMENT_NOTICE_SOURCE = 'secure-landing-zone.incident-response';

/** GuardDuty's numeric bands: Low 1-3.9, Medium 4-6.9, High 7-8.9, Critical 9-10. @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html */
const GUARDDUTY_FLOOR: Record<(typeof SEVERITY_LABELS)[number], number> = { LOW: 1, MEDIUM: 4, HIGH: 7, CRITICAL: 9 };

/**
 * The SNS subscription filter policy (scope MessageBody: the EventBridge event itself) that lets through the
 * findings at or above `minimum`: GuardDuty and containment notices by numeric severity, Security Hub and
 * Inspector by label, Access Analyzer external access (rated HIGH) unless only CRITICAL is wanted.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html
 */
export function severityFilterPolicy(minimum: (typeof SEVERITY_LABELS)[number]): Record<string, unknown> {
  const labels = SEVERITY_LABELS.slice(SEVERITY_LABELS.indexOf(minimum));
  const branches: unknown[] = [
    { source: ['aws.guardduty', CONTAINMENT_NOTICE_SOURCE], detail: { severity: [{ numeric: ['>=', GUARDDUTY_FLOOR[minimum]] }] } },
    { source: ['aws.securityhub'], detail: { findings: { Severity: { Label: [...labels] } } } },
    { source: ['aws.inspector2'], detail: { severity: [...labels] } },
  ];
  if (minimum !== 'CRITICAL') branches.push({ source: ['aws.access-analyzer'] });
  return { $or: branches };
}

/** Props for {@link NotificationDestinations}. */
export interface NotificationDestinationsProps {
  /** Topic of findings (detection stack) and of alarms (log-archive stack), by ARN: same account and region. */
  readonly findingsTopicArn: string;
  readonly alarmTopicArn: string;
  /** Chat channel and webhooks (config `incidentResponse.chat`, `.webhooks`). @default - none */
  readonly chat?: IncidentResponseConfig['chat'];
  readonly webhooks?: IncidentResponseConfig['webhooks'];
  /** Name prefix of the chat channel configurations. */
  readonly namePrefix: string;
}

/**
 * Where people work: findings and alarms, besides email, to an AWS Chatbot channel (Slack or Microsoft Teams)
 * and to HTTPS webhooks, each webhook with its own severity threshold (subscription filter policy). Chatbot
 * subscribes to the topics itself and takes no filter policy: the channel receives what the findings topic
 * carries (HIGH and above, see FINDING_PATTERNS) and every alarm.
 *
 * Default settings: the chat role has no permissions and the channel's guardrail is ReadOnlyAccess, so the
 * channel can show, never change; webhooks must be https.
 */
export class NotificationDestinations extends Construct {
  constructor(scope: Construct, id: string, props: NotificationDestinationsProps) {
    super(scope, id);
    const topics = [props.findingsTopicArn, props.alarmTopicArn];
    if (props.chat?.slack || props.chat?.teams) {
      const role = new Role(this, 'ChatRole', {
        assumedBy: new ServicePrincipal('chatbot.amazonaws.com'),
        description: 'AWS Chatbot channel of security findings and alarms: notifications only, no permissions',
      });
      const readOnly = `arn:${Stack.of(this).partition}:iam::aws:policy/ReadOnlyAccess`;
      // Notifications only: an explicit deny of everything, so even a later attached policy cannot act from chat.
      new ManagedPolicy(this, 'ChatPolicy', {
        roles: [role],
        statements: [new PolicyStatement({ sid: 'NotificationsOnly', effect: Effect.DENY, actions: ['*'], resources: ['*'] })],
      });
      if (props.chat.slack) {
        new CfnSlackChannelConfiguration(this, 'Slack', {
          configurationName: `${props.namePrefix}-security-slack`,
          slackWorkspaceId: props.chat.slack.workspaceId,
          slackChannelId: props.chat.slack.channelId,
          iamRoleArn: role.roleArn,
          snsTopicArns: topics,
          guardrailPolicies: [readOnly],
          loggingLevel: 'ERROR',
        });
      }
      if (props.chat.teams) {
        new CfnMicrosoftTeamsChannelConfiguration(this, 'Teams', {
          configurationName: `${props.namePrefix}-security-teams`,
          teamId: props.chat.teams.teamId,
          teamsTenantId: props.chat.teams.tenantId,
          teamsChannelId: props.chat.teams.channelId,
          iamRoleArn: role.roleArn,
          snsTopicArns: topics,
          guardrailPolicies: [readOnly],
          loggingLevel: 'ERROR',
        });
      }
    }
    (props.webhooks ?? []).forEach((hook, i) => {
      new CfnSubscription(this, `Webhook${i}Findings`, {
        topicArn: props.findingsTopicArn,
        protocol: 'https',
        endpoint: hook.url,
        filterPolicyScope: 'MessageBody',
        filterPolicy: severityFilterPolicy(hook.minimumSeverity),
      });
      if (hook.alarms) new CfnSubscription(this, `Webhook${i}Alarms`, { topicArn: props.alarmTopicArn, protocol: 'https', endpoint: hook.url });
    });
  }
}
