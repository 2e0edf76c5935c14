import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { allowLogsToEncrypt, logsEncryptionKey } from '../../../constructs/core/logs-key';

const env = { account: '111111111111', region: 'eu-west-1' };

test('a logs key rotates, is retained and serves only CloudWatch Logs of its own account and region', () => {
  const stack = new Stack(undefined, 'S', { env });
  logsEncryptionKey(stack, 'Key', 'test');
  const template = Template.fromStack(stack);
  template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
  const policy = JSON.stringify(template.toJSON().Resources.Key961B73FD.Properties.KeyPolicy);
  expect(policy).toContain(':logs:eu-west-1:111111111111:log-group:*');
  template.hasResourceProperties('AWS::KMS::Key', {
    KeyPolicy: {
      Statement: Match.arrayWith([
        Match.objectLike({
          Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
        }),
      ]),
    },
  });
});

test('named log groups are compared exactly; patterns with ArnLike', () => {
  const stack = new Stack(undefined, 'S', { env });
  const key = new Key(stack, 'Key');
  allowLogsToEncrypt(key, ['/acme/trail'], 'Exact');
  allowLogsToEncrypt(key, ['/aws/rds/instance/db-1/*'], 'Pattern');
  const statements = Template.fromStack(stack).toJSON().Resources.Key961B73FD.Properties.KeyPolicy.Statement;
  const condition = (sid: string) => statements.find((s: any) => s.Sid === sid).Condition;
  expect(Object.keys(condition('Exact'))).toEqual(['ArnEquals']);
  expect(JSON.stringify(condition('Exact'))).toContain(':logs:eu-west-1:111111111111:log-group:/acme/trail');
  expect(Object.keys(condition('Pattern'))).toEqual(['ArnLike']);
  expect(JSON.stringify(condition('Pattern'))).toContain(':logs:eu-west-1:111111111111:log-group:/aws/rds/instance/db-1/*');
});
