import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { WEEKLY_SUMMARY_SCHEDULE } from '../../../../lib/constructs/detection/weekly-summary';
import { detectionNames } from '../../../../lib/names';
import { buildApp, defaultConfig } from '../../../helpers';
import { decide } from '../../../policy-simulator';

const config = defaultConfig();
const names = detectionNames(config);
const { lz } = buildApp(config, { checks: false });
const stack = lz.detection[0];
const home = Template.fromStack(stack);
const json = home.toJSON();
const ACCOUNT = stack.account;
const REGION = stack.region;
const resources: Record<string, any> = json.Resources;

/** A sample ARN of this stack's resource `logicalId`, shaped as AWS shapes the ARNs of its type. */
function sampleArn(logicalId: string): string {
  const shapes: Record<string, string> = {
    'AWS::KMS::Key': `arn:aws:kms:${REGION}:${ACCOUNT}:key/${logicalId}`,
    'AWS::Lambda::Function': `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${logicalId}`,
    'AWS::SNS::Topic': `arn:aws:sns:${REGION}:${ACCOUNT}:${logicalId}`,
    'AWS::SQS::Queue': `arn:aws:sqs:${REGION}:${ACCOUNT}:${logicalId}`,
    'AWS::StepFunctions::StateMachine': `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${logicalId}`,
    'AWS::Logs::LogGroup': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${logicalId}:*`,
  };
  const shape = shapes[resources[logicalId]?.Type];
  if (!shape) throw new Error(`no sample ARN for ${logicalId}`);
  return shape;
}

const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': REGION, 'AWS::AccountId': ACCOUNT, 'AWS::URLSuffix': 'amazonaws.com' };
/** A template value with `Fn::GetAtt`/`Ref` to this stack resolved to sample ARNs. */
const resolve = (v: any): any => {
  if (Array.isArray(v)) return v.map(resolve);
  if (v && typeof v === 'object') {
    if (v['Fn::GetAtt']) return sampleArn(v['Fn::GetAtt'][0]);
    if (v.Ref) return pseudo[v.Ref] ?? sampleArn(v.Ref);
    if (v['Fn::Join']) return v['Fn::Join'][1].map(resolve).join(v['Fn::Join'][0]);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
  }
  return v;
};
/** The statements of the managed policy whose logical ID starts with `prefix`. */
function statementsOf(prefix: string): any[] {
  const [, policy] = Object.entries(resources).find(([id, r]) => id.startsWith(prefix) && r.Type === 'AWS::IAM::ManagedPolicy')!;
  return resolve(policy.Properties.PolicyDocument.Statement);
}
/** The key policy of the key whose logical ID starts with `prefix` (KMS needs the key policy to allow too). */
const logicalIdOf = (type: string, prefix: string) => Object.keys(resources).find((id) => id.startsWith(prefix) && resources[id].Type === type)!;
const resolvedArn = (type: string, prefix: string) => sampleArn(logicalIdOf(type, prefix));
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const allowed = async (statements: any[], action: string, resource: string, context: Record<string, string> = {}) => {
  // A KMS request is decided by the key policy too: pass the policy of the key the ARN names.
  const key = action.startsWith('kms:') ? Object.keys(resources).find((id) => resource.endsWith(`key/${id}`)) : undefined;
  return decide(key ? resolve(resources[key].Properties.KeyPolicy) : undefined, { principal: role('summary'), action, resource, resourceAccount: ACCOUNT, identityStatements: statements, context });
};

describe('weekly summary (security-log account, home region)', () => {
  test('Scheduler starts the state machine every Monday 08:00 UTC, with a retry policy and an encrypted dead-letter queue', () => {
    home.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: WEEKLY_SUMMARY_SCHEDULE,
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: { Ref: logicalIdOf('AWS::StepFunctions::StateMachine', 'WeeklySummary') },
        RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 7200 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalIdOf('AWS::SQS::Queue', 'WeeklySummaryDeadLetterQueue'), 'Arn'] } },
      },
    });
    expect(WEEKLY_SUMMARY_SCHEDULE).toBe('cron(0 8 ? * MON *)');
    home.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: { 'Fn::GetAtt': [logicalIdOf('AWS::KMS::Key', 'WeeklySummaryKey'), 'Arn'] } });
    for (const other of lz.detection.slice(1)) Template.fromStack(other).resourceCountIs('AWS::Scheduler::Schedule', 0);
  });

  test('the function runs Node.js 22 with the aggregator name, logs encrypted and retained', () => {
    home.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      ReservedConcurrentExecutions: 1,
      Environment: { Variables: { AGGREGATOR_NAME: names.configAggregatorName, ORGANIZATION_NAME: config.organization.name } },
    });
    for (const id of ['WeeklySummaryHandlerLogs', 'WeeklySummaryStateMachineLogs']) {
      const group = resources[logicalIdOf('AWS::Logs::LogGroup', id)];
      expect(group.DeletionPolicy).toBe('Retain');
      expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [logicalIdOf('AWS::KMS::Key', 'WeeklySummaryKey'), 'Arn'] });
    }
  });

  test('the function\'s policy allows exactly the API calls its code sends', () => {
    // Every `new XCommand(` in the handler, as an IAM action of the client it is imported from.
    const source = fs.readFileSync(path.join(__dirname, '../../../../lambda/weekly-summary/index.ts'), 'utf8');
    const prefixOf: Record<string, string> = { securityhub: 'securityhub', 'config-service': 'config', organizations: 'organizations' };
    const commandPrefix = new Map<string, string>();
    for (const m of source.matchAll(/import \{([^}]+)\} from '@aws-sdk\/client-([\w-]+)'/g)) {
      for (const name of m[1].split(',').map((x) => x.trim())) if (name.endsWith('Command')) commandPrefix.set(name, prefixOf[m[2]]);
    }
    const called = [...source.matchAll(/new (\w+Command)\(/g)].map((m) => `${commandPrefix.get(m[1])}:${m[1].replace(/Command$/, '')}`);
    const granted = statementsOf('WeeklySummaryHandlerPolicy').filter((s) => s.Sid !== 'OwnLogs').flatMap((s) => [s.Action].flat());
    expect(new Set(granted)).toEqual(new Set(called));
    expect(called.sort()).toEqual(['config:GetAggregateConfigRuleComplianceSummary', 'organizations:ListAccounts', 'securityhub:GetFindings']);
  });

  test('the function may read findings, the aggregator\'s compliance and the account list, and change nothing', async () => {
    const s = statementsOf('WeeklySummaryHandlerPolicy');
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecurityhub.html: GetFindings on the hub.
    expect(await allowed(s, 'securityhub:GetFindings', `arn:aws:securityhub:${REGION}:${ACCOUNT}:hub/default`)).toBe('Allowed');
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsconfig.html: the aggregator ARN ends in its generated ID.
    expect(await allowed(s, 'config:GetAggregateConfigRuleComplianceSummary', `arn:aws:config:${REGION}:${ACCOUNT}:config-aggregator/config-aggregator-abcd1234`)).toBe('Allowed');
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html (no resource type: *)
    expect(await allowed(s, 'organizations:ListAccounts', '*')).toBe('Allowed');
    for (const [action, resource] of [
      ['securityhub:BatchUpdateFindings', `arn:aws:securityhub:${REGION}:${ACCOUNT}:hub/default`],
      ['securityhub:GetFindings', `arn:aws:securityhub:us-east-1:${ACCOUNT}:hub/default`],
      ['config:PutConfigurationAggregator', `arn:aws:config:${REGION}:${ACCOUNT}:config-aggregator/config-aggregator-abcd1234`],
      ['organizations:CreateAccount', '*'],
      ['organizations:LeaveOrganization', '*'],
      ['sns:Publish', `arn:aws:sns:${REGION}:${ACCOUNT}:${names.findingsTopicName}`],
    ]) {
      expect(await allowed(s, action, resource)).toBe('ImplicitlyDenied');
    }
  });

  test('the state machine may read the silence alarms and the counts parameter, run the function, publish to the findings topic, and nothing else', async () => {
    const s = statementsOf('WeeklySummaryStateMachinePolicy');
    const parameter = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${names.weeklySummaryCountsParameterName}`;
    const topic = resolvedArn('AWS::SNS::Topic', 'FindingsNotification');
    const fn = resolvedArn('AWS::Lambda::Function', 'WeeklySummaryHandler');
    const viaSsm = { 'kms:ViaService': `ssm.${REGION}.amazonaws.com` };
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html: DescribeAlarms on alarm ARNs.
    expect(await allowed(s, 'cloudwatch:DescribeAlarms', `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:LZ-LogSilence-cloudtrail`)).toBe('Allowed');
    expect(await allowed(s, 'ssm:GetParameter', parameter)).toBe('Allowed');
    expect(await allowed(s, 'ssm:PutParameter', parameter)).toBe('Allowed');
    expect(await allowed(s, 'kms:Encrypt', resolvedArn('AWS::KMS::Key', 'WeeklySummaryKey'), viaSsm)).toBe('Allowed');
    expect(await allowed(s, 'lambda:InvokeFunction', fn)).toBe('Allowed');
    expect(await allowed(s, 'sns:Publish', topic)).toBe('Allowed');
    expect(await allowed(s, 'kms:GenerateDataKey', resolvedArn('AWS::KMS::Key', 'FindingsNotificationKey'))).toBe('Allowed');
    for (const [action, resource, context] of [
      ['cloudwatch:DescribeAlarms', `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:CIS-4.1-UnauthorizedApiCalls`, {}],
      ['cloudwatch:DeleteAlarms', `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:LZ-LogSilence-cloudtrail`, {}],
      ['ssm:PutParameter', `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/other`, {}],
      ['ssm:DeleteParameter', parameter, {}],
      ['kms:Decrypt', resolvedArn('AWS::KMS::Key', 'WeeklySummaryKey'), {}], // outside SSM
      ['sns:Publish', `arn:aws:sns:${REGION}:${ACCOUNT}:other-topic`, {}],
      ['lambda:InvokeFunction', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:other`, {}],
    ] as const) {
      expect(await allowed(s, action, resource, context)).toBe('ImplicitlyDenied');
    }
  });

  test('the schedule\'s role may start only this state machine and dead-letter only to its queue', async () => {
    const s = statementsOf('WeeklySummarySchedulerPolicy');
    const machine = resolvedArn('AWS::StepFunctions::StateMachine', 'WeeklySummary');
    const queue = resolvedArn('AWS::SQS::Queue', 'WeeklySummaryDeadLetterQueue');
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
    expect(await allowed(s, 'states:StartExecution', machine)).toBe('Allowed');
    expect(await allowed(s, 'sqs:SendMessage', queue)).toBe('Allowed');
    expect(await allowed(s, 'kms:GenerateDataKey', resolvedArn('AWS::KMS::Key', 'WeeklySummaryKey'), { 'kms:ViaService': `sqs.${REGION}.amazonaws.com` })).toBe('Allowed');
    expect(await allowed(s, 'states:StartExecution', `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:other`)).toBe('ImplicitlyDenied');
    expect(await allowed(s, 'sqs:SendMessage', `arn:aws:sqs:${REGION}:${ACCOUNT}:other`)).toBe('ImplicitlyDenied');
    const trust = resolve(resources[logicalIdOf('AWS::IAM::Role', 'WeeklySummarySchedulerRole')].Properties.AssumeRolePolicyDocument.Statement[0]);
    expect(trust).toMatchObject({ Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } });
  });

  test('the state machine reads alarms and last week, then summarizes, publishes and stores; a failed summary is published as a failure', () => {
    const machine = resources[logicalIdOf('AWS::StepFunctions::StateMachine', 'WeeklySummary')];
    const body = machine.Properties.DefinitionString;
    const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : '<ref>')).join('');
    const states = JSON.parse(text).States;
    expect(JSON.parse(text).StartAt).toBe('ReadSilentSources');
    expect(states.ReadSilentSources).toMatchObject({ Resource: 'arn:<ref>:states:::aws-sdk:cloudwatch:describeAlarms', Next: 'ReadLastWeek', Parameters: { AlarmNamePrefix: 'LZ-LogSilence-', StateValue: 'ALARM' } });
    expect(states.ReadSilentSources.Catch[0]).toMatchObject({ ErrorEquals: ['States.ALL'], ResultPath: '$.silentSources', Next: 'ReadLastWeek' });
    expect(states.ReadLastWeek).toMatchObject({ Next: 'Summarize', Parameters: { WithDecryption: true } });
    expect(states.Summarize).toMatchObject({ Next: 'Publish', ResultPath: '$.summary' });
    expect(states.Summarize.Catch[0].Next).toBe('PublishFailure');
    expect(states.Publish).toMatchObject({ Next: 'StoreCounts', Parameters: { 'Message.$': '$.summary.text', 'Subject.$': '$.summary.subject' } });
    expect(states.StoreCounts).toMatchObject({ End: true, Parameters: { Type: 'SecureString', Overwrite: true, 'Value.$': '$.summary.countsJson', Name: names.weeklySummaryCountsParameterName } });
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(machine.Properties.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
  });
});
