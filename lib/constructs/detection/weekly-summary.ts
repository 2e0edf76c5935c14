import * as path from 'path';
import { ArnFormat, Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, type IKey } from 'aws-cdk-lib/aws-kms';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { DefinitionBody, Errors, JsonPath, LogLevel, StateMachine, TaskInput } from 'aws-cdk-lib/aws-stepfunctions';
import { CallAwsService, LambdaInvoke, SnsPublish } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { allowLogsToEncrypt } from '../../../constructs/core/logs-key';
import { LOG_SILENCE_ALARM_PREFIX } from '../logging/log-freshness-alarms';

/** Every Monday 08:00 UTC: the week just ended, read at the start of the next. */
export const WEEKLY_SUMMARY_SCHEDULE = 'cron(0 8 ? * MON *)';

/** Props for {@link WeeklySummary}. */
export interface WeeklySummaryProps {
  /** The topic the summary is published to (the findings topic: email, and chat where subscribed). */
  readonly topic: ITopic;
  /** The key encrypting that topic: publishing to an encrypted topic needs it. */
  readonly topicKey: IKey;
  /** The organization Config aggregator whose compliance the summary compares. */
  readonly aggregatorName: string;
  /** Name prefix of the log-silence alarms (in this account and region). @default 'LZ-LogSilence-' */
  readonly silenceAlarmPrefix?: string;
  /** SSM parameter holding last week's counts (SecureString, written by the state machine). */
  readonly countsParameterName: string;
  /** Organization name, in the page's title. */
  readonly organizationName: string;
  /** Retention of the function's and state machine's logs. */
  readonly logRetention: RetentionDays;
  /** Schedule expression (UTC). @default WEEKLY_SUMMARY_SCHEDULE */
  readonly schedule?: string;
}

/**
 * The weekly security summary: EventBridge Scheduler → a Step Functions state machine → one function.
 *
 * The function reads Security Hub, the Config aggregator and Organizations and writes the page
 * (`lambda/weekly-summary`). The state machine does the three calls whose SDK clients the function does not
 * bundle, as Step Functions service integrations: `cloudwatch:DescribeAlarms` for the silent log sources before,
 * and after, `sns:Publish` of the page and `ssm:PutParameter` of this week's counts (read back next week).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-scheduler-schedule.html
 *
 * Default settings: Mondays 08:00 UTC; Scheduler retries for up to 2 hours (4 attempts) then dead-letters to an
 * encrypted queue (14 days); one customer-managed key (rotation, retained) for the counts, the queue and the logs;
 * each of the three roles is allowed exactly the calls it makes.
 */
export class WeeklySummary extends Construct {
  /** The function that builds the page. */
  public readonly handler: NodejsFunction;
  /** The state machine the schedule starts. */
  public readonly stateMachine: StateMachine;
  /** Events Scheduler could not deliver after its retries. */
  public readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: WeeklySummaryProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const key = new Key(this, 'Key', { description: 'Encrypts the weekly security summary: stored counts, dead letters, logs', enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    const logGroup = (logId: string) => new LogGroup(this, logId, { encryptionKey: key, retention: props.logRetention, removalPolicy: RemovalPolicy.RETAIN });
    allowLogsToEncrypt(key); // the two log groups' names are generated: this account's and region's log groups only

    // The function: reads only.
    const handlerLogs = logGroup('HandlerLogs');
    const handlerRole = new Role(this, 'HandlerRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: 'Weekly security summary: reads findings, compliance and accounts' });
    const aggregatorArn = stack.formatArn({ service: 'config', resource: 'config-aggregator', resourceName: '*' });
    const handlerPolicy = new ManagedPolicy(this, 'HandlerPolicy', {
      roles: [handlerRole],
      statements: [
        // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecurityhub.html (hub resource)
        new PolicyStatement({ sid: 'Findings', actions: ['securityhub:GetFindings'], resources: [stack.formatArn({ service: 'securityhub', resource: 'hub', resourceName: 'default' })] }),
        // Config aggregator ARNs end in a generated ID (config-aggregator/config-aggregator-xxxx), not the name.
        new PolicyStatement({ sid: 'Compliance', actions: ['config:GetAggregateConfigRuleComplianceSummary'], resources: [aggregatorArn] }),
        new PolicyStatement({ sid: 'Accounts', actions: ['organizations:ListAccounts'], resources: ['*'] }),
        new PolicyStatement({ sid: 'OwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [handlerLogs.logGroupArn] }),
      ],
    });
    Validations.of(handlerPolicy).acknowledge(
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'organizations:ListAccounts has no resource type in IAM; it is the only action on *' },
      { id: `AwsSolutions-IAM5[Resource::${findingArn(stack, aggregatorArn)}]`, reason: 'Config aggregator ARNs end in an ID Config generates, not the name; the statement allows one read-only action on this account\'s aggregators in this region' },
    );
    this.handler = new NodejsFunction(this, 'Handler', {
      entry: path.join(__dirname, '..', '..', '..', 'lambda', 'weekly-summary', 'index.ts'),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      role: handlerRole,
      timeout: Duration.minutes(5),
      memorySize: 256,
      reservedConcurrentExecutions: 1,
      description: 'Weekly security summary: builds the page',
      logGroup: handlerLogs,
      environment: { AGGREGATOR_NAME: props.aggregatorName, ORGANIZATION_NAME: props.organizationName },
      bundling: { minify: true, externalModules: ['@aws-sdk/*'] },
    });
    this.handler.node.addDependency(handlerPolicy);
    Validations.of(this.handler).acknowledge(
      { id: 'AwsSolutions-L1', reason: 'Pinned to Node.js 22, the runtime the landing zone standardizes on and whose bundled AWS SDK v3 it uses' },
      { id: 'NIST.800.53.R5-LambdaDLQ', reason: 'Invoked synchronously by its state machine, which retries it and publishes a failure notice when it fails; Scheduler dead-letters the undelivered runs' },
      { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: 'Calls only AWS APIs (Security Hub, Config, Organizations); the security-log account needs no VPC for it' },
    );

    // The state machine: the calls around the function, each allowed on its one resource.
    const parameterArn = stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: props.countsParameterName.replace(/^\//, ''), arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const prefix = props.silenceAlarmPrefix ?? LOG_SILENCE_ALARM_PREFIX;
    const alarmsArn = stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: `${prefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const retryThrottled = { errors: [Errors.ALL], interval: Duration.seconds(5), maxAttempts: 4, backoffRate: 2 };
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
    const readAlarms = new CallAwsService(this, 'ReadSilentSources', {
      service: 'cloudwatch',
      action: 'describeAlarms',
      iamAction: 'cloudwatch:DescribeAlarms',
      iamResources: [alarmsArn],
      parameters: { AlarmNamePrefix: prefix, StateValue: 'ALARM', AlarmTypes: ['MetricAlarm'], MaxRecords: 100 },
      resultSelector: { 'alarmNames.$': '$.MetricAlarms[*].AlarmName' },
      resultPath: '$.silentSources',
    });
    readAlarms.addRetry(retryThrottled);
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
    const readLastWeek = new CallAwsService(this, 'ReadLastWeek', {
      service: 'ssm',
      action: 'getParameter',
      iamAction: 'ssm:GetParameter',
      iamResources: [parameterArn],
      parameters: { Name: props.countsParameterName, WithDecryption: true },
      resultSelector: { 'value.$': '$.Parameter.Value' },
      resultPath: '$.previous',
    });
    readLastWeek.addRetry({ ...retryThrottled, errors: ['Ssm.SsmException', 'Ssm.ThrottlingException'] });
    const summarize = new LambdaInvoke(this, 'Summarize', { lambdaFunction: this.handler, payloadResponseOnly: true, resultPath: '$.summary', retryOnServiceExceptions: true });
    const publish = new SnsPublish(this, 'Publish', { topic: props.topic, subject: JsonPath.stringAt('$.summary.subject'), message: TaskInput.fromJsonPathAt('$.summary.text'), resultPath: JsonPath.DISCARD });
    publish.addRetry(retryThrottled);
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
    const storeCounts = new CallAwsService(this, 'StoreCounts', {
      service: 'ssm',
      action: 'putParameter',
      iamAction: 'ssm:PutParameter',
      iamResources: [parameterArn],
      parameters: { Name: props.countsParameterName, Type: 'SecureString', KeyId: key.keyArn, Overwrite: true, Value: JsonPath.stringAt('$.summary.countsJson') },
      resultPath: JsonPath.DISCARD,
    });
    storeCounts.addRetry(retryThrottled);
    const failed = new SnsPublish(this, 'PublishFailure', {
      topic: props.topic,
      subject: 'Weekly security summary FAILED',
      message: TaskInput.fromText(JsonPath.format('The weekly security summary could not be built this week ({}). See the state machine execution and the function logs.', JsonPath.stringAt('$.failure.Error'))),
      resultPath: JsonPath.DISCARD,
    });
    readAlarms.addCatch(readLastWeek, { resultPath: '$.silentSources' }); // {Error, Cause}: the page says it could not read them
    readLastWeek.addCatch(summarize, { resultPath: '$.lastWeekError' }); // first run: no parameter yet
    summarize.addCatch(failed, { resultPath: '$.failure' });
    const definition = readAlarms.next(readLastWeek).next(summarize).next(publish).next(storeCounts);

    const machineRole = new Role(this, 'StateMachineRole', {
      assumedBy: new ServicePrincipal('states.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      description: 'Weekly security summary: reads silence alarms and last week, runs the function, publishes, stores counts',
    });
    const machineLogs = logGroup('StateMachineLogs');
    this.stateMachine = new StateMachine(this, 'Resource', {
      definitionBody: DefinitionBody.fromChainable(definition),
      role: machineRole.withoutPolicyUpdates(), // the managed policy below is the whole grant
      timeout: Duration.minutes(30),
      tracingEnabled: true,
      logs: { destination: machineLogs, level: LogLevel.ALL, includeExecutionData: false },
      comment: 'Weekly security summary (docs/operations.md)',
    });
    const ssmViaService = { StringEquals: { 'kms:ViaService': `ssm.${stack.region}.amazonaws.com` } };
    const machinePolicy = new ManagedPolicy(this, 'StateMachinePolicy', {
      roles: [machineRole],
      statements: [
        new PolicyStatement({ sid: 'SilentSources', actions: ['cloudwatch:DescribeAlarms'], resources: [alarmsArn] }),
        new PolicyStatement({ sid: 'Counts', actions: ['ssm:GetParameter', 'ssm:PutParameter'], resources: [parameterArn] }),
        new PolicyStatement({ sid: 'CountsKey', actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], resources: [key.keyArn], conditions: ssmViaService }),
        new PolicyStatement({ sid: 'Summarize', actions: ['lambda:InvokeFunction'], resources: [this.handler.functionArn] }),
        new PolicyStatement({ sid: 'Publish', actions: ['sns:Publish'], resources: [props.topic.topicArn] }),
        // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html (a publisher to an encrypted topic)
        new PolicyStatement({ sid: 'PublishKey', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.topicKey.keyArn] }),
        // https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html and .../concepts-xray-tracing.html: no resource types.
        new PolicyStatement({
          sid: 'LogsAndTraces',
          actions: ['logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
          resources: ['*'],
        }),
      ],
    });
    this.stateMachine.node.addDependency(machinePolicy);
    Validations.of(machinePolicy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Step Functions log delivery (logs:*LogDelivery, resource policies) and X-Ray trace writes have no resource types in IAM; every other statement names its one resource',
    });
    Validations.of(machinePolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${findingArn(stack, alarmsArn)}]`,
      reason: `DescribeAlarms of the log-silence alarms only: every alarm named ${prefix}<source>, in this account and region`,
    });

    // Scheduler: its own role, a retry policy and a dead-letter queue.
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', { encryption: QueueEncryption.KMS, encryptionMasterKey: key, enforceSSL: true, retentionPeriod: Duration.days(14) });
    this.deadLetterQueue.applyRemovalPolicy(RemovalPolicy.RETAIN);
    Validations.of(this.deadLetterQueue).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This queue is the dead-letter queue of the weekly summary schedule; it has none of its own' });
    const schedulerRole = new Role(this, 'SchedulerRole', {
      // https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role (confused deputy)
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      description: 'Weekly security summary schedule: starts the state machine, dead-letters what it cannot deliver',
    });
    new ManagedPolicy(this, 'SchedulerPolicy', {
      roles: [schedulerRole],
      statements: [
        new PolicyStatement({ sid: 'Start', actions: ['states:StartExecution'], resources: [this.stateMachine.stateMachineArn] }),
        new PolicyStatement({ sid: 'DeadLetter', actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
        new PolicyStatement({ sid: 'DeadLetterKey', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn], conditions: { StringEquals: { 'kms:ViaService': `sqs.${stack.region}.amazonaws.com` } } }),
      ],
    });
    new CfnSchedule(this, 'Schedule', {
      description: 'secure-landing-zone: weekly security summary (docs/operations.md)',
      scheduleExpression: props.schedule ?? WEEKLY_SUMMARY_SCHEDULE,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: this.stateMachine.stateMachineArn,
        roleArn: schedulerRole.roleArn,
        input: '{}',
        retryPolicy: { maximumRetryAttempts: 4, maximumEventAgeInSeconds: 7200 },
        deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
      },
    });
  }
}

/** An ARN as cdk-nag names it in a finding: literal in an environment-bound stack, with `<AWS::...>` placeholders otherwise. */
function findingArn(stack: Stack, arn: string): string {
  const resolved = stack.resolve(arn) as unknown;
  if (typeof resolved === 'string') return resolved;
  const parts = (resolved as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  return parts.map((p) => (typeof p === 'string' ? p : `<${(p as { Ref: string }).Ref}>`)).join('');
}
