import { Match, Template } from 'aws-cdk-lib/assertions';
import { incidentResponseNames, logArchiveNames } from '../../../lib/names';
import { severityFilterPolicy } from '../../../lib/constructs/incident-response/notification-destinations';
import { triggerPattern } from '../../../lib/constructs/incident-response/automatic-containment';
import { bucketPolicyOf, resolveIntrinsics } from '../../cfn-resolve';
import { decide } from '../../policy-simulator';
import { buildApp, defaultConfig, defaultRawConfig, parseRaw, templateOf } from '../../helpers';

const config = defaultConfig();
const names = incidentResponseNames(config);
const t = templateOf('incidentResponse');
const json = t.toJSON();
const withIr = (ir: Record<string, unknown>) => {
  const raw = defaultRawConfig();
  raw.incidentResponse = ir;
  return parseRaw(raw);
};
const ORG = config.organization.id;
const SEC = names.account;
const writer = (account: string) => `arn:aws:iam::${account}:role/acme-ir-containment-eu-west-1`;
const object = `arn:aws:s3:::${names.evidenceBucketName}/cases/INC-1/333333333333/eu-west-1/IsolateEc2Instance/i-0123456789abcdef0/t-record.json`;
const policy = bucketPolicyOf(json, names.evidenceBucketName);
const keyPolicy = resolveIntrinsics(Object.values<any>(t.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy, json);
const admin = [{ Effect: 'Allow', Action: '*', Resource: '*' }];
const inOrg = (principal: string) => ({ 'aws:PrincipalOrgID': ORG, 'aws:PrincipalArn': principal, 'aws:PrincipalAccount': /:(\d{12}):/.exec(principal)![1] });

describe('evidence bucket (security-log account, home region)', () => {
  test('lives in the security-log account and home region, after the archive; after the home detection stack only when it subscribes to its topic', () => {
    const { lz } = buildApp(config, { checks: false });
    expect([lz.incidentResponse.account, lz.incidentResponse.region]).toEqual([SEC, 'eu-west-1']);
    expect(lz.incidentResponse.dependencies).toEqual([lz.logArchive]);
    const hooked = buildApp(withIr({ webhooks: [{ url: 'https://pager.example.com/hook' }] }), { checks: false }).lz;
    expect(hooked.incidentResponse.dependencies).toEqual(expect.arrayContaining([hooked.logArchive, hooked.detection[0]]));
  });

  test('Object Lock COMPLIANCE for the configured retention, own rotated key, versioned, access-logged, retained, expiring only when the lock ends', () => {
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketName: names.evidenceBucketName,
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2555 } } },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: logArchiveNames(config).accessLogBucketName, LogFilePrefix: `${names.evidenceBucketName}/` },
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } })] },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 2555, NoncurrentVersionExpiration: { NoncurrentDays: 2555 } })] },
      }),
    });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
    t.hasResourceProperties('AWS::KMS::Alias', { AliasName: names.evidenceKeyAlias });
  });

  test('the retention follows config', () => {
    const other = templateOf('incidentResponse', withIr({ evidenceRetentionDays: 400 }));
    other.hasResourceProperties('AWS::S3::Bucket', { ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 400 } } }, LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 400 })] } });
  });

  test('the archive\'s access-log bucket admits the evidence bucket\'s server access logs, by source bucket and account', () => {
    const archive = templateOf('logArchive').toJSON();
    const accessLogs = bucketPolicyOf(archive, logArchiveNames(config).accessLogBucketName);
    expect(accessLogs.Statement).toContainEqual(
      expect.objectContaining({
        Sid: 'IncidentEvidenceAccessLogs',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Condition: { ArnLike: { 'aws:SourceArn': names.evidenceBucketArn }, StringEquals: { 'aws:SourceAccount': SEC } },
      }),
    );
  });

  // PutObject as the handler sends it: SSE-KMS with the evidence key's alias ARN.
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html, condition keys:
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
  const put = (principal: string, context: Record<string, string> = {}) =>
    decide(policy, {
      principal,
      action: 's3:PutObject',
      resource: object,
      resourceAccount: SEC,
      identityStatements: admin,
      context: { 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': names.evidenceKeyAliasArn, ...inOrg(principal), ...context },
    });

  test('a member account\'s containment role writes evidence with the evidence key', async () => {
    expect(await put(writer('333333333333'))).toBe('Allowed');
    expect(await put(writer('555555555555'))).toBe('Allowed');
  });

  test('nobody else writes: not another role of the organization, not an administrator of the security-log account, not an outsider with the right role name', async () => {
    expect(await put('arn:aws:iam::333333333333:role/app-role')).not.toBe('Allowed');
    expect(await put(`arn:aws:iam::${SEC}:role/Admin`)).toBe('ExplicitlyDenied');
    expect(await put(writer('999999999999'), { 'aws:PrincipalOrgID': 'o-outsider000' })).not.toBe('Allowed');
  });

  test('a write naming another KMS key is refused', async () => {
    expect(await put(writer('333333333333'), { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:eu-west-1:333333333333:key/attacker' })).toBe('ExplicitlyDenied');
  });

  // GetObject: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
  const get = (principal: string, action = 's3:GetObject') =>
    decide(policy, { principal, action, resource: object, resourceAccount: SEC, identityStatements: admin, context: inOrg(principal) });

  test('only the incident-response role reads; an administrator of the same account and the writers do not; nobody deletes', async () => {
    expect(await get(names.responderRoleArn)).toBe('Allowed');
    expect(await get(`arn:aws:iam::${SEC}:role/Admin`)).toBe('ExplicitlyDenied');
    expect(await get(writer('333333333333'))).not.toBe('Allowed');
    expect(await get(names.responderRoleArn, 's3:DeleteObjectVersion')).toBe('ExplicitlyDenied');
    expect(await get(names.responderRoleArn, 's3:PutObjectRetention')).toBe('ExplicitlyDenied');
  });

  // S3 calls GenerateDataKey as the writer, through S3: https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
  test('the key lets the writers encrypt only through S3, and the responder decrypt only through S3', async () => {
    const key = `arn:aws:kms:eu-west-1:${SEC}:key/1111`;
    const kms = (principal: string, action: string, via?: string) =>
      decide(keyPolicy, { principal, action, resource: key, resourceAccount: SEC, identityStatements: admin, context: { ...inOrg(principal), ...(via ? { 'kms:ViaService': via } : {}) } });
    expect(await kms(writer('333333333333'), 'kms:GenerateDataKey', 's3.eu-west-1.amazonaws.com')).toBe('Allowed');
    expect(await kms(writer('333333333333'), 'kms:GenerateDataKey')).not.toBe('Allowed');
    expect(await kms(writer('333333333333'), 'kms:Decrypt', 's3.eu-west-1.amazonaws.com')).not.toBe('Allowed');
    expect(await kms(names.responderRoleArn, 'kms:Decrypt', 's3.eu-west-1.amazonaws.com')).toBe('Allowed');
  });
});

describe('incident-response role', () => {
  const trustOf = (tpl: Template) => Object.values<any>(tpl.findResources('AWS::IAM::Role', { Properties: { RoleName: names.responderRoleName } }))[0].Properties;

  test('by default: principals of the security-log account only with MFA, one-hour sessions', () => {
    const role = trustOf(t);
    expect(role.MaxSessionDuration).toBe(3600);
    const [only, ...more] = role.AssumeRolePolicyDocument.Statement;
    expect(more).toEqual([]);
    expect(only.Condition).toEqual({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
    expect(JSON.stringify(only.Principal)).toContain(`:iam::${SEC}:root`);
  });

  test('with configured principals: those users only with MFA, those roles by ARN', () => {
    const user = `arn:aws:iam::${SEC}:user/responder-1`;
    const role = `arn:aws:iam::${SEC}:role/SecOps`;
    const statements = trustOf(templateOf('incidentResponse', withIr({ responderPrincipals: [user, role] }))).AssumeRolePolicyDocument.Statement;
    expect(statements.map((s: any) => s.Condition)).toEqual([
      { ArnEquals: { 'aws:PrincipalArn': [user] }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      { ArnEquals: { 'aws:PrincipalArn': [role] } },
    ]);
  });

  test('the SSM administration role (fixed name) may assume only the members\' automation role, inside the organization', () => {
    t.hasResourceProperties('AWS::IAM::Role', { RoleName: 'AWS-SystemsManager-AutomationAdministrationRole' });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [{ Sid: 'AssumeMemberAutomationRole', Action: 'sts:AssumeRole', Effect: 'Allow', Resource: `arn:aws:iam::*:role/${names.automationRoleName}`, Condition: { StringEquals: { 'aws:ResourceOrgID': ORG } } }] },
    });
  });
});

describe('notifications', () => {
  test('by default: no chat channel, no webhook, no automatic containment', () => {
    for (const type of ['AWS::Chatbot::SlackChannelConfiguration', 'AWS::Chatbot::MicrosoftTeamsChannelConfiguration', 'AWS::SNS::Subscription', 'AWS::Events::Rule', 'AWS::SSM::Document']) t.resourceCountIs(type, 0);
  });

  test('a configured Slack channel and Teams channel receive the findings and alarm topics, through a role that can do nothing', () => {
    const chat = templateOf('incidentResponse', withIr({ chat: { slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' }, teams: { teamId: '11111111-2222-4333-8444-555555555555', tenantId: '11111111-2222-4333-8444-666666666666', channelId: '19:abc@thread.tacv2' } } }));
    const topics = [names.findingsTopicArn, names.alarmTopicArn];
    chat.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', { SlackWorkspaceId: 'T0123ABCD', SlackChannelId: 'C0123ABCD', SnsTopicArns: topics, GuardrailPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] });
    chat.hasResourceProperties('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', { TeamsChannelId: '19:abc@thread.tacv2', SnsTopicArns: topics });
    chat.hasResourceProperties('AWS::IAM::ManagedPolicy', { PolicyDocument: { Statement: [{ Sid: 'NotificationsOnly', Effect: 'Deny', Action: '*', Resource: '*' }] } });
  });

  test('each webhook gets the findings at or above its own threshold, and the alarms unless turned off', () => {
    const hooks = templateOf('incidentResponse', withIr({ webhooks: [{ url: 'https://pager.example.com/hook', minimumSeverity: 'CRITICAL' }, { url: 'https://tickets.example.com/in', minimumSeverity: 'MEDIUM', alarms: false }] }));
    hooks.hasResourceProperties('AWS::SNS::Subscription', { TopicArn: names.findingsTopicArn, Protocol: 'https', Endpoint: 'https://pager.example.com/hook', FilterPolicyScope: 'MessageBody', FilterPolicy: severityFilterPolicy('CRITICAL') });
    hooks.hasResourceProperties('AWS::SNS::Subscription', { TopicArn: names.alarmTopicArn, Endpoint: 'https://pager.example.com/hook' });
    hooks.hasResourceProperties('AWS::SNS::Subscription', { Endpoint: 'https://tickets.example.com/in', FilterPolicy: severityFilterPolicy('MEDIUM') });
    expect(Object.values<any>(hooks.findResources('AWS::SNS::Subscription')).filter((s) => s.Properties.Endpoint === 'https://tickets.example.com/in')).toHaveLength(1);
  });

  test('the filter policy maps one threshold onto each source\'s severity field', () => {
    expect(severityFilterPolicy('CRITICAL')).toEqual({
      $or: [
        { source: ['aws.guardduty', 'secure-landing-zone.incident-response'], detail: { severity: [{ numeric: ['>=', 9] }] } },
        { source: ['aws.securityhub'], detail: { findings: { Severity: { Label: ['CRITICAL'] } } } },
        { source: ['aws.inspector2'], detail: { severity: ['CRITICAL'] } },
      ],
    });
    expect((severityFilterPolicy('MEDIUM').$or as any[])[0].detail.severity).toEqual([{ numeric: ['>=', 4] }]);
    expect(severityFilterPolicy('HIGH').$or).toContainEqual({ source: ['aws.access-analyzer'] });
  });

  test('config refuses a webhook that is not https and an unknown action', () => {
    expect(() => withIr({ webhooks: [{ url: 'http://pager.example.com/hook' }] })).toThrow(/webhooks.*not an https:\/\/ URL/s);
    expect(() => withIr({ automaticContainment: [{ findingType: 'CryptoCurrency:EC2/*', action: 'TerminateInstance' }] })).toThrow(/action/);
  });
});

describe('automatic containment', () => {
  const auto = templateOf('incidentResponse', withIr({ automaticContainment: [{ findingType: 'CryptoCurrency:EC2/*', minimumSeverity: 7, action: 'IsolateEc2Instance' }] }));

  test('a configured trigger becomes a rule on the GuardDuty finding type (wildcard) and severity', () => {
    expect(triggerPattern({ findingType: 'CryptoCurrency:EC2/*', minimumSeverity: 7, action: 'IsolateEc2Instance' })).toEqual({
      source: ['aws.guardduty'],
      'detail-type': ['GuardDuty Finding'],
      detail: { type: [{ wildcard: 'CryptoCurrency:EC2/*' }], severity: [{ numeric: ['>=', 7] }] },
    });
    auto.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.guardduty'], detail: { type: [{ wildcard: 'CryptoCurrency:EC2/*' }] } },
      Targets: [
        Match.objectLike({
          Arn: `arn:aws:ssm:eu-west-1:${SEC}:automation-definition/acme-IR-AutomaticDispatch`,
          InputTransformer: Match.objectLike({ InputPathsMap: Match.objectLike({ resource: '$.detail.resource.instanceDetails.instanceId', account: '$.detail.accountId', region: '$.detail.region' }) }),
        }),
      ],
    });
  });

  test('the dispatch runbook tells people first, then runs the action in the finding\'s account and region as the member automation role', () => {
    const doc = Object.values<any>(auto.findResources('AWS::SSM::Document'))[0].Properties;
    expect(doc.Name).toBe('acme-IR-AutomaticDispatch');
    const [tell, run] = doc.Content.mainSteps;
    expect(tell).toMatchObject({ action: 'aws:executeAwsApi', inputs: { Service: 'sns', Api: 'Publish', TopicArn: names.findingsTopicArn } });
    expect(JSON.parse(tell.inputs.Message.replace('{{ Severity }}', '8')).source).toBe('secure-landing-zone.incident-response');
    expect(run.inputs).toMatchObject({
      Service: 'ssm',
      Api: 'StartAutomationExecution',
      DocumentName: 'acme-IR-{{ Action }}',
      TargetLocations: [{ Accounts: ['{{ AccountId }}'], Regions: ['{{ Region }}'], ExecutionRoleName: names.automationRoleName }],
    });
  });
});
