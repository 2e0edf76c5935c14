import { Template } from 'aws-cdk-lib/assertions';
import { keyAliasPrefix, logArchiveNames, organizationTrailNames } from '../../lib/names';
import { buildApp, defaultConfig } from '../helpers';

const config = defaultConfig();
const { lz } = buildApp(config, { guardrails: false });
const logArchive = Template.fromStack(lz.logArchive);
const orgTrail = Template.fromStack(lz.orgTrail);
const archive = logArchiveNames(config);
const trail = organizationTrailNames(config);

describe('names consumed across stacks are created by their owner', () => {
  test.each([archive.bucketName, archive.configBucketName, archive.accessLogBucketName, archive.sseS3BucketName, archive.athenaResultsBucketName])(
    'log-archive creates bucket %s',
    (bucketName) => logArchive.hasResourceProperties('AWS::S3::Bucket', { BucketName: bucketName }),
  );

  test('log-archive creates the archive key alias the trail and other accounts name by alias ARN', () => {
    logArchive.hasResourceProperties('AWS::KMS::Alias', { AliasName: archive.keyAlias });
    logArchive.hasResourceProperties('AWS::SSM::Parameter', { Name: archive.keyArnParameterName });
    expect(archive.keyAliasArn).toBe(`arn:aws:kms:${lz.logArchive.region}:${lz.logArchive.account}:${archive.keyAlias}`);
  });

  test('log-archive creates the investigator role its key policy names as the reader', () => {
    logArchive.hasResourceProperties('AWS::IAM::Role', { RoleName: archive.investigatorRoleName });
    expect(archive.investigatorRoleArn).toBe(`arn:aws:iam::${lz.logArchive.account}:role/${archive.investigatorRoleName}`);
  });

  test('log-archive creates the Glue database, tables and workgroup', () => {
    logArchive.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: archive.glueDatabaseName } });
    logArchive.hasResourceProperties('AWS::Glue::Table', { TableInput: { Name: archive.cloudTrailTableName } });
    logArchive.hasResourceProperties('AWS::Glue::Table', { TableInput: { Name: archive.flowLogTableName } });
    logArchive.hasResourceProperties('AWS::Athena::WorkGroup', { Name: archive.athenaWorkGroupName });
  });

  test('org-trail creates the trail (ARN computed by the archive policies), its log group, topic and key alias', () => {
    orgTrail.hasResourceProperties('AWS::CloudTrail::Trail', { TrailName: trail.trailName });
    expect(trail.trailArn).toBe(`arn:aws:cloudtrail:${lz.orgTrail.region}:${lz.orgTrail.account}:trail/${trail.trailName}`);
    orgTrail.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: trail.logGroupName });
    orgTrail.hasResourceProperties('AWS::SNS::Topic', { TopicName: trail.alarmTopicName });
    orgTrail.hasResourceProperties('AWS::KMS::Alias', { AliasName: trail.alarmKeyAlias });
  });

  test('every key alias the logging stacks create starts with the landing-zone prefix', () => {
    const aliases = [logArchive, orgTrail].flatMap((t) => Object.values<any>(t.findResources('AWS::KMS::Alias')).map((r) => r.Properties.AliasName));
    expect(aliases.length).toBe(2);
    for (const a of aliases) expect(a.startsWith(keyAliasPrefix(config))).toBe(true);
  });
});
