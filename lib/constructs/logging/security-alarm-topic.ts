import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { allowLogsToEncrypt } from '../../../constructs/core/logs-key';

export interface SecurityAlarmTopicProps {
  /** Topic name. */
  readonly topicName: string;
  /** Alias of the key encrypting the topic (and the log groups below). */
  readonly keyAlias: string;
  /** Email address subscribed to the topic (confirm the subscription after the first deploy). */
  readonly email: string;
  /** CloudWatch Logs groups (same account and region) that may encrypt with the key. @default [] */
  readonly logGroupNames?: readonly string[];
}

/**
 * The security alarm topic: SNS with a customer-managed key, TLS-only publishing, an email subscription, and a
 * key policy that lets CloudWatch alarms publish and the named log groups encrypt.
 *
 * Default settings: key rotation, RETAIN key, `aws:SecureTransport` enforced on the topic.
 *
 * @see CIS 4.x (alarm → subscribed topic); Security Hub SNS.1; cdk-nag AwsSolutions-SNS2/SNS3
 */
export class SecurityAlarmTopic extends Construct {
  public readonly topic: Topic;
  public readonly key: Key;

  constructor(scope: Construct, id: string, props: SecurityAlarmTopicProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new Key(this, 'Key', {
      description: `Security alarms: topic ${props.topicName} and its source log groups`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
      alias: props.keyAlias,
    });
    // CloudWatch alarms publish to an encrypted topic only if the service may use the key (statement as in the
    // SNS documentation, without conditions: which alarms may publish is decided by the topic policy below).
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    if (props.logGroupNames && props.logGroupNames.length > 0) {
      allowLogsToEncrypt(this.key, props.logGroupNames, 'CloudWatchLogsEncryptNamedLogGroups');
    }
    this.topic = new Topic(this, 'Resource', {
      topicName: props.topicName,
      masterKey: this.key,
      enforceSSL: true,
    });
    // A topic policy replaces SNS's default owner-account policy, so CloudWatch alarms need an explicit grant:
    // alarms of this account only.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccountPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) } },
      }),
    );
    this.topic.addSubscription(new EmailSubscription(props.email));
  }
}
