import { Template } from 'aws-cdk-lib/assertions';
import {
  accountSettingsRoleArnPattern,
  accountSettingsRoleName,
  baselineNames,
  detectionNames,
  exemptPrincipalArnPatterns,
  keyAliasPrefix,
  FLOW_LOG_FORMAT,
  flowLogDestinationArn,
  logArchiveNames,
  networkNames,
  organizationPolicyName,
  organizationTrailNames,
} from '../../lib/names';
import { buildApp, defaultConfig } from '../helpers';

const config = defaultConfig();
const { lz } = buildApp(config, { checks: false });
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
    // The archive key, and the security-alarm topic keys of the org-trail and log-archive stacks.
    expect(aliases.length).toBe(3);
    for (const a of aliases) expect(a.startsWith(keyAliasPrefix(config))).toBe(true);
  });
});

const globMatch = (pattern: string, value: string) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(value);

describe('names the organization stack owns or consumes', () => {
  const template = Template.fromStack(lz.organization).toJSON();
  const policies = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::Organizations::Policy');
  const content = JSON.stringify(policies.map((p) => p.Properties.Content));

  test('the organization stack creates the policies organizationPolicyName() names', () => {
    const names = policies.map((p) => p.Properties.Name);
    for (const purpose of ['scp-identity-regions', 'scp-security-services', 'scp-data-protection', 'rcp-data-perimeter']) {
      expect(names).toContain(organizationPolicyName(config, purpose));
    }
  });

  test('the guardrails protect exactly the trail, key aliases and buckets the log stacks are named with', () => {
    expect(content).toContain(`trail/${organizationTrailNames(config).trailName}`);
    expect(content).toContain(`"kms:ResourceAliases":"${keyAliasPrefix(config)}*"`);
    const archive = logArchiveNames(config);
    const buckets = Object.entries(archive).filter(([k]) => /bucketname$/i.test(k));
    expect(buckets.length).toBeGreaterThanOrEqual(3);
    for (const [, bucket] of buckets) {
      expect(content).toContain(`arn:aws:s3:::${bucket}`);
    }
    expect(archive.keyAlias.startsWith(keyAliasPrefix(config))).toBe(true);
  });

  test('every exempt pattern is in the SCPs, and the account-settings role name matches its pattern', () => {
    for (const pattern of exemptPrincipalArnPatterns(config)) expect(content).toContain(pattern);
    const roleArn = `arn:aws:iam::333333333333:role/${accountSettingsRoleName(config, 'eu-central-1')}`;
    expect(globMatch(accountSettingsRoleArnPattern(config), roleArn)).toBe(true);
    expect(exemptPrincipalArnPatterns(config).some((p) => globMatch(p, roleArn))).toBe(false);
  });
});

describe('names the network stacks own and consume', () => {
  test('the Session Manager key alias is created by the network stack owning each account-and-region preferences', () => {
    for (const name of ['prod', 'staging']) {
      const stack = lz.networks[name];
      Template.fromStack(stack).hasResourceProperties('AWS::KMS::Alias', { AliasName: networkNames(config, stack.account).sessionKeyAlias });
      expect(networkNames(config, stack.account).sessionKeyAlias.startsWith(keyAliasPrefix(config))).toBe(true);
    }
  });

  test('flow logs, query logs, session preferences and the bastion all use the log archive names', () => {
    const prod = Template.fromStack(lz.networks.prod);
    const bucketArn = `arn:aws:s3:::${archive.bucketName}`;
    prod.hasResourceProperties('AWS::EC2::FlowLog', { LogDestination: flowLogDestinationArn(config), LogFormat: FLOW_LOG_FORMAT });
    prod.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfig', { DestinationArn: bucketArn });
    const prefix = networkNames(config, lz.networks.prod.account).sessionLogPrefix;
    expect(prefix).toBe('ssm-session-logs/333333333333');
    const document = Object.values<any>(prod.findResources('AWS::SSM::Document'))[0].Properties.Content.inputs;
    expect([document.s3BucketName, document.s3KeyPrefix]).toEqual([archive.bucketName, prefix]);
    const policy = JSON.stringify(prod.findResources('AWS::IAM::ManagedPolicy'));
    expect(policy).toContain(`${archive.bucketName}/${prefix}/*`);
    expect(policy).toContain(archive.keyAlias);
  });
});

describe('names the detection and baseline stacks own are created by them', () => {
  const names = detectionNames(config);
  const home = lz.detection.find((s) => s.region === config.organization.homeRegion)!;
  const homeTemplate = Template.fromStack(home);

  test('detection (home region): topic, key alias, aggregator, conformance pack, analyzers, Security Hub policy', () => {
    homeTemplate.hasResourceProperties('AWS::SNS::Topic', { TopicName: names.findingsTopicName });
    homeTemplate.hasResourceProperties('AWS::KMS::Alias', { AliasName: names.findingsKeyAlias });
    homeTemplate.hasResourceProperties('AWS::IAM::Role', { RoleName: names.configAggregatorRoleName });
    homeTemplate.hasResourceProperties('AWS::Config::ConfigurationAggregator', { ConfigurationAggregatorName: names.configAggregatorName });
    homeTemplate.hasResourceProperties('AWS::Config::OrganizationConformancePack', { OrganizationConformancePackName: names.conformancePackName });
    homeTemplate.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { AnalyzerName: names.accessAnalyzerName });
    homeTemplate.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { AnalyzerName: names.unusedAccessAnalyzerName });
    homeTemplate.hasResourceProperties('AWS::SecurityHub::ConfigurationPolicy', { Name: names.securityHubPolicyName });
  });

  test('the home event bus other regions forward to is the default bus of the home detection stack’s account and region', () => {
    expect(names.homeEventBusArn).toBe(`arn:aws:events:${home.region}:${home.account}:event-bus/default`);
    // The home stack matches the forwarded findings with the same rules it applies to its own.
    expect(Object.keys(homeTemplate.findResources('AWS::Events::Rule')).filter((id) => id.startsWith('FindingsNotification'))).toHaveLength(4);
  });

  test('baseline: StackSet name; the support role, recorder and delivery channel inside its template', () => {
    const b = baselineNames(config);
    const stackSet = Object.values<any>(Template.fromStack(lz.baseline).findResources('AWS::CloudFormation::StackSet'))[0].Properties;
    expect(stackSet.StackSetName).toBe(b.accountBaselineStackSetName);
    const body = JSON.parse(stackSet.TemplateBody);
    const props = Object.values<any>(body.Resources).map((r) => r.Properties);
    expect(props).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ RoleName: b.supportRoleName }),
        expect.objectContaining({ Name: b.configRecorderName }),
        expect.objectContaining({ Name: b.configDeliveryChannelName }),
      ]),
    );
    // The SCPs exempt `<org>-account-settings-<region>` from the password-policy and public-access-block denies.
    expect(props).toContainEqual(
      expect.objectContaining({ RoleName: { 'Fn::Join': ['', [`${config.organization.name}-account-settings-`, { Ref: 'AWS::Region' }]] } }),
    );
  });

  test('GuardDuty export and Config delivery consume buckets and the key alias the log-archive stack creates', () => {
    const consumed = JSON.stringify([...lz.detection.map((s) => Template.fromStack(s).toJSON()), Template.fromStack(lz.baseline).toJSON()]);
    expect(consumed).toContain(archive.bucketName);
    expect(consumed).toContain(archive.configBucketName);
    expect(consumed).toContain(archive.keyAliasArn);
    logArchive.hasResourceProperties('AWS::S3::Bucket', { BucketName: archive.configBucketName });
  });
});
