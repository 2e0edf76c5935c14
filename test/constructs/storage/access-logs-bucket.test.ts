import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AccessLogsBucket } from '../../../constructs/storage/access-logs-bucket';
import { allPacksCheckedStack, nagErrors, TEST_ENV } from '../nag';

describe('AccessLogsBucket', () => {
  test('is nag-clean under AwsSolutions and NIST 800-53 R5', () => {
    const { app, stack } = allPacksCheckedStack();
    new AccessLogsBucket(stack, 'Logs');
    expect(nagErrors(app)).toEqual([]);
  });

  test('uses SSE-S3 (what log delivery supports), is private, TLS-only, versioned, expires logs and is retained', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    new AccessLogsBucket(stack, 'Logs', { retention: Duration.days(400) });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 400 })] },
      }),
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('enables ACLs only when CloudFront standard logging needs them', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    new AccessLogsBucket(stack, 'Logs', { allowLogDeliveryAcls: true });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] } });
  });

  test('rejects a retention that is not a whole number of days', () => {
    expect(() => new AccessLogsBucket(new Stack(), 'Logs', { retention: Duration.hours(12) })).toThrow(
      /retention: 0\.5 days is not allowed \(allowed: a whole number of days, at least 1\)/,
    );
  });
});
