import { Match, Template } from 'aws-cdk-lib/assertions';
import { logArchiveNames, organizationTrailNames } from '../../../lib/names';
import { buildApp, defaultConfig, parseRaw, defaultRawConfig, templateOf } from '../../helpers';
import { bucketPolicyOf, resolveIntrinsics } from '../../cfn-resolve';
import { decide } from '../../policy-simulator';

const config = defaultConfig();
const names = logArchiveNames(config);
const trail = organizationTrailNames(config);
const ORG = config.organization.id;
const LOG_ACCOUNT = names.account;
const template = templateOf('logArchive');
const json = template.toJSON();
const archivePolicy = bucketPolicyOf(json, names.bucketName);
const configPolicy = bucketPolicyOf(json, names.configBucketName);
const keyPolicy = resolveIntrinsics(Object.values<any>(json.Resources).find((r) => r.Type === 'AWS::KMS::Key').Properties.KeyPolicy, json);
const obj = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;
const KEY_ARN = `arn:aws:kms:${names.region}:${LOG_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ADMIN = `arn:aws:iam::${LOG_ACCOUNT}:role/AWSReservedSSO_Administrator_0123456789abcdef`;
const adminIdentity = [{ Effect: 'Allow', Action: '*', Resource: '*' }];

describe('archive bucket policy', () => {
  const put = (principal: string, key: string, context: Record<string, string>) =>
    decide(archivePolicy, { principal, action: 's3:PutObject', resource: obj(names.bucketName, key), resourceAccount: LOG_ACCOUNT, context });

  test('admits the organization trail for member accounts and the management account', async () => {
    const ctx = { 'aws:SourceArn': trail.trailArn, 's3:x-amz-acl': 'bucket-owner-full-control' };
    await expect(put('cloudtrail.amazonaws.com', `AWSLogs/${ORG}/333333333333/CloudTrail/eu-west-1/2026/01/01/x.json.gz`, ctx)).resolves.toBe('Allowed');
    await expect(put('cloudtrail.amazonaws.com', `AWSLogs/${trail.account}/CloudTrail/eu-west-1/2026/01/01/x.json.gz`, ctx)).resolves.toBe('Allowed');
  });

  test("denies another organization's trail writing into the archive", async () => {
    const ctx = { 'aws:SourceArn': 'arn:aws:cloudtrail:eu-west-1:999999999999:trail/theirs', 's3:x-amz-acl': 'bucket-owner-full-control' };
    await expect(put('cloudtrail.amazonaws.com', `AWSLogs/${ORG}/999999999999/CloudTrail/x.json.gz`, ctx)).resolves.not.toBe('Allowed');
  });

  test("admits this organization's flow-log and resolver-log delivery, not another organization's", async () => {
    const key = 'AWSLogs/333333333333/vpcflowlogs/eu-west-1/2026/01/01/x.log.gz';
    const acl = { 's3:x-amz-acl': 'bucket-owner-full-control' };
    await expect(put('delivery.logs.amazonaws.com', key, { ...acl, 'aws:SourceOrgID': ORG, 'aws:SourceAccount': '333333333333' })).resolves.toBe('Allowed');
    await expect(put('delivery.logs.amazonaws.com', key, { ...acl, 'aws:SourceOrgID': 'o-otherorg123', 'aws:SourceAccount': '999999999999' })).resolves.not.toBe('Allowed');
  });

  test("admits this organization's GuardDuty exports under guardduty/ only", async () => {
    await expect(put('guardduty.amazonaws.com', 'guardduty/eu-west-1/x.jsonl.gz', { 'aws:SourceOrgID': ORG })).resolves.toBe('Allowed');
    await expect(put('guardduty.amazonaws.com', 'guardduty/eu-west-1/x.jsonl.gz', { 'aws:SourceOrgID': 'o-otherorg123' })).resolves.not.toBe('Allowed');
    await expect(put('guardduty.amazonaws.com', 'AWSLogs/x', { 'aws:SourceOrgID': ORG })).resolves.not.toBe('Allowed');
  });

  test("admits session-log uploads by the organization's instance roles under their own account only, not outsiders", async () => {
    // Cross-account: the instance role's own policy allows the upload; the bucket policy decides.
    const upload = (principal: string, orgId: string, key: string) =>
      decide(archivePolicy, {
        principal, action: 's3:PutObject', resource: obj(names.bucketName, key), resourceAccount: LOG_ACCOUNT,
        identityStatements: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }],
        context: { 'aws:PrincipalOrgID': orgId, 'aws:PrincipalArn': principal, 'aws:PrincipalAccount': principal.split(':')[4] },
      });
    await expect(upload('arn:aws:iam::333333333333:role/bastion', ORG, 'ssm-session-logs/333333333333/s.log')).resolves.toBe('Allowed');
    // Another account's prefix: no account can overwrite another's session logs.
    await expect(upload('arn:aws:iam::333333333333:role/bastion', ORG, 'ssm-session-logs/444444444444/s.log')).resolves.not.toBe('Allowed');
    await expect(upload('arn:aws:iam::999999999999:role/intruder', 'o-otherorg123', 'ssm-session-logs/999999999999/s.log')).resolves.not.toBe('Allowed');
  });

  test('denies requests without TLS, even from the trail', async () => {
    const ctx = { 'aws:SourceArn': trail.trailArn, 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SecureTransport': 'false' };
    await expect(put('cloudtrail.amazonaws.com', `AWSLogs/${ORG}/333333333333/CloudTrail/x.json.gz`, ctx)).resolves.toBe('ExplicitlyDenied');
  });

  test.each(['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention'])('denies %s to an ordinary administrator', async (action) => {
    const decision = await decide(archivePolicy, {
      principal: ADMIN, action, resource: obj(names.bucketName, 'AWSLogs/x'), resourceAccount: LOG_ACCOUNT,
      identityStatements: adminIdentity, context: { 'aws:PrincipalArn': ADMIN },
    });
    expect(decision).toBe('ExplicitlyDenied');
  });

  test.each(['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutLifecycleConfiguration', 's3:PutEncryptionConfiguration', 's3:PutBucketObjectLockConfiguration', 's3:PutBucketLogging', 's3:PutBucketVersioning', 's3:DeleteBucket'])(
    'denies %s to an ordinary administrator but not to the exempt break-glass role',
    async (action) => {
      const request = (principal: string) => ({
        principal, action, resource: `arn:aws:s3:::${names.bucketName}`, resourceAccount: LOG_ACCOUNT,
        identityStatements: adminIdentity, context: { 'aws:PrincipalArn': principal },
      });
      await expect(decide(archivePolicy, request(ADMIN))).resolves.toBe('ExplicitlyDenied');
      const breakGlass = `arn:aws:iam::${LOG_ACCOUNT}:role/${config.organization.privilegedRoleName}`;
      await expect(decide(archivePolicy, request(breakGlass))).resolves.toBe('Allowed');
    },
  );
});

describe('Config bucket policy', () => {
  const put = (context: Record<string, string>) =>
    decide(configPolicy, {
      principal: 'config.amazonaws.com', action: 's3:PutObject', resourceAccount: LOG_ACCOUNT,
      resource: obj(names.configBucketName, 'AWSLogs/333333333333/Config/eu-central-1/2026/1/1/ConfigHistory/x.json.gz'), context,
    });

  test("admits this organization's Config delivery from any account and region, not another organization's", async () => {
    const acl = { 's3:x-amz-acl': 'bucket-owner-full-control' };
    await expect(put({ ...acl, 'aws:SourceOrgID': ORG, 'aws:SourceAccount': '333333333333' })).resolves.toBe('Allowed');
    await expect(put({ ...acl, 'aws:SourceOrgID': 'o-otherorg123', 'aws:SourceAccount': '999999999999' })).resolves.not.toBe('Allowed');
  });

  test("admits the organization's Config service-linked role", async () => {
    const slr = 'arn:aws:iam::333333333333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig';
    const decision = await decide(configPolicy, {
      principal: slr, action: 's3:PutObject', resourceAccount: LOG_ACCOUNT,
      resource: obj(names.configBucketName, 'AWSLogs/333333333333/Config/x.json.gz'),
      context: { 'aws:PrincipalOrgID': ORG, 'aws:PrincipalArn': slr, 'aws:PrincipalAccount': '333333333333' },
      identityStatements: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }],
    });
    expect(decision).toBe('Allowed');
  });
});

describe('archive key policy', () => {
  const kms = (principal: string, action: string, context: Record<string, string>, identityStatements?: unknown[]) =>
    decide(keyPolicy, { principal, action, resource: KEY_ARN, resourceAccount: LOG_ACCOUNT, context, identityStatements });

  test('lets CloudTrail encrypt only for the organization trail', async () => {
    // iam-simulate ignores kms:EncryptionContext:<key> context keys, so the encryption-context condition is
    // checked as a pattern here and the rest of the policy is evaluated without it.
    const contextKey = 'kms:EncryptionContext:aws:cloudtrail:arn';
    const statement = keyPolicy.Statement.find((st: any) => st.Condition?.StringLike?.[contextKey]);
    const patterns: string[] = [statement.Condition.StringLike[contextKey]].flat();
    const glob = (p: string) => new RegExp(`^${p.split('*').map((x) => x.replace(/[.?+^$()[\]{}|\\/]/g, '\\$&')).join('.*')}$`);
    const theirs = 'arn:aws:cloudtrail:eu-west-1:999999999999:trail/theirs';
    expect(patterns.some((p) => glob(p).test(trail.trailArn))).toBe(true);
    expect(patterns.some((p) => glob(p).test(theirs))).toBe(false);
    const withoutContext = JSON.parse(JSON.stringify(keyPolicy));
    for (const st of withoutContext.Statement) if (st.Condition?.StringLike?.[contextKey]) delete st.Condition.StringLike;
    const encrypt = (sourceArn: string) =>
      decide(withoutContext, { principal: 'cloudtrail.amazonaws.com', action: 'kms:GenerateDataKey', resource: KEY_ARN, resourceAccount: LOG_ACCOUNT, context: { 'aws:SourceArn': sourceArn } });
    await expect(encrypt(trail.trailArn)).resolves.toBe('Allowed');
    await expect(encrypt(theirs)).resolves.not.toBe('Allowed');
  });

  test('lets Config and flow-log delivery use the key only for this organization', async () => {
    for (const service of ['config.amazonaws.com', 'delivery.logs.amazonaws.com']) {
      await expect(kms(service, 'kms:GenerateDataKey', { 'aws:SourceOrgID': ORG })).resolves.toBe('Allowed');
      await expect(kms(service, 'kms:GenerateDataKey', { 'aws:SourceOrgID': 'o-otherorg123' })).resolves.not.toBe('Allowed');
    }
  });

  test('lets the investigator role decrypt, and nobody else in the account, not even an administrator', async () => {
    const decryptAll = [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }];
    await expect(kms(names.investigatorRoleArn, 'kms:Decrypt', { 'aws:PrincipalArn': names.investigatorRoleArn }, decryptAll)).resolves.toBe('Allowed');
    await expect(kms(ADMIN, 'kms:Decrypt', { 'aws:PrincipalArn': ADMIN }, adminIdentity)).resolves.not.toBe('Allowed');
    await expect(kms(ADMIN, 'kms:CreateGrant', { 'aws:PrincipalArn': ADMIN }, adminIdentity)).resolves.not.toBe('Allowed');
  });

  test('denies key-policy changes and deletion to an administrator, allows them to the deployment role', async () => {
    await expect(kms(ADMIN, 'kms:ScheduleKeyDeletion', { 'aws:PrincipalArn': ADMIN }, adminIdentity)).resolves.toBe('ExplicitlyDenied');
    await expect(kms(ADMIN, 'kms:PutKeyPolicy', { 'aws:PrincipalArn': ADMIN }, adminIdentity)).resolves.toBe('ExplicitlyDenied');
    const deployer = `arn:aws:iam::${LOG_ACCOUNT}:role/cdk-${config.organization.cdkBootstrapQualifier}-cfn-exec-role-${LOG_ACCOUNT}-eu-west-1`;
    await expect(kms(deployer, 'kms:PutKeyPolicy', { 'aws:PrincipalArn': deployer }, adminIdentity)).resolves.toBe('Allowed');
  });
});

describe('log-archive resources', () => {
  test('the archive bucket has Object Lock, SSE-KMS with a bucket key, versioning and lifecycle from config', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: names.bucketName,
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 365 } } },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ ExpirationInDays: 2555, Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }], Status: 'Enabled' })],
      },
      LoggingConfiguration: { LogFilePrefix: `${names.bucketName}/` },
    });
  });

  test('the Config and ELB buckets have no Object Lock; the ELB bucket is SSE-S3', () => {
    const buckets = Object.values<any>(json.Resources).filter((r) => r.Type === 'AWS::S3::Bucket');
    expect(buckets.find((b) => b.Properties.BucketName === names.configBucketName).Properties.ObjectLockEnabled).toBeUndefined();
    const elb = buckets.find((b) => b.Properties.BucketName === names.sseS3BucketName);
    expect(elb.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
  });

  test('omitting logging.objectLock turns Object Lock off', () => {
    const raw = defaultRawConfig();
    delete raw.logging.objectLock;
    const t = Template.fromStack(buildApp(parseRaw(raw), { checks: false }).lz.logArchive).toJSON();
    const archive = Object.values<any>(t.Resources).find((r) => r.Properties?.BucketName === names.bucketName);
    expect(archive.Properties.ObjectLockEnabled).toBeUndefined();
  });

  test('every stateful resource is retained', () => {
    const stateful = ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Glue::Table', 'AWS::Glue::Database'];
    const resources = Object.values<any>(json.Resources).filter((r) => stateful.includes(r.Type));
    // 5 buckets; the archive key and the alarm topic key; the tables (every source's); the database.
    const tables = resources.filter((r) => r.Type === 'AWS::Glue::Table').length;
    expect(tables).toBeGreaterThanOrEqual(5 + 3);
    expect(resources.length).toBe(5 + 2 + tables + 1);
    for (const r of resources) {
      expect(r.DeletionPolicy).toBe('Retain');
      expect(r.UpdateReplacePolicy).toBe('Retain');
    }
  });

  test('the key rotates and its alias is under the landing-zone prefix', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: names.keyAlias });
    expect(names.keyAlias.startsWith(`alias/${config.organization.name}/`)).toBe(true);
  });

  test('the workgroup enforces encrypted results and a bytes-scanned cutoff from config', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: names.athenaWorkGroupName,
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: config.logging.athena.bytesScannedCutoffGb * 1024 ** 3,
        ResultConfiguration: { OutputLocation: `s3://${names.athenaResultsBucketName}/results/`, EncryptionConfiguration: { EncryptionOption: 'SSE_KMS' } },
      },
    });
    const results = Object.values<any>(json.Resources).find((r) => r.Properties?.BucketName === names.athenaResultsBucketName);
    expect(results.Properties.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(config.logging.athena.resultsExpirationDays);
  });
});
