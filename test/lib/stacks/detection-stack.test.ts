import { Match, Template } from 'aws-cdk-lib/assertions';
import { CONFORMANCE_PACK_RULES } from '../../../lib/constructs/detection/config-organization-rules';
import { detectionNames } from '../../../lib/names';
import { buildApp, defaultConfig, defaultRawConfig, parseRaw } from '../../helpers';

// Three governed regions, so "every region" and "home only" are told apart.
const raw = defaultRawConfig();
raw.organization.governedRegions = ['eu-west-1', 'eu-central-1', 'eu-north-1'];
const config = parseRaw(raw);
const { lz } = buildApp(config, { checks: false });
const templates = new Map(lz.detection.map((s) => [s.region, Template.fromStack(s)]));
const home = templates.get('eu-west-1')!;
const names = detectionNames(config);

describe('detection stacks', () => {
  test('one per governed region, in the security-log account, home region deployed last', () => {
    expect([...templates.keys()].sort()).toEqual(['eu-central-1', 'eu-north-1', 'eu-west-1']);
    for (const s of lz.detection) expect(s.account).toBe('222222222222');
    const order = lz.stacks.map((s) => s.stackName);
    expect(order.indexOf(lz.detection[0].stackName)).toBeGreaterThan(order.indexOf(lz.detection[2].stackName));
    expect(lz.detection[0].dependencies).toEqual(expect.arrayContaining([lz.organization, lz.detection[1], lz.detection[2]]));
  });

  test.each([...templates.keys()])('%s: GuardDuty detector with every protection plan, auto-enabled for ALL members, findings exported with KMS', (region) => {
    const t = templates.get(region)!;
    const all = Object.fromEntries(
      ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'RUNTIME_MONITORING', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS'].map((f) => [f, true]),
    );
    // The handler adopts the detector the delegated-admin registration created (or creates it) and sets
    // the same plans with auto-enable ALL for the organization (lambda/guardduty-admin).
    t.hasResourceProperties('Custom::GuardDutyOrganization', { Plans: all });
    t.hasResourceProperties('AWS::GuardDuty::PublishingDestination', {
      DestinationType: 'S3',
      DetectorId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GuardDuty'), 'DetectorId'] },
      DestinationProperties: { DestinationArn: Match.stringLikeRegexp('/guardduty/$'), KmsKeyArn: Match.anyValue() },
    });
    // No inline policy: every handler permission is a reviewable customer-managed policy.
    t.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('a protection plan switched off in config is off for the detector and the organization', () => {
    const r = defaultRawConfig();
    r.security.guardDuty = { ...r.security.guardDuty, malwareProtection: false };
    const t = Template.fromStack(buildApp(parseRaw(r), { checks: false }).lz.detection[0]);
    t.hasResourceProperties('Custom::GuardDutyOrganization', { Plans: Match.objectLike({ EBS_MALWARE_PROTECTION: false, S3_DATA_EVENTS: true }) });
  });

  test.each([...templates.keys()])('%s: Security Hub, Inspector, organization analyzer and the conformance pack', (region) => {
    const t = templates.get(region)!;
    t.resourceCountIs('AWS::SecurityHub::Hub', 1);
    t.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { Type: 'ORGANIZATION', AnalyzerName: names.accessAnalyzerName });
    t.hasResourceProperties('AWS::Config::OrganizationConformancePack', { OrganizationConformancePackName: names.conformancePackName });
    // One handler enables the administrator, auto-enable for joining accounts, and the accounts already in
    // the organization (auto-enable covers only accounts joining later).
    t.hasResourceProperties('Custom::InspectorMembers', { ResourceTypes: ['EC2', 'ECR', 'LAMBDA'], AutoEnable: { ec2: true, ecr: true, lambda: true } });
    t.resourceCountIs('Custom::AWS', 0);
  });

  test('home region: central configuration with FSBP and CIS v5.0.0 on the root, aggregating the other regions', () => {
    home.hasResourceProperties('AWS::SecurityHub::FindingAggregator', { RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: ['eu-central-1', 'eu-north-1'] });
    home.hasResourceProperties('AWS::SecurityHub::OrganizationConfiguration', { ConfigurationType: 'CENTRAL', AutoEnable: false, AutoEnableStandards: 'NONE' });
    const policy = JSON.stringify(home.findResources('AWS::SecurityHub::ConfigurationPolicy'));
    expect(policy).toContain('standards/aws-foundational-security-best-practices/v/1.0.0');
    expect(policy).toContain('standards/cis-aws-foundations-benchmark/v/5.0.0');
    expect(policy).toMatch(/"ServiceEnabled":true/);
    home.hasResourceProperties('AWS::SecurityHub::PolicyAssociation', { TargetId: config.organization.rootId, TargetType: 'ROOT' });
    for (const r of ['eu-central-1', 'eu-north-1']) {
      templates.get(r)!.resourceCountIs('AWS::SecurityHub::ConfigurationPolicy', 0);
      templates.get(r)!.resourceCountIs('AWS::SecurityHub::FindingAggregator', 0);
    }
  });

  test('home region: Config organization aggregator over the governed regions and the unused-access analyzer', () => {
    home.hasResourceProperties('AWS::Config::ConfigurationAggregator', {
      ConfigurationAggregatorName: names.configAggregatorName,
      OrganizationAggregationSource: Match.objectLike({ AwsRegions: config.organization.governedRegions, AllAwsRegions: false }),
    });
    home.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      Type: 'ORGANIZATION_UNUSED_ACCESS',
      AnalyzerConfiguration: { UnusedAccessConfiguration: { UnusedAccessAge: 90 } },
    });
    templates.get('eu-central-1')!.resourceCountIs('AWS::Config::ConfigurationAggregator', 0);
  });

  test('the conformance pack carries every rule the baseline promises; account-wide (IAM) rules only in the home region', () => {
    const packOf = (t: Template) =>
      JSON.parse(Object.values<any>(t.findResources('AWS::Config::OrganizationConformancePack'))[0].Properties.TemplateBody);
    const identifiers = (t: Template) => Object.values<any>(packOf(t).Resources).map((r) => r.Properties.Source.SourceIdentifier);
    const required = [
      'INCOMING_SSH_DISABLED', 'RESTRICTED_INCOMING_TRAFFIC', 'S3_BUCKET_PUBLIC_READ_PROHIBITED', 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED',
      'S3_BUCKET_SSL_REQUESTS_ONLY', 'ENCRYPTED_VOLUMES', 'ROOT_ACCOUNT_MFA_ENABLED', 'IAM_USER_NO_POLICIES_CHECK', 'CLOUD_TRAIL_ENABLED',
      'EC2_IMDSV2_CHECK', 'VPC_DEFAULT_SECURITY_GROUP_CLOSED', 'VPC_FLOW_LOGS_ENABLED', 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK', 'RDS_STORAGE_ENCRYPTED',
    ];
    expect(identifiers(home)).toEqual(expect.arrayContaining(required));
    const regional = identifiers(templates.get('eu-north-1')!);
    expect(regional).not.toContain('ROOT_ACCOUNT_MFA_ENABLED');
    expect(regional).toEqual(expect.arrayContaining(CONFORMANCE_PACK_RULES.filter((r) => !r.global).map((r) => r.identifier)));
  });

  test('home region: findings go to a KMS-encrypted, TLS-only topic the security email subscribes to', () => {
    home.hasResourceProperties('AWS::SNS::Topic', { TopicName: names.findingsTopicName, KmsMasterKeyId: Match.anyValue() });
    home.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    home.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: config.security.notificationEmail });
    home.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    // The notification rules (the findings log's own rules, issue 16, are tested in findings-log.test.ts).
    const rules = Object.entries<any>(home.findResources('AWS::Events::Rule')).filter(([id]) => id.startsWith('FindingsNotification')).map(([, r]) => r);
    expect(rules).toHaveLength(4);
    const patterns = JSON.stringify(rules.map((r) => r.Properties.EventPattern));
    expect(patterns).toContain('{"numeric":[">=",7]}');
    expect(patterns).toMatch(/"Label":\["CRITICAL","HIGH"\].*"Status":\["FAILED"\]/);
    expect(patterns).toContain('aws.access-analyzer');
    expect(patterns).toMatch(/aws.inspector2.*"severity":\["CRITICAL"\]/);
  });

  test('other regions forward GuardDuty, Access Analyzer and Inspector findings to the home event bus', () => {
    const t = templates.get('eu-central-1')!;
    t.resourceCountIs('AWS::SNS::Topic', 0);
    const rules = Object.values<any>(t.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(3);
    for (const r of rules) expect(r.Properties.Targets[0].Arn).toBe(names.homeEventBusArn);
  });
});

describe('growing the organization', () => {
  test('200 workload accounts add no stack (beyond the account shards that hold them) and no resource to detection or baseline', () => {
    const count = (c = defaultConfig()) => {
      const { lz: built } = buildApp(c, { checks: false });
      return {
        stacks: built.stacks.filter((s) => !built.accountShards.includes(s as any)).length,
        resources: [...built.detection, built.baseline].map((s) => Object.keys(Template.fromStack(s).toJSON().Resources).length),
      };
    };
    const small = count();
    const r = defaultRawConfig();
    for (let i = 0; i < 196; i++) {
      r.accounts.push({ name: `w${i}`, id: String(500000000000 + i), email: `w${i}@example.com`, ou: i % 2 ? 'Workloads/Prod' : 'Sandbox' });
    }
    const large = parseRaw(r);
    expect(large.accounts.filter((a) => a.role === 'workload')).toHaveLength(198);
    expect(count(large)).toEqual(small);
  });
});
