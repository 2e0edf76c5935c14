import { Aws } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { EventBus as EventBusTarget } from 'aws-cdk-lib/aws-events-targets';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { landingZoneAlarmStatePattern } from '../detection/findings-log';

/** Props for {@link AlarmStateForwarding}. */
export interface AlarmStateForwardingProps {
  /** The security-log account's home-region default bus (`detectionNames(config).homeEventBusArn`). */
  readonly securityEventBusArn: string;
}

/**
 * Sends the state changes of this account's landing-zone alarms (CIS-*, LZ-*) to the security-log account, whose
 * findings log records them for the security dashboard. A dashboard cannot show another account's alarms without
 * CloudWatch cross-account observability, which shares metrics, logs and traces but not alarms; the state-change
 * events carry exactly what the dashboard shows (alarm, account, state, since when) with no second copy of any alarm.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html
 *
 * Default settings: one rule; a role EventBridge assumes, whose customer-managed policy allows PutEvents on that bus only.
 */
export class AlarmStateForwarding extends Construct {
  constructor(scope: Construct, id: string, props: AlarmStateForwardingProps) {
    super(scope, id);
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('events.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      description: 'Forwards landing-zone alarm state changes to the security-log account',
    });
    new ManagedPolicy(this, 'Policy', {
      roles: [role],
      statements: [new PolicyStatement({ actions: ['events:PutEvents'], resources: [props.securityEventBusArn] })],
    });
    new Rule(this, 'Resource', {
      description: 'secure-landing-zone: landing-zone alarm state changes to the security dashboard (docs/operations.md)',
      eventPattern: landingZoneAlarmStatePattern(),
      targets: [new EventBusTarget(EventBus.fromEventBusArn(this, 'SecurityBus', props.securityEventBusArn), { role: role.withoutPolicyUpdates() })],
    });
  }
}
