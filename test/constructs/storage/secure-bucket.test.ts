import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { OptOut } from '../../../constructs/core/opt-out';
import { SecureBucket } from '../../../constructs/storage/secure-bucket';
import { allPacksCheckedStack, nagErrors, optOutsIn, TEST_ENV } from '../nag';

const REASON = 'Build cache rebuilt from source on every deploy';

function template(props: ConstructorParameters<typeof SecureBucket>[2] = {}): Template {
  const stack = new Stack(undefined, 'S', { env: TEST_ENV });
  new SecureBucket(stack, 'Data', props);
  return Template.fromStack(stack);
}

describe('SecureBucket', () => {
  test('is nag-clean under AwsSolutions and NIST 800-53 R5 with no acknowledgment from the caller', () => {
    const { app, stack } = allPacksCheckedStack();
    new SecureBucket(stack, 'Data');
    new SecureBucket(stack, 'Cache', { optOuts: { versioning: OptOut.because(REASON), accessLogging: OptOut.because(REASON) } });
    expect(nagErrors(app)).toEqual([]);
  });

  test('the nag check itself fails on a plain bucket (so a clean result means something)', () => {
    const { app, stack } = allPacksCheckedStack();
    new s3.Bucket(stack, 'Plain');
    expect(nagErrors(app)).toEqual(expect.arrayContaining(['error AwsSolutions-S10: Product/Plain/Resource', 'error NIST.800.53.R5-S3DefaultEncryptionKMS: Product/Plain/Resource']));
  });

  test('encrypts with a rotating customer-managed key and a bucket key, versioned, private, retained', () => {
    const t = template();
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } },
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      }),
    });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
  });

  test('denies requests without TLS 1.2', () => {
    template().hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  test('expires personal data and old versions on the lifecycle the caller sets', () => {
    template({ expireObjectsAfter: Duration.days(30) }).hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30, NoncurrentVersionExpiration: { NoncurrentDays: 90 } })] },
    });
  });

  test('records each opt-out with its reason in the bucket metadata', () => {
    const t = template({
      optOuts: { versioning: OptOut.because(REASON), accessLogging: OptOut.because(REASON), retention: OptOut.because(REASON) },
    });
    expect(Object.values(optOutsIn(t))).toEqual([
      [
        { control: 'versioning', reason: REASON },
        { control: 'accessLogging', reason: REASON },
        { control: 'retention', reason: REASON },
      ],
    ]);
    t.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete', Properties: Match.not(Match.objectLike({ VersioningConfiguration: Match.anyValue() })) });
  });

  test.each([
    [{ optOuts: { versioning: OptOut.because('cache') } }, /optOuts\.versioning\.reason: "cache" is not a reason \(allowed: a literal string of at least 25 characters/],
    [{ optOuts: { encryption: OptOut.because(REASON) } as any }, /optOuts\.encryption: "encryption" is not a control this construct can opt out of \(allowed: versioning, accessLogging, retention\)/],
    [{ expireObjectsAfter: Duration.hours(5) }, /expireObjectsAfter: 0\.2\d* days is not allowed \(allowed: a whole number of days, at least 1\)/],
  ])('rejects bad props with a message naming the prop, the value and what is allowed (%#)', (props, message) => {
    expect(() => template(props)).toThrow(message);
  });
});
