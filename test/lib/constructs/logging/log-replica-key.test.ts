import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LogReplicaKey } from '../../../../lib/constructs/logging/log-replica-key';
import { decide } from '../../../policy-simulator';

const ROLE = 'arn:aws:iam::222222222222:role/acme-log-replication';
const READER = 'arn:aws:iam::222222222222:role/acme-log-investigator';
const s = new Stack(new App(), 'S', { env: { account: '222222222222', region: 'eu-central-1' } });
new LogReplicaKey(s, 'K', { alias: 'alias/acme/log-replica', replicationRoleArn: ROLE, replicaBucketNames: ['replica'], readerRoleArns: [READER], exemptPrincipalArnPatterns: ['arn:aws:iam::*:role/BreakGlass'] });
const t = Template.fromStack(s);
const policy = JSON.parse(JSON.stringify(Object.values<any>(t.toJSON().Resources).find((r) => r.Type === 'AWS::KMS::Key').Properties.KeyPolicy).replace(/\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},":iam::222222222222:root"\]\]\}/g, '"arn:aws:iam::222222222222:root"'));
const KEY = 'arn:aws:kms:eu-central-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';
// iam-simulate does not evaluate kms:EncryptionContext:<key>; the pattern is asserted apart.
const CTX = 'kms:EncryptionContext:aws:s3:arn';
const withoutContext = JSON.parse(JSON.stringify(policy));
for (const st of withoutContext.Statement) if (st.Condition?.StringLike?.[CTX]) delete st.Condition.StringLike[CTX];

test('is retained, rotates, and has its alias', () => {
  t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true } });
  t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/acme/log-replica' });
});

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
test('lets the replication role encrypt through S3 for the replica bucket only, never decrypt', async () => {
  const st = policy.Statement.find((x: any) => x.Sid === 'ReplicationEncryptViaS3');
  expect(st.Condition.StringLike[CTX]).toEqual(['arn:aws:s3:::replica', 'arn:aws:s3:::replica/*']);
  const kms = (action: string, via: string) => decide(withoutContext, { principal: ROLE, action, resource: KEY, resourceAccount: '222222222222', context: { 'kms:ViaService': via, 'aws:PrincipalArn': ROLE } });
  await expect(kms('kms:Encrypt', 's3.eu-central-1.amazonaws.com')).resolves.toBe('Allowed');
  await expect(kms('kms:Encrypt', 'sqs.eu-central-1.amazonaws.com')).resolves.not.toBe('Allowed');
  await expect(kms('kms:Decrypt', 's3.eu-central-1.amazonaws.com')).resolves.not.toBe('Allowed');
});

test('lets the reader decrypt and an administrator of the account not', async () => {
  const all = [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }];
  const admin = 'arn:aws:iam::222222222222:role/Admin';
  await expect(decide(policy, { principal: READER, action: 'kms:Decrypt', resource: KEY, resourceAccount: '222222222222', context: { 'aws:PrincipalArn': READER }, identityStatements: all })).resolves.toBe('Allowed');
  await expect(decide(policy, { principal: admin, action: 'kms:Decrypt', resource: KEY, resourceAccount: '222222222222', context: { 'aws:PrincipalArn': admin }, identityStatements: all })).resolves.not.toBe('Allowed');
  await expect(decide(policy, { principal: admin, action: 'kms:ScheduleKeyDeletion', resource: KEY, resourceAccount: '222222222222', context: { 'aws:PrincipalArn': admin }, identityStatements: all })).resolves.toBe('ExplicitlyDenied');
});
