import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { LogArchiveBucket } from '../../../../lib/constructs/logging/log-archive-bucket';
import {
  LogReplicationRole,
  REPLICATION_DESTINATION_OBJECT_ACTIONS,
  REPLICATION_SOURCE_OBJECT_ACTIONS,
  replicationConfiguration,
} from '../../../../lib/constructs/logging/log-replication';

const stack = (region = 'eu-west-1') => new Stack(new App(), 'S', { env: { account: '222222222222', region } });
const exempt = ['arn:aws:iam::*:role/BreakGlass'];
const target = { roleArn: 'arn:aws:iam::222222222222:role/acme-log-replication', destinationBucketArn: 'arn:aws:s3:::replica', replicaKmsKeyId: 'arn:aws:kms:eu-central-1:222222222222:alias/acme/log-replica' };

test('a bucket with replication gets the rule and no S3BucketReplicationEnabled acknowledgment', () => {
  const s = stack();
  const b = new LogArchiveBucket(s, 'B', { bucketName: 'source-bucket', expirationDays: 30, exemptPrincipalArnPatterns: exempt, encryptionKey: new Key(s, 'K'), replication: target });
  Template.fromStack(s).hasResourceProperties('AWS::S3::Bucket', { BucketName: 'source-bucket', ReplicationConfiguration: { Role: target.roleArn, Rules: [{ Destination: { Bucket: 'arn:aws:s3:::replica', EncryptionConfiguration: { ReplicaKmsKeyID: target.replicaKmsKeyId } } }] } });
  const acks = b.bucket.node.metadata.filter((m) => JSON.stringify(m.data).includes('S3BucketReplicationEnabled'));
  expect(acks).toEqual([]);
});

test('a bucket without replication acknowledges it with the reason given', () => {
  const s = stack();
  const b = new LogArchiveBucket(s, 'B', { bucketName: 'source-bucket', expirationDays: 30, exemptPrincipalArnPatterns: exempt, withoutReplicationBecause: 'because this bucket is the replica of another one' });
  expect(JSON.stringify(b.bucket.node.metadata)).toContain('because this bucket is the replica of another one');
});

test('the rule never replicates delete markers and includes SSE-KMS objects', () => {
  const rule = (replicationConfiguration(target).rules as any[])[0];
  expect(rule.deleteMarkerReplication).toEqual({ status: 'Disabled' });
  expect(rule.sourceSelectionCriteria).toEqual({ sseKmsEncryptedObjects: { status: 'Enabled' } });
  expect(rule.filter).toEqual({ prefix: '' });
  expect(rule.destination.account).toBeUndefined();
  expect(rule.destination.accessControlTranslation).toBeUndefined();
});

test('the role has exactly the documented replication actions, nothing that deletes or reads beyond replication', () => {
  const s = stack('eu-central-1');
  const role = new LogReplicationRole(s, 'R', 'acme-log-replication');
  const destination = new Bucket(s, 'D');
  role.allow({ buckets: [{ sourceBucketName: 'src', destination }], destinationKey: new Key(s, 'K') });
  const doc = Object.values<any>(Template.fromStack(s).toJSON().Resources).find((r) => r.Type === 'AWS::IAM::ManagedPolicy').Properties;
  const actions = doc.PolicyDocument.Statement.flatMap((st: any) => [st.Action].flat());
  expect(actions.sort()).toEqual(['kms:Encrypt', 's3:GetReplicationConfiguration', 's3:ListBucket', ...REPLICATION_SOURCE_OBJECT_ACTIONS, ...REPLICATION_DESTINATION_OBJECT_ACTIONS].sort());
  expect(actions.some((a: string) => /Delete(Object|Bucket)|\*/.test(a))).toBe(false);
  expect(doc.Roles).toHaveLength(1);
  const kms = doc.PolicyDocument.Statement.find((st: any) => st.Sid === 'EncryptReplicasViaS3');
  expect(kms.Condition.StringEquals).toEqual({ 'kms:ViaService': 's3.eu-central-1.amazonaws.com' });
});
