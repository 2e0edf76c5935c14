import { regionalLogArchiveNames } from '../../../lib/names';
import { bucketPolicyOf } from '../../cfn-resolve';
import { defaultConfig, defaultStacksOf } from '../../helpers';
import { decide } from '../../policy-simulator';

const config = defaultConfig();
const elbLogArchives = defaultStacksOf('elbLogArchives');
const REGION = 'eu-central-1';
const names = regionalLogArchiveNames(config, REGION);
const stack = elbLogArchives.find((s) => s.region === REGION)!;
const template = stack.template;
const json = template.toJSON();
const policy = bucketPolicyOf(json, names.elbLogBucketName);

describe('ELB log archive outside the home region', () => {
  test('one stack per governed region other than the home region, in the security-log account', () => {
    expect(elbLogArchives.map((s) => s.region)).toEqual(config.organization.governedRegions.filter((r) => r !== config.organization.homeRegion));
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
