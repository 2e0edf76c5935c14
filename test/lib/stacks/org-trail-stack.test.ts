import { Match, Template } from 'aws-cdk-lib/assertions';
import { CIS_METRIC_FILTERS } from '../../../lib/constructs/logging/cis-alarms';
import { landingZoneBucketNames, logArchiveNames, organizationTrailNames } from '../../../lib/names';
import { buildApp, defaultConfig, defaultRawConfig, parseRaw } from '../../helpers';
import { resolveIntrinsics } from '../../cfn-resolve';
import { decide } from '../../policy-simulator';

const config = defaultConfig();
const trail = organizationTrailNames(config);
const archive = logArchiveNames(config);
const { lz } = buildApp(config, { checks: false });
const template = Template.fromStack(lz.orgTrail);
const json = template.toJSON();
const ofType = (type: string) => Object.entries<any>(json.Resources).filter(([, r]) => r.Type === type);

/** CIS v5.0 section 4 patterns, written out in full (4.1–4.3, 4.6 verbatim from the benchmark). */
const EXPECTED: Record<string, string> = {
  '4.1': '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
  '4.2': '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
  '4.3': '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  '4.4': '{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }',
  '4.5': '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
  '4.6': '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  '4.7': '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
  '4.8': '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
  '4.9': '{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }',
  '4.10': '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) || ($.eventName = ModifySecurityGroupRules) }',
  '4.11': '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
  '4.12': '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
  '4.13': '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }',
  '4.14': '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
  '4.15': '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = AcceptHandshake) || ($.eventName = AttachPolicy) || ($.eventName = CreateAccount) || ($.eventName = CreateOrganizationalUnit) || ($.eventName = CreatePolicy) || ($.eventName = DeclineHandshake) || ($.eventName = DeleteOrganization) || ($.eventName = DeleteOrganizationalUnit) || ($.eventName = DeletePolicy) || ($.eventName = DetachPolicy) || ($.eventName = DisablePolicyType) || ($.eventName = EnablePolicyType) || ($.eventName = InviteAccountToOrganization) || ($.eventName = LeaveOrganization) || ($.eventName = MoveAccount) || ($.eventName = RemoveAccountFromOrganization) || ($.eventName = UpdatePolicy) || ($.eventName = UpdateOrganizationalUnit)) }',
};

describe('CIS v5.0 section 4 alarms', () => {
  // The CIS section-4 set; the break-glass alarm beside it is tested on its own below.
  const filters = ofType('AWS::Logs::MetricFilter').map(([, r]) => r.Properties).filter((p) => p.MetricTransformations[0].MetricNamespace === 'CISBenchmark');
  const alarms = ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties).filter((p) => p.Namespace === 'CISBenchmark');
  const [topicId] = ofType('AWS::SNS::Topic')[0];

  test('there are fifteen filters, one per control, each equal to the CIS pattern and within the 1,024-character limit', () => {
    expect(CIS_METRIC_FILTERS.map((f) => f.control)).toEqual(Object.keys(EXPECTED));
    expect(filters).toHaveLength(15);
    for (const spec of CIS_METRIC_FILTERS) {
      const filter = filters.find((f) => f.MetricTransformations[0].MetricName === spec.metricName);
      expect(filter.FilterPattern).toBe(EXPECTED[spec.control]);
      expect(filter.FilterPattern.length).toBeLessThanOrEqual(1024);
      expect(filter.MetricTransformations[0].MetricValue).toBe('1');
    }
  });

  test('the break-glass role raises its own alarm to the same topic', () => {
    const breakGlass = ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties).find((p) => p.MetricName === 'BreakGlassRoleAssumed');
    expect(breakGlass.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  test('every alarm fires on one matching event and notifies the security topic', () => {
    expect(alarms).toHaveLength(15);
    for (const spec of CIS_METRIC_FILTERS) {
      const alarm = alarms.find((a) => a.MetricName === spec.metricName);
      expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Statistic: 'Sum', EvaluationPeriods: 1 });
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    }
  });

  test("the topic policy lets this account's alarms publish over TLS, and nobody else", async () => {
    const topicArn = `arn:aws:sns:${trail.region}:${trail.account}:${trail.alarmTopicName}`;
    const doc = JSON.parse(JSON.stringify(resolveIntrinsics(ofType('AWS::SNS::TopicPolicy')[0][1].Properties.PolicyDocument, json)).replaceAll(`ref-${topicId}`, topicArn));
    const publish = (sourceArn: string, tls = 'true') =>
      decide(doc, { principal: 'cloudwatch.amazonaws.com', action: 'sns:Publish', resource: topicArn, resourceAccount: trail.account, context: { 'aws:SourceArn': sourceArn, 'aws:SecureTransport': tls } });
    const ourAlarm = `arn:aws:cloudwatch:${trail.region}:${trail.account}:alarm:CIS-4.3-RootAccountUsage`;
    await expect(publish(ourAlarm)).resolves.toBe('Allowed');
    await expect(publish(ourAlarm, 'false')).resolves.toBe('ExplicitlyDenied');
    await expect(publish('arn:aws:cloudwatch:eu-west-1:999999999999:alarm:theirs')).resolves.not.toBe('Allowed');
  });

  test('the topic is KMS-encrypted, TLS-only and has the security email subscription', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: trail.alarmTopicName, KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email', Endpoint: config.security.notificationEmail, TopicArn: { Ref: topicId },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});

describe('organization trail', () => {
  test('is an organization, multi-region trail with validation, global events, the archive bucket and the key by alias ARN', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: trail.trailName,
      IsOrganizationTrail: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      IsLogging: true,
      S3BucketName: archive.bucketName,
      KMSKeyId: archive.keyAliasArn,
      AdvancedEventSelectors: Match.arrayWith([Match.objectLike({ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] })]),
    });
  });

  test('streams to a KMS-encrypted log group with the configured retention, retained', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: trail.logGroupName, RetentionInDays: config.logging.cloudWatchRetentionDays, KmsKeyId: Match.anyValue() },
      DeletionPolicy: 'Retain',
    });
  });

  test('by default records S3 object writes of every bucket (CIS 3.8) and reads of the landing zone\'s log buckets, in every region', () => {
    const selectors = template.toJSON().Resources[Object.keys(template.findResources('AWS::CloudTrail::Trail'))[0]].Properties.AdvancedEventSelectors;
    const data = selectors.filter((s: any) => JSON.stringify(s).includes('AWS::S3::Object'));
    expect(data).toHaveLength(2);
    expect(data[0].FieldSelectors).toContainEqual({ Field: 'readOnly', Equals: ['false'] });
    expect(JSON.stringify(data[0])).not.toContain('resources.ARN');
    const arns = JSON.stringify(data[1].FieldSelectors.find((f: any) => f.Field === 'resources.ARN').StartsWith);
    for (const bucket of landingZoneBucketNames(config)) expect(arns).toContain(`:s3:::${bucket}/`);
    expect(arns).toContain(`acme-elb-logs-222222222222-eu-central-1/`);
  });

  test('logging.s3DataEvents: true records reads and writes of every bucket in one selector; false none', () => {
    for (const [setting, count] of [[true, 1], [false, 0]] as const) {
      const raw = defaultRawConfig();
      raw.logging.s3DataEvents = setting;
      const t = Template.fromStack(buildApp(parseRaw(raw), { checks: false }).lz.orgTrail);
      const trail = Object.values<any>(t.findResources('AWS::CloudTrail::Trail'))[0];
      const data = trail.Properties.AdvancedEventSelectors.filter((s: any) => JSON.stringify(s).includes('AWS::S3::Object'));
      expect(data).toHaveLength(count);
      if (count) expect(JSON.stringify(data)).not.toMatch(/readOnly|resources\.ARN/);
    }
  });

  test('the alarm key has an alias under the landing-zone prefix and lets CloudWatch Logs encrypt only the trail log group', () => {
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: trail.alarmKeyAlias });
    expect(trail.alarmKeyAlias.startsWith(`alias/${config.organization.name}/`)).toBe(true);
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
            Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': [`arn:aws:logs:eu-west-1:${trail.account}:log-group:${trail.logGroupName}`] } },
          }),
        ]),
      },
    });
  });

  test('depends on the log-archive stack (the trail checks bucket and key access on creation)', () => {
    expect(lz.orgTrail.dependencies).toContain(lz.logArchive);
  });
});
