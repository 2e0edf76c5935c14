import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SessionManagerPreferences } from '../../../../lib/constructs/network/session-manager-preferences';

function build() {
  const stack = new Stack(new App(), 'Prefs', { env: { account: '333333333333', region: 'eu-west-1' } });
  new SessionManagerPreferences(stack, 'Prefs', { logBucketName: 'acme-log-archive', logPrefix: 'ssm-session-logs/333333333333' });
  return { template: Template.fromStack(stack) };
}

describe('SessionManagerPreferences', () => {
  const { template } = build();

  test('writes SSM-SessionManagerRunShell: encrypted S3 session logs, a KMS session key, an idle timeout', () => {
    template.hasResourceProperties('AWS::SSM::Document', {
      Name: 'SSM-SessionManagerRunShell',
      DocumentType: 'Session',
      UpdateMethod: 'NewVersion',
      Content: {
        schemaVersion: '1.0',
        sessionType: 'Standard_Stream',
        inputs: Match.objectLike({
          s3BucketName: 'acme-log-archive',
          s3KeyPrefix: 'ssm-session-logs/333333333333',
          s3EncryptionEnabled: true,
          kmsKeyId: Match.objectLike({ Ref: Match.stringLikeRegexp('PrefsKey') }),
          runAsEnabled: false,
          idleSessionTimeout: '20',
          maxSessionDuration: '480',
        }),
      },
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true } });
  });

  test('an idle timeout outside 1-60 minutes names the prop', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => new SessionManagerPreferences(stack, 'P', { logBucketName: 'b', idleSessionTimeoutMinutes: 0 })).toThrow(
      /idleSessionTimeoutMinutes: 0 is not a whole number from 1 to 60/,
    );
  });
});

