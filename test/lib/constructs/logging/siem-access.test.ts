import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { logArchiveNames } from '../../../../lib/names';
import { resolveIntrinsics } from '../../../cfn-resolve';
import { buildApp, defaultRawConfig, parseRaw, templateOf } from '../../../helpers';

const SIEM = '555555555555';
const raw = defaultRawConfig();
raw.logging.siem = { accountId: SIEM, externalId: 'siem-acme-logs', prefixes: ['AWSLogs/', 'guardduty/'] };
const config = parseRaw(raw);
const names = logArchiveNames(config);
const LOG = names.account;
const { lz } = buildApp(config, { checks: false });
const json = Template.fromStack(lz.logArchive).toJSON();
const template = Template.fromStack(lz.logArchive);
const orgJson = Template.fromStack(lz.organization).toJSON();
const rcps = Object.values<any>(orgJson.Resources)
  .filter((r) => r.Type === 'AWS::Organizations::Policy' && r.Properties.Type === 'RESOURCE_CONTROL_POLICY')
  .map((r) => ({ name: r.Properties.Name as string, policy: r.Properties.Content }));
const KEY_ARN = `arn:aws:kms:${names.region}:${LOG}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const keyPolicy = JSON.parse(
  JSON.stringify(resolveIntrinsics(Object.values<any>(json.Resources).find((r) => r.Type === 'AWS::KMS::Key' && r.Properties.Description?.startsWith('Log archive')).Properties.KeyPolicy, json)).replace(/ref-AWS::AccountId/g, LOG),
);
const role = Object.values<any>(json.Resources).find((r) => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName === names.siemRoleName);
const trust = resolveIntrinsics(role.Properties.AssumeRolePolicyDocument, json);
const readPolicy = Object.values<any>(json.Resources).find((r) => r.Type === 'AWS::IAM::ManagedPolicy' && r.Properties.PolicyDocument.Statement.some((s: any) => s.Sid === 'ReadObjects'));
const identity = JSON.parse(JSON.stringify(resolveIntrinsics(readPolicy.Properties.PolicyDocument.Statement, json)).replace(/arn:aws:kms:[^"]*:key\/[A-Za-z0-9]+/g, KEY_ARN));

async function evaluate(principal: string, action: string, resource: string, resourcePolicy: unknown, context: Record<string, string | string[]>, identityStatements: unknown[], principalOrg?: string) {
  const result = await runSimulation(
    {
      request: {
        principal, action, resource: { resource, accountId: LOG },
        contextVariables: {
          'aws:SecureTransport': 'true', 'aws:PrincipalArn': principal, 'aws:PrincipalAccount': principal.split(':')[4],
          'aws:PrincipalIsAWSService': 'false', ...(principalOrg ? { 'aws:PrincipalOrgID': principalOrg } : {}), ...context,
        },
      },
      identityPolicies: [{ name: 'identity', policy: { Version: '2012-10-17', Statement: identityStatements } }],
      serviceControlPolicies: [],
      resourceControlPolicies: [{ orgIdentifier: config.organization.rootId, policies: rcps }],
      resourcePolicy,
    } as any,
    {},
  );
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult === 'Allowed' ? 'Allowed' : 'Denied';
}

describe('SIEM access (logging.siem)', () => {
  test('the archive sends its events to EventBridge; a rule forwards the configured prefixes to an encrypted queue', () => {
    template.hasResourceProperties('AWS::S3::Bucket', { BucketName: names.bucketName, NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } } });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { object: { key: [{ prefix: 'AWSLogs/' }, { prefix: 'guardduty/' }] } } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: names.siemQueueName, KmsMasterKeyId: Match.anyValue(), RedrivePolicy: Match.anyValue() });
  });

  // The SIEM assumes the role with the agreed external ID:
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html
  const siemPrincipal = `arn:aws:iam::${SIEM}:role/splunk-s3-input`;
  const assume = (principal: string, context: Record<string, string>) =>
    evaluate(principal, 'sts:AssumeRole', names.siemRoleArn, trust, context, [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }], 'o-siemvendor1');

  test('the SIEM account assumes the role with the external ID, through the RCP', async () => {
    await expect(assume(siemPrincipal, { 'sts:ExternalId': 'siem-acme-logs' })).resolves.toBe('Allowed');
  });

  test('without the external ID, or from another account, the role cannot be assumed', async () => {
    await expect(assume(siemPrincipal, {})).resolves.toBe('Denied');
    await expect(assume(siemPrincipal, { 'sts:ExternalId': 'guess' })).resolves.toBe('Denied');
    await expect(assume(`arn:aws:iam::999999999999:role/splunk-s3-input`, { 'sts:ExternalId': 'siem-acme-logs' })).resolves.toBe('Denied');
  });

  test('the RCP admits the SIEM account to its reader role only: not another role, not the archive directly', async () => {
    // Resource policies that would allow anyone, so only the RCP decides. The SIEM is a trusted outside account
    // like a vendor: sts:AssumeRole on its reader role with its external ID, nothing else.
    const anyone = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: action, Resource: '*' }] });
    const assumeAny = [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }];
    const ctx = { 'sts:ExternalId': 'siem-acme-logs' };
    await expect(evaluate(siemPrincipal, 'sts:AssumeRole', names.siemRoleArn, anyone('sts:AssumeRole'), ctx, assumeAny, 'o-siemvendor1')).resolves.toBe('Allowed');
    await expect(
      evaluate(siemPrincipal, 'sts:AssumeRole', `arn:aws:iam::${LOG}:role/${names.investigatorRoleName}`, anyone('sts:AssumeRole'), ctx, assumeAny, 'o-siemvendor1'),
    ).resolves.toBe('Denied');
    const getAny = [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }];
    await expect(
      evaluate(siemPrincipal, 's3:GetObject', `arn:aws:s3:::${names.bucketName}/AWSLogs/333333333333/x`, anyone('s3:GetObject'), {}, getAny, 'o-siemvendor1'),
    ).resolves.toBe('Denied');
  });

  const roleArn = names.siemRoleArn;
  const archivePolicy = resolveIntrinsics(Object.values<any>(json.Resources).find((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket.Ref === Object.entries<any>(json.Resources).find(([, b]) => b.Properties?.BucketName === names.bucketName)![0]).Properties.PolicyDocument, json);
  const get = (key: string) => evaluate(roleArn, 's3:GetObject', `arn:aws:s3:::${names.bucketName}/${key}`, archivePolicy, {}, identity, config.organization.id);

  test('the role reads objects under the configured prefixes only', async () => {
    await expect(get(`AWSLogs/333333333333/vpcflowlogs/eu-west-1/2026/03/07/x.log.gz`)).resolves.toBe('Allowed');
    await expect(get(`guardduty/AWSLogs/${LOG}/GuardDuty/eu-west-1/2026/03/07/x.jsonl.gz`)).resolves.toBe('Allowed');
    await expect(get('ssm-session-logs/333333333333/s.log')).resolves.toBe('Denied');
  });

  test('the role cannot delete or write archived logs', async () => {
    for (const action of ['s3:DeleteObject', 's3:PutObject']) {
      await expect(evaluate(roleArn, action, `arn:aws:s3:::${names.bucketName}/AWSLogs/x`, archivePolicy, {}, identity, config.organization.id)).resolves.toBe('Denied');
    }
  });

  test('the role decrypts the archive only through S3', async () => {
    const decrypt = (context: Record<string, string>) => evaluate(roleArn, 'kms:Decrypt', KEY_ARN, keyPolicy, context, identity, config.organization.id);
    await expect(decrypt({ 'kms:ViaService': `s3.${names.region}.amazonaws.com` })).resolves.toBe('Allowed');
    await expect(decrypt({})).resolves.toBe('Denied');
  });

  test('off by default: no SIEM role, queue or EventBridge notification', () => {
    const t = templateOf('logArchive');
    t.resourceCountIs('AWS::SQS::Queue', 0);
    t.resourceCountIs('AWS::Events::Rule', 0);
    expect(JSON.stringify(t.toJSON())).not.toContain('EventBridgeEnabled');
  });
});
