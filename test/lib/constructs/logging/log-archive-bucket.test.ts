import { App, Stack } from 'aws-cdk-lib';
import { LogArchiveBucket } from '../../../../lib/constructs/logging/log-archive-bucket';
import { LogArchiveKey } from '../../../../lib/constructs/logging/log-archive-key';

const stack = () => new Stack(new App(), 'S', { env: { account: '222222222222', region: 'eu-west-1' } });
const exempt = ['arn:aws:iam::*:role/BreakGlass'];

test('rejects Object Lock retention longer than the expiry, naming both values', () => {
  expect(() => new LogArchiveBucket(stack(), 'B', { bucketName: 'b', expirationDays: 30, objectLock: { mode: 'GOVERNANCE', days: 365 }, exemptPrincipalArnPatterns: exempt })).toThrow(
    /objectLock.days 365 exceeds expirationDays 30/,
  );
});

test('rejects a bucket nobody could ever administer', () => {
  expect(() => new LogArchiveBucket(stack(), 'B', { bucketName: 'b', expirationDays: 30, exemptPrincipalArnPatterns: [] })).toThrow(/exemptPrincipalArnPatterns is empty/);
});

test('rejects a key alias outside the landing-zone prefix', () => {
  expect(
    () =>
      new LogArchiveKey(stack(), 'K', {
        alias: 'alias/other/log-archive', aliasPrefix: 'alias/acme/', organizationId: 'o-a1b2c3d4e5', trailArns: [],
        readerRoleArns: ['arn:aws:iam::222222222222:role/r'], exemptPrincipalArnPatterns: exempt,
      }),
  ).toThrow(/alias "alias\/other\/log-archive" does not start with .*"alias\/acme\/"/);
});
