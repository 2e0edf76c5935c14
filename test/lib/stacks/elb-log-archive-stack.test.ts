import { createApp, ELB_POLICY_ALL_ACCOUNTS_UP_TO, loadBalancerAccountsOf } from '../../../lib/app';
import { Template } from 'aws-cdk-lib/assertions';
import { documentSize, knownNames } from '../../../lib/checks/resource-policy-limits';
import { regionalLogArchiveNames } from '../../../lib/names';
import { ElbLogArchiveStack } from '../../../lib/stacks/elb-log-archive-stack';
import { bucketPolicyOf } from '../../cfn-resolve';
import { buildApp, defaultRawConfig, parseRaw } from '../../helpers';
import { decide } from '../../policy-simulator';

// The default config with prod and dev each running a VPC in eu-central-1: the accounts whose load balancers
// the region's bucket admits.
const raw = defaultRawConfig();
raw.network.prodeu = { ...raw.network.demo, account: 'prod', region: 'eu-central-1', cidr: '10.50.0.0/20' };
raw.network.deveu = { ...raw.network.demo, account: 'dev', region: 'eu-central-1', cidr: '10.51.0.0/20' };
const config = parseRaw(raw);
const { lz } = buildApp(config, { checks: false });
const REGION = 'eu-central-1';
const names = regionalLogArchiveNames(config, REGION);
const stack = lz.elbLogArchives.find((s) => s.region === REGION)!;
const template = Template.fromStack(stack);
const json = template.toJSON();
const policy = bucketPolicyOf(json, names.elbLogBucketName);

describe('ELB log archive outside the home region', () => {
  test('one stack per governed region other than the home region, in the security-log account', () => {
    expect(lz.elbLogArchives.map((s) => s.region)).toEqual(config.organization.governedRegions.filter((r) => r !== config.organization.homeRegion));
    expect(stack.account).toBe(names.account);
  });

  test('the ELB log bucket is SSE-S3, versioned, retained, and logs its accesses to the regional access-log bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: names.elbLogBucketName,
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { LogFilePrefix: `${names.elbLogBucketName}/` },
    });
    const buckets = Object.values<any>(json.Resources).filter((r) => r.Type === 'AWS::S3::Bucket');
    expect(buckets.map((b) => b.Properties.BucketName).sort()).toEqual([names.accessLogBucketName, names.elbLogBucketName].sort());
    for (const b of buckets) expect([b.DeletionPolicy, b.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  });

  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html: in
  // eu-central-1 the regional ELB account 054676820928 writes [prefix/]AWSLogs/<account>/elasticloadbalancing/...
  const elbPut = (key: string, principal = 'arn:aws:iam::054676820928:root') =>
    decide(policy, {
      principal, action: 's3:PutObject', resourceAccount: names.account, resource: `arn:aws:s3:::${names.elbLogBucketName}/${key}`,
      context: { 'aws:PrincipalAccount': principal.split(':')[4] },
      // A cross-account request needs the caller's own permission too: the AWS-owned account grants itself.
      identityStatements: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }],
    });
  const key = (account: string, prefix = '') => `${prefix}AWSLogs/${account}/elasticloadbalancing/${REGION}/2026/03/07/${account}_elasticloadbalancing_${REGION}_app.orders.50dc6c495c0c9188_20260307T0940Z_10.0.0.1_a1b2.log.gz`;

  test("admits the region's ELB delivery for the organization's accounts, with or without SecureLoadBalancer's prefix", async () => {
    await expect(elbPut(key('333333333333'))).resolves.toBe('Allowed');
    await expect(elbPut(key('444444444444', 'elb/c8a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e/'))).resolves.toBe('Allowed');
  });

  test('denies delivery for an unknown account, and by the home region\u2019s ELB account', async () => {
    await expect(elbPut(key('999999999999'))).resolves.not.toBe('Allowed');
    await expect(elbPut(key('333333333333'), 'arn:aws:iam::156460612806:root')).resolves.not.toBe('Allowed');
  });

  test('admits every account of a small organization (a product team may run its own VPC there); past the quota\'s reach only the VPC accounts', async () => {
    await expect(elbPut(key(names.account))).resolves.toBe('Allowed');
    const big = structuredClone(raw);
    for (let i = 0; i < ELB_POLICY_ALL_ACCOUNTS_UP_TO; i++) big.accounts.push({ name: `w${i}`, id: String(500000000000 + i), email: `w${i}@example.com`, ou: 'Sandbox' });
    const listed = loadBalancerAccountsOf(parseRaw(big), REGION);
    expect(listed.sort()).toEqual(['333333333333', '444444444444']);
    expect(loadBalancerAccountsOf(config, REGION)).toHaveLength(config.accounts.length);
  });

  test('denies weakening the bucket to an administrator of the account', async () => {
    const admin = `arn:aws:iam::${names.account}:role/AWSReservedSSO_Administrator_0123456789abcdef`;
    for (const action of ['s3:PutBucketRequestPayment', 's3:PutBucketPolicy', 's3:PutLifecycleConfiguration']) {
      const decision = await decide(policy, {
        principal: admin, action, resource: `arn:aws:s3:::${names.elbLogBucketName}`, resourceAccount: names.account,
        identityStatements: [{ Effect: 'Allow', Action: '*', Resource: '*' }], context: { 'aws:PrincipalArn': admin },
      });
      expect(decision).toBe('ExplicitlyDenied');
    }
  });
});

/** One regional stack built directly, for `accounts` account IDs in `region`. */
function regionalPolicy(region: string, accounts: number) {
  const app = createApp();
  const names = { elbLogBucketName: `acme-elb-logs-222222222222-${region}`, accessLogBucketName: `acme-access-logs-222222222222-${region}`, account: '222222222222', region };
  const s = new ElbLogArchiveStack(app, `Elb-${region}-${accounts}`, {
    env: { account: '222222222222', region },
    logging: { transitionToGlacierDays: 90, archiveRetentionDays: 400 },
    names,
    accountIds: Array.from({ length: accounts }, (_, i) => String(500000000000 + i)),
    organizationId: 'o-a1b2c3d4e5',
    exemptPrincipalArnPatterns: ['arn:aws:iam::*:role/LandingZoneBreakGlass'],
    alarms: { notificationEmail: 'security@example.com', topicName: 'acme-security-alarms', keyAlias: 'alias/acme/security-alarms' },
  });
  const json = Template.fromStack(s).toJSON();
  const [id, resource] = Object.entries<any>(json.Resources).find(([, r]) => r.Type === 'AWS::S3::BucketPolicy' && JSON.stringify(r).includes('ElbAccessLogsWrite'))!;
  return { id, json, names, policy: bucketPolicyOf(json, names.elbLogBucketName), bytes: documentSize(resource.Properties.PolicyDocument, 'bytes', knownNames(json.Resources)) };
}

describe('ELB log bucket in a region opened in or after August 2022 (eu-central-2)', () => {
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html: in these
  // regions the log delivery service principal logdelivery.elasticloadbalancing.amazonaws.com writes
  // [prefix/]AWSLogs/<account>/elasticloadbalancing/<region>/...; a service principal acting for an
  // organization's account sends aws:SourceAccount and aws:SourceOrgID
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceorgid).
  const REGION2 = 'eu-central-2';
  const small = regionalPolicy(REGION2, 4);
  const put = (key: string, account: string, org = 'o-a1b2c3d4e5') =>
    decide(small.policy, {
      principal: 'logdelivery.elasticloadbalancing.amazonaws.com', action: 's3:PutObject', resourceAccount: '222222222222',
      resource: `arn:aws:s3:::${small.names.elbLogBucketName}/${key}`,
      context: { 'aws:SourceAccount': account, 'aws:SourceOrgID': org },
    });
  const key2 = (account: string, prefix = '') => `${prefix}AWSLogs/${account}/elasticloadbalancing/${REGION2}/2026/03/07/${account}_elasticloadbalancing_${REGION2}_app.orders.50dc6c495c0c9188_20260307T0940Z_10.0.0.1_a1b2.log.gz`;

  test('admits any account of the organization under its own prefix, with or without SecureLoadBalancer\u2019s prefix', async () => {
    await expect(put(key2('500000000003'), '500000000003')).resolves.toBe('Allowed');
    await expect(put(key2('777777777777', 'elb/c8a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e/'), '777777777777')).resolves.toBe('Allowed');
  });

  test('denies another organization\u2019s load balancer, and an account writing under another account\u2019s prefix', async () => {
    await expect(put(key2('999999999999'), '999999999999', 'o-otherorg123')).resolves.not.toBe('Allowed');
    await expect(put(key2('500000000001'), '500000000003')).resolves.not.toBe('Allowed');
  });

  test('the policy is the same size for 4 accounts and 1,000: it lists none', () => {
    expect(regionalPolicy(REGION2, 1000).bytes).toBe(small.bytes);
    expect(JSON.stringify(small.policy)).not.toContain('500000000000');
  });
});

describe('ELB log bucket size where AWS leaves only the account list (regions with an ELB account)', () => {
  test('100 VPC accounts in one region fit S3\u2019s 20 KB; the synth check refuses what does not', () => {
    expect(regionalPolicy('eu-central-1', 100).bytes).toBeLessThanOrEqual(20_480);
    expect(regionalPolicy('eu-central-1', 200).bytes).toBeGreaterThan(20_480);
  });
});
