import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, defaultConfig, defaultRawConfig, parseRaw } from '../../helpers';
import { logReplicaNames, logArchiveNames, regionalLogArchiveNames } from '../../../lib/names';
import { bucketPolicyOf, resolveIntrinsics } from '../../cfn-resolve';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { decide } from '../../policy-simulator';
import { collectAcknowledgments } from '../../../lib/checks/acknowledgments';
import { REPLICATION_OFF_BECAUSE } from '../../../lib/constructs/logging/log-replication';

/** The default config with `logging.replication: { region: eu-central-1 }` (home eu-west-1). */
function replicatedConfig() {
  const raw = defaultRawConfig();
  raw.logging = { ...(raw.logging ?? {}), replication: { region: 'eu-central-1' } };
  return parseRaw(raw);
}

describe('the landing zone with logging.replication on', () => {
  const config = replicatedConfig();
  const { app, lz } = buildApp(config);
  let synthError: unknown;
  let outdir = '';
  try {
    outdir = app.synth().directory;
  } catch (e) {
    synthError = e;
  }
  const replica = () => Template.fromJSON(JSON.parse(fs.readFileSync(path.join(outdir, `${lz.logReplica!.artifactId}.template.json`), 'utf8')));
  const archive = () => Template.fromJSON(JSON.parse(fs.readFileSync(path.join(outdir, `${lz.logArchive.artifactId}.template.json`), 'utf8')));
  const names = logReplicaNames(config, 'eu-central-1');
  const home = logArchiveNames(config);

  test('synthesizes with zero unacknowledged errors in every nag pack', () => {
    if (synthError) {
      const report = path.join(app.outdir, 'validation-report.json');
      const detail = fs.existsSync(report)
        ? JSON.parse(fs.readFileSync(report, 'utf8')).pluginReports.flatMap((r: any) => r.violations.map((v: any) => `${v.ruleName}: ${v.violatingConstructs?.map((c: any) => c.constructPath).join(', ')}`)).join('\n')
        : '';
      throw new Error(`${(synthError as Error).message}\n${detail}`);
    }
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((r: any) => r.violations.filter((v: any) => v.severity === 'error'))).toEqual([]);
  });

  test('the replica stack is in the security-log account in the replica region, before the archive stack', () => {
    expect(lz.logReplica!.region).toBe('eu-central-1');
    expect(lz.logReplica!.account).toBe(lz.logArchive.account);
    expect(lz.logArchive.dependencies).toContain(lz.logReplica);
  });

  const bucketOf = (t: Template, name: string) => Object.values<any>(t.toJSON().Resources).find((r) => r.Type === 'AWS::S3::Bucket' && r.Properties.BucketName === name);

  test('the archive replica has Object Lock in the source mode and days, versioning, SSE-KMS with the replica key, and the source lifecycle', () => {
    const source = bucketOf(archive(), home.bucketName).Properties;
    const copy = bucketOf(replica(), names.archiveReplicaBucketName).Properties;
    expect(copy.ObjectLockEnabled).toBe(true);
    expect(copy.ObjectLockConfiguration).toEqual(source.ObjectLockConfiguration);
    expect(copy.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: config.logging.objectLock!.mode, Days: config.logging.objectLock!.days });
    expect(copy.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(copy.LifecycleConfiguration).toEqual(source.LifecycleConfiguration);
    const sse = copy.BucketEncryption.ServerSideEncryptionConfiguration[0];
    expect(sse.ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    expect(sse.ServerSideEncryptionByDefault.KMSMasterKeyID['Fn::GetAtt'][0]).toMatch(/^ReplicaKey/);
    expect(copy.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(copy.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    expect(copy.LoggingConfiguration.DestinationBucketName).toBe(regionalLogArchiveNames(config, 'eu-central-1').accessLogBucketName);
  });

  test('the Config replica mirrors the Config bucket: no Object Lock (as its source), same lifecycle, SSE-KMS', () => {
    const source = bucketOf(archive(), home.configBucketName).Properties;
    const copy = bucketOf(replica(), names.configReplicaBucketName).Properties;
    expect(copy.ObjectLockEnabled).toBeUndefined();
    expect(copy.LifecycleConfiguration).toEqual(source.LifecycleConfiguration);
    expect(copy.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
  });

  test('replica buckets and key are retained, and their policies deny plain HTTP', () => {
    const t = replica().toJSON();
    for (const r of Object.values<any>(t.Resources).filter((x) => ['AWS::S3::Bucket', 'AWS::KMS::Key'].includes(x.Type))) {
      expect(r.DeletionPolicy).toBe('Retain');
    }
    for (const name of [names.archiveReplicaBucketName, names.configReplicaBucketName]) {
      expect(bucketPolicyOf(t, name).Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    }
  });

  test('the source buckets replicate every new version, SSE-KMS objects included, delete markers not, to the replica key by alias ARN, same account', () => {
    for (const [sourceName, replicaName] of [[home.bucketName, names.archiveReplicaBucketName], [home.configBucketName, names.configReplicaBucketName]]) {
      expect(bucketOf(archive(), sourceName).Properties.ReplicationConfiguration).toEqual({
        Role: names.replicationRoleArn,
        Rules: [
          {
            Id: 'replicate-to-governed-region',
            Status: 'Enabled',
            Priority: 1,
            Filter: { Prefix: '' },
            DeleteMarkerReplication: { Status: 'Disabled' },
            SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
            // No Account / AccessControlTranslation: same account on both sides.
            Destination: { Bucket: `arn:aws:s3:::${replicaName}`, EncryptionConfiguration: { ReplicaKmsKeyID: names.keyAliasArn } },
          },
        ],
      });
    }
  });

  test('the replication acknowledgment is gone from the replicated buckets and stays, saying why, when replication is off', () => {
    const onAcks = collectAcknowledgments(lz.logArchive).filter((a) => a.ruleId === 'NIST.800.53.R5-S3BucketReplicationEnabled');
    expect(onAcks.map((a) => a.path)).not.toContainEqual(expect.stringMatching(/\/(ArchiveBucket|ConfigBucket)\/Resource$/));
    const off = buildApp(defaultConfig(), { checks: false }).lz;
    const offAcks = collectAcknowledgments(off.logArchive).filter((a) => a.ruleId === 'NIST.800.53.R5-S3BucketReplicationEnabled');
    for (const id of ['ArchiveBucket', 'ConfigBucket']) {
      expect(offAcks.find((a) => a.path.endsWith(`/${id}/Resource`))?.reason).toBe(REPLICATION_OFF_BECAUSE);
    }
    expect(off.logReplica).toBeUndefined();
  });

  test('the replication role is trusted only by S3 of this account', () => {
    replica().hasResourceProperties('AWS::IAM::Role', {
      RoleName: names.replicationRoleName,
      AssumeRolePolicyDocument: {
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 's3.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': names.account } } }],
      },
    });
  });

  describe('evaluated replication requests', () => {
    const LOG = names.account!;
    const ROLE = names.replicationRoleArn;
    const OUTSIDER = 'arn:aws:iam::999999999999:role/intruder';
    const sub = (doc: any, t: any) => {
      const roleId = Object.entries<any>(t.Resources).find(([, r]) => r.Type === 'AWS::IAM::Role')![0];
      return JSON.parse(JSON.stringify(resolveIntrinsics(doc, t)).split(`${roleId}.Arn`).join(ROLE));
    };
    const replicaJson = () => replica().toJSON();
    const archiveJson = () => archive().toJSON();
    const identity = () => {
      const t = replicaJson();
      return sub(Object.values<any>(t.Resources).find((r) => r.Type === 'AWS::IAM::ManagedPolicy').Properties.PolicyDocument, t).Statement;
    };
    const CTX = 'kms:EncryptionContext:aws:s3:arn';
    const glob = (p: string) => new RegExp(`^${p.split('*').map((x) => x.replace(/[.?+^$()[\]{}|\\/]/g, '\\$&')).join('.*')}$`);
    /** iam-simulate does not evaluate kms:EncryptionContext:<key>: the patterns are checked apart, the rest evaluated without them. */
    const withoutContext = (doc: any) => {
      const copy = JSON.parse(JSON.stringify(doc));
      for (const st of [copy.Statement].flat()) if (st.Condition?.StringLike?.[CTX]) delete st.Condition.StringLike[CTX];
      return copy;
    };
    const contextPatterns = (doc: any, sid: string): string[] => [[doc.Statement].flat().find((st: any) => st.Sid === sid).Condition.StringLike[CTX]].flat();

    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html: S3 assumes the
    // role and reads the source object version with s3:GetObjectVersionForReplication (same account: the identity
    // policy allows, the bucket policy's denies must not block).
    test('the role reads source versions for replication; an outsider cannot', async () => {
      const policy = bucketPolicyOf(archiveJson(), home.bucketName);
      const get = (principal: string, identityStatements?: unknown[]) =>
        decide(policy, {
          principal, action: 's3:GetObjectVersionForReplication', resource: `arn:aws:s3:::${home.bucketName}/AWSLogs/o-x/111111111111/CloudTrail/eu-west-1/2026/01/01/x.json.gz`,
          resourceAccount: LOG, context: { 'aws:PrincipalArn': principal, 'aws:PrincipalAccount': principal.split(':')[4] }, identityStatements,
        });
      await expect(get(ROLE, identity())).resolves.toBe('Allowed');
      await expect(get(OUTSIDER, [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }])).resolves.not.toBe('Allowed');
      for (const action of ['s3:GetObjectRetention', 's3:GetObjectLegalHold', 's3:GetObjectVersionTagging']) {
        await expect(decide(policy, { principal: ROLE, action, resource: `arn:aws:s3:::${home.bucketName}/k`, resourceAccount: LOG, context: { 'aws:PrincipalArn': ROLE }, identityStatements: identity() })).resolves.toBe('Allowed');
      }
    });

    test('the role replicates into the replicas, and may not delete there or write the source', async () => {
      const policy = bucketPolicyOf(replicaJson(), names.archiveReplicaBucketName);
      const req = (action: string, bucket = names.archiveReplicaBucketName, principal = ROLE) =>
        decide(bucket === names.archiveReplicaBucketName ? policy : bucketPolicyOf(archiveJson(), bucket), {
          principal, action, resource: `arn:aws:s3:::${bucket}/AWSLogs/x.json.gz`, resourceAccount: LOG, context: { 'aws:PrincipalArn': principal }, identityStatements: identity(),
        });
      await expect(req('s3:ReplicateObject')).resolves.toBe('Allowed');
      await expect(req('s3:ReplicateTags')).resolves.toBe('Allowed');
      await expect(req('s3:DeleteObjectVersion')).resolves.not.toBe('Allowed');
      await expect(req('s3:ReplicateObject', home.bucketName)).resolves.not.toBe('Allowed');
      await expect(req('s3:ReplicateObject', names.archiveReplicaBucketName, OUTSIDER)).resolves.not.toBe('Allowed');
    });

    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html: S3 decrypts
    // the source with kms:Decrypt and encrypts the replica with kms:Encrypt, through S3, with the object's (or,
    // with an S3 Bucket Key, the bucket's) ARN as aws:s3:arn encryption context.
    test('the replica key lets the role encrypt through S3 for the replicas only; the investigator decrypts; an outsider neither', async () => {
      const t = replicaJson();
      const keyPolicy = sub(Object.values<any>(t.Resources).find((r) => r.Type === 'AWS::KMS::Key').Properties.KeyPolicy, t);
      const patterns = contextPatterns(keyPolicy, 'ReplicationEncryptViaS3');
      expect(patterns.some((p) => glob(p).test(`arn:aws:s3:::${names.archiveReplicaBucketName}/AWSLogs/x.json.gz`))).toBe(true);
      expect(patterns.some((p) => glob(p).test(`arn:aws:s3:::${names.configReplicaBucketName}`))).toBe(true);
      expect(patterns.some((p) => glob(p).test('arn:aws:s3:::someone-elses-bucket/x'))).toBe(false);
      const KEY = `arn:aws:kms:eu-central-1:${LOG}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
      const kms = (principal: string, action: string, via: string, identityStatements?: unknown[]) =>
        decide(withoutContext(keyPolicy), { principal, action, resource: KEY, resourceAccount: principal.split(':')[4] === '999999999999' ? LOG : LOG, context: { 'kms:ViaService': via, 'aws:PrincipalArn': principal }, identityStatements });
      await expect(kms(ROLE, 'kms:Encrypt', 's3.eu-central-1.amazonaws.com')).resolves.toBe('Allowed');
      await expect(kms(ROLE, 'kms:Encrypt', 'ec2.eu-central-1.amazonaws.com')).resolves.not.toBe('Allowed');
      await expect(kms(ROLE, 'kms:Decrypt', 's3.eu-central-1.amazonaws.com')).resolves.not.toBe('Allowed');
      await expect(kms(home.investigatorRoleArn, 'kms:Decrypt', 's3.eu-central-1.amazonaws.com', [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }])).resolves.toBe('Allowed');
      await expect(kms(OUTSIDER, 'kms:Encrypt', 's3.eu-central-1.amazonaws.com', [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }])).resolves.not.toBe('Allowed');
    });

    test('the archive key lets the role decrypt source objects through S3 only, for the two replicated buckets', async () => {
      const t = archiveJson();
      const keyPolicy = resolveIntrinsics(Object.values<any>(t.Resources).find((r) => r.Type === 'AWS::KMS::Key').Properties.KeyPolicy, t);
      const patterns = contextPatterns(keyPolicy, 'ReplicationDecryptViaS3');
      expect(patterns.some((p) => glob(p).test(`arn:aws:s3:::${home.bucketName}`))).toBe(true);
      expect(patterns.some((p) => glob(p).test(`arn:aws:s3:::${home.configBucketName}/AWSLogs/x`))).toBe(true);
      expect(patterns.some((p) => glob(p).test(`arn:aws:s3:::${home.athenaResultsBucketName}/x`))).toBe(false);
      const KEY = `arn:aws:kms:eu-west-1:${LOG}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
      const kms = (principal: string, via: string) => decide(withoutContext(keyPolicy), { principal, action: 'kms:Decrypt', resource: KEY, resourceAccount: LOG, context: { 'kms:ViaService': via, 'aws:PrincipalArn': principal } });
      await expect(kms(ROLE, 's3.eu-west-1.amazonaws.com')).resolves.toBe('Allowed');
      await expect(kms(ROLE, 'lambda.eu-west-1.amazonaws.com')).resolves.not.toBe('Allowed');
      await expect(kms(OUTSIDER, 's3.eu-west-1.amazonaws.com')).resolves.not.toBe('Allowed');
    });

    // The organization's guardrails on top: the SCPs (ProtectLogArchive, regions...) and the data-perimeter RCP
    // must not stop the role's replication work, and the RCP still stops an identity from outside the organization.
    test('the SCPs and the RCP let the role replicate and still stop an outsider', async () => {
      const orgJson = Template.fromStack(lz.organization).toJSON();
      const policiesOf = (type: string) =>
        Object.values<any>(orgJson.Resources)
          .filter((r) => r.Type === 'AWS::Organizations::Policy' && r.Properties.Type === type)
          .map((r) => ({ name: r.Properties.Name as string, policy: r.Properties.Content }));
      const scps = [{ name: 'FullAWSAccess', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }, ...policiesOf('SERVICE_CONTROL_POLICY')];
      const rcps = policiesOf('RESOURCE_CONTROL_POLICY');
      expect(scps.length).toBeGreaterThan(1);
      expect(rcps.length).toBeGreaterThan(0);
      const evaluate = async (principal: string, action: string, resource: string, region: string, resourcePolicy: unknown, identityStatements: unknown[], org?: string) => {
        const result = await runSimulation(
          {
            request: {
              principal, action, resource: { resource, accountId: LOG },
              contextVariables: {
                'aws:SecureTransport': 'true', 'aws:PrincipalArn': principal, 'aws:PrincipalAccount': principal.split(':')[4], 'aws:RequestedRegion': region,
                'aws:PrincipalIsAWSService': 'false', ...(org ? { 'aws:PrincipalOrgID': org } : {}),
              },
            },
            identityPolicies: [{ name: 'identity', policy: { Version: '2012-10-17', Statement: identityStatements } }],
            serviceControlPolicies: org ? [{ orgIdentifier: config.organization.rootId, policies: scps }] : [],
            resourceControlPolicies: [{ orgIdentifier: config.organization.rootId, policies: rcps }],
            resourcePolicy,
          } as any,
          {},
        );
        if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
        return result.overallResult;
      };
      const ORG = config.organization.id;
      const source = bucketPolicyOf(archiveJson(), home.bucketName);
      const dest = bucketPolicyOf(replicaJson(), names.archiveReplicaBucketName);
      await expect(evaluate(ROLE, 's3:GetObjectVersionForReplication', `arn:aws:s3:::${home.bucketName}/AWSLogs/x.json.gz`, 'eu-west-1', source, identity(), ORG)).resolves.toBe('Allowed');
      await expect(evaluate(ROLE, 's3:ReplicateObject', `arn:aws:s3:::${names.archiveReplicaBucketName}/AWSLogs/x.json.gz`, 'eu-central-1', dest, identity(), ORG)).resolves.toBe('Allowed');
      // The role cannot rewrite the replication it serves: the bucket policy and SCP ProtectLogArchive deny it.
      await expect(evaluate(ROLE, 's3:PutReplicationConfiguration', `arn:aws:s3:::${home.bucketName}`, 'eu-west-1', source, [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }], ORG)).resolves.toBe('ExplicitlyDenied');
      await expect(evaluate(OUTSIDER, 's3:ReplicateObject', `arn:aws:s3:::${names.archiveReplicaBucketName}/AWSLogs/x.json.gz`, 'eu-central-1', dest, [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }], 'o-otherorg123')).resolves.not.toBe('Allowed');
    });
  });
});
