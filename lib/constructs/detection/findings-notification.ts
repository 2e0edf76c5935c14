import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import { EventBus, Rule, type EventPattern } from 'aws-cdk-lib/aws-events';
import { EventBus as EventBusTarget, SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** The findings that reach people, as EventBridge patterns. Runbook: docs/runbook.md, one section each. */
export const FINDING_PATTERNS: Record<string, EventPattern> = {
  /** GuardDuty findings of severity 7 or more (High and Critical). */
  GuardDutyHighSeverity: {
    source: ['aws.guardduty'],
    detailType: ['GuardDuty Finding'],
    detail: { severity: [{ numeric: ['>=', 7] }] },
  },
  /** New, active, failed Security Hub control findings rated CRITICAL or HIGH (aggregated into the home region). */
  SecurityHubCriticalHighFailed: {
    source: ['aws.securityhub'],
    detailType: ['Security Hub Findings - Imported'],
    detail: {
      findings: {
        Severity: { Label: ['CRITICAL', 'HIGH'] },
        Compliance: { Status: ['FAILED'] },
        Workflow: { Status: ['NEW'] },
        RecordState: ['ACTIVE'],
      },
    },
  },
  /** Active Access Analyzer findings: a resource shared publicly or with an account outside the organization. */
  AccessAnalyzerExternalAccess: {
    source: ['aws.access-analyzer'],
    detailType: ['Access Analyzer Finding'],
    detail: { status: ['ACTIVE'] },
  },
  /** Active Inspector findings rated CRITICAL. */
  InspectorCritical: {
    source: ['aws.inspector2'],
    detailType: ['Inspector2 Finding'],
    detail: { severity: ['CRITICAL'], status: ['ACTIVE'] },
  },
};

/** Props for {@link FindingsNotification}. */
export interface FindingsNotificationProps {
  /**
   * Home region: the topic, its key and the email subscription live here.
   * Other regions: matching findings are forwarded to `homeEventBusArn` and notified from there.
   */
  readonly home:
    | { readonly topicName: string; readonly keyAlias: string; readonly email: string }
    | { readonly homeEventBusArn: string };
}

/**
 * High-severity findings to people. In the home region: EventBridge rules → a KMS-encrypted SNS topic →
 * the security email. In every other region: the same rules forward the events to the home region's event
 * bus, so one topic and one subscription serve every region. Security Hub findings are matched only in the
 * home region, where the finding aggregator already collects every region's.
 *
 * Default settings: customer-managed key with rotation, TLS-only topic policy, key and topic retained.
 */
export class FindingsNotification extends Construct {
  /** The topic (home region only). */
  public readonly topic?: Topic;

  constructor(scope: Construct, id: string, props: FindingsNotificationProps) {
    super(scope, id);
    const isHome = 'topicName' in props.home;
    let target;
    if ('topicName' in props.home) {
      const key = new Key(this, 'Key', {
        alias: props.home.keyAlias,
        description: 'Encrypts the security findings topic',
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      // EventBridge publishes to the encrypted topic; it needs the key for the envelope.
      key.addToResourcePolicy(
        new PolicyStatement({
          sid: 'EventBridgePublishesFindings',
          principals: [new ServicePrincipal('events.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
        }),
      );
      this.topic = new Topic(this, 'Resource', {
        topicName: props.home.topicName,
        displayName: 'Security findings',
        masterKey: key,
        enforceSSL: true,
      });
      this.topic.applyRemovalPolicy(RemovalPolicy.RETAIN);
      this.topic.addSubscription(new EmailSubscription(props.home.email));
      target = new SnsTopic(this.topic);
    } else {
      // One role for every forwarding rule, with a reviewable managed policy: PutEvents on the home bus only.
      const role = new Role(this, 'ForwardRole', {
        assumedBy: new ServicePrincipal('events.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
        description: 'Forwards high-severity security findings to the home region event bus',
      });
      new ManagedPolicy(this, 'ForwardPolicy', {
        roles: [role],
        statements: [new PolicyStatement({ actions: ['events:PutEvents'], resources: [props.home.homeEventBusArn] })],
      });
      target = new EventBusTarget(EventBus.fromEventBusArn(this, 'HomeBus', props.home.homeEventBusArn), {
        role: role.withoutPolicyUpdates(), // the managed policy above already grants exactly this
      });
    }
    for (const [name, eventPattern] of Object.entries(FINDING_PATTERNS)) {
      if (name === 'SecurityHubCriticalHighFailed' && !isHome) continue;
      new Rule(this, name, { description: `secure-landing-zone: ${name} (runbook: docs/runbook.md#${name.toLowerCase()})`, eventPattern, targets: [target] });
    }
  }
}
